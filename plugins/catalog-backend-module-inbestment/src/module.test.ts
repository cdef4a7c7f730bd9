import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { catalogModuleInbestment } from './module';

// the catalog processes in the background; the test machine's cores are shared
jest.setTimeout(60_000);

const component = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-commerce\n`;

const api = (name: string, definition: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: ${name}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-commerce\n  definition:\n    $text: ${definition}\n`;

const DEVELOPER = 'user:default/developer';
const ADMIN = 'user:default/admin';
const as = (user: string) => mockCredentials.user.header(user);

describe('catalogModuleInbestment in a real catalog', () => {
  let root: string;
  let publishDir: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let server: typeof backend.server;
  const scheduler = mockServices.scheduler();
  const processingErrors: { entityRef: string; message: string }[] = [];
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };

  // Records what the catalog reports as processing errors.
  const errorRecorder = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-errors',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.setOnProcessingErrorHandler(
            ({ unprocessedEntity, errors }) => {
              for (const error of errors) {
                processingErrors.push({
                  entityRef: `${unprocessedEntity.kind}:${unprocessedEntity.metadata.name}`,
                  message: error.message,
                });
              }
            },
          );
        },
      });
    },
  });

  // The developer may register locations but not delete them; the admin may do both.
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      requests.map(({ permission }) => ({
        result:
          permission.name === 'catalog.location.delete' &&
          (credentials.principal as { userEntityRef?: string })
            .userEntityRef === DEVELOPER
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })) as any,
    authorizeConditional: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
  });

  const entity = (kind: string, name: string) =>
    request(server)
      .get(`/api/catalog/entities/by-name/${kind}/default/${name}`)
      .set('authorization', as(ADMIN));

  async function eventually(check: () => Promise<void>) {
    const deadline = Date.now() + 45_000;
    for (;;) {
      try {
        await check();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise(resolve => setTimeout(resolve, 250));
      }
    }
  }

  beforeAll(async () => {
    root = fs.realpathSync(
      fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-module-')),
    );
    publishDir = path.join(root, 'generated-repos');
    write(
      path.join(root, 'outside/catalog-info.yaml'),
      component('planted-service'),
    );
    // A store file whose Location entity names a file outside, relative to itself.
    write(
      path.join(root, 'store/cart-service/catalog-info.yaml'),
      `${component(
        'cart-service',
      )}---\napiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: sneaky\nspec:\n  type: file\n  target: ../../outside/catalog-info.yaml\n`,
    );
    write(
      path.join(publishDir, 'loyalty-service/catalog-info.yaml'),
      component('loyalty-service'),
    );
    fs.symlinkSync(
      path.join(root, 'outside'),
      path.join(publishDir, 'evil-service'),
    );
    // A generated service's API, its definition read from the repository (as the template writes it).
    write(
      path.join(publishDir, 'points-api-service/catalog-info.yaml'),
      api('points-api', './openapi.yaml'),
    );
    write(
      path.join(publishDir, 'points-api-service/openapi.yaml'),
      'openapi: 3.0.3\ninfo:\n  title: points\n',
    );
    write(
      path.join(publishDir, 'greedy-api-service/catalog-info.yaml'),
      api('greedy-api', '../../outside/catalog-info.yaml'),
    );

    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleInbestment,
        errorRecorder,
        permissions.factory,
        // scans run when the test triggers them
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        mockServices.rootConfig.factory({
          data: {
            catalog: { rules: [{ allow: ['Component', 'API', 'Location'] }] },
            inbestment: {
              catalogFiles: [path.join(root, 'store/*/catalog-info.yaml')],
              scaffolder: { localPublishDir: publishDir },
            },
          },
        }),
      ],
    });
    server = backend.server;
    await scheduler.triggerTask('inbestment-store-files:scan');
    await scheduler.triggerTask('inbestment-generated-repos:scan');
  });

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  describe('file locations the catalog registers itself', () => {
    it('ingests the store files and the generated repositories', async () => {
      await eventually(async () => {
        expect((await entity('component', 'cart-service')).status).toBe(200);
        expect((await entity('component', 'loyalty-service')).status).toBe(200);
      });
    });

    it('never reads a file a Location entity or a symlink leads to outside the allowed roots', async () => {
      const outside = path.join(root, 'outside/catalog-info.yaml');
      const viaSymlink = path.join(
        publishDir,
        'evil-service/catalog-info.yaml',
      );
      await eventually(async () => {
        expect(processingErrors).toEqual(
          expect.arrayContaining([
            {
              entityRef: 'Location:sneaky',
              message: `file:${outside} is outside the files the catalog may read`,
            },
            {
              entityRef: expect.stringMatching(/^Location:generated-/),
              message: `file:${viaSymlink} is outside the files the catalog may read`,
            },
          ]),
        );
      });
      expect((await entity('component', 'planted-service')).status).toBe(404);
    });

    it("reads a generated API's $text definition from its own repository, and nothing outside it", async () => {
      await eventually(async () => {
        const res = await entity('api', 'points-api');
        expect(res.status).toBe(200);
        expect(res.body.spec.definition).toBe(
          'openapi: 3.0.3\ninfo:\n  title: points\n',
        );
      });
      const greedy = path.join(
        publishDir,
        'greedy-api-service/catalog-info.yaml',
      );
      await eventually(async () => {
        expect(processingErrors).toContainEqual({
          entityRef: 'API:greedy-api',
          message: expect.stringContaining(
            `Placeholder $text ../../outside/catalog-info.yaml of file:${greedy} is outside the files the catalog may read`,
          ),
        });
      });
      expect((await entity('api', 'greedy-api')).status).toBe(404);
    });

    it("removes a deleted repository's entities on the next scan", async () => {
      await eventually(async () => {
        expect((await entity('component', 'loyalty-service')).status).toBe(200);
      });
      fs.rmSync(path.join(publishDir, 'loyalty-service'), { recursive: true });
      await scheduler.triggerTask('inbestment-generated-repos:scan');
      await eventually(async () => {
        expect((await entity('component', 'loyalty-service')).status).toBe(404);
      });
    });

    it('picks up a newly published repository on the next scan', async () => {
      write(
        path.join(publishDir, 'points-service/catalog-info.yaml'),
        component('points-service'),
      );
      await scheduler.triggerTask('inbestment-generated-repos:scan');
      await eventually(async () => {
        expect((await entity('component', 'points-service')).status).toBe(200);
      });
    });
  });

  describe('the location routes', () => {
    const post = (url: string, body: object) =>
      request(server)
        .post(`/api/catalog${url}`)
        .set('authorization', as(DEVELOPER))
        .send(body);

    it.each([['/locations?dryRun=true'], ['/locations']])(
      'POST %s refuses file targets',
      async url => {
        for (const target of [
          '/etc/passwd',
          path.join(root, 'outside/catalog-info.yaml'),
          path.join(publishDir, 'points-service/catalog-info.yaml'),
        ]) {
          const res = await post(url, { type: 'file', target });
          expect(res.status).toBe(400);
          expect(res.body.error.message).toBe(
            'Only url locations can be registered, not file locations',
          );
          expect(res.text).not.toContain('planted-service');
        }
      },
    );

    it('POST /analyze-location refuses file targets', async () => {
      const res = await post('/analyze-location', {
        location: { type: 'file', target: '/etc/passwd' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'Only url locations can be registered, not file locations',
      );
    });

    it.each([
      ['/locations?dryRun=true', (location: object) => location],
      ['/locations', (location: object) => location],
      ['/analyze-location', (location: object) => ({ location })],
    ])(
      'POST %s refuses a url whose host is not a configured integration',
      async (url, body) => {
        for (const target of [
          'https://files.example.net/catalog-info.yaml',
          'https://github.com@files.example.net/catalog-info.yaml',
          'ftp://github.com/inbestment/x/catalog-info.yaml',
          'file:///etc/passwd',
        ]) {
          const res = await post(url, body({ type: 'url', target }));
          expect(res.status).toBe(400);
          expect(res.body.error.message).toMatch(
            new RegExp(
              `^${target.replace(
                /[.?/]/g,
                '\\$&',
              )} is not on a configured integration host \\(.*github\\.com.*\\)$`,
            ),
          );
        }
        const listed = await request(server)
          .get('/api/catalog/locations')
          .set('authorization', as(ADMIN));
        expect(listed.body).toEqual([]);
      },
    );

    it('leaves a body that is not a location to the catalog', async () => {
      const res = await post('/locations', { type: 'url' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).not.toMatch(/integration/);
    });

    it('lets only who may delete a location update it', async () => {
      const target =
        'https://github.com/inbestment/loyalty-service/blob/main/catalog-info.yaml';
      const created = await request(server)
        .post('/api/catalog/locations')
        .set('authorization', as(ADMIN))
        .send({ type: 'url', target });
      expect(created.status).toBe(201);
      const id = created.body.location.id;
      const location = () =>
        request(server)
          .get(`/api/catalog/locations/${id}`)
          .set('authorization', as(ADMIN));
      const retarget = {
        type: 'url',
        target:
          'https://github.com/inbestment/other/blob/main/catalog-info.yaml',
      };

      const denied = await request(server)
        .put(`/api/catalog/locations/${id}`)
        .set('authorization', as(DEVELOPER))
        .send(retarget);
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toBe(
        'Updating a location needs the catalog.location.delete permission',
      );
      expect((await location()).body.target).toBe(target);

      const toFile = await request(server)
        .put(`/api/catalog/locations/${id}`)
        .set('authorization', as(ADMIN))
        .send({ type: 'file', target: '/etc/passwd' });
      expect(toFile.status).toBe(400);
      expect((await location()).body.target).toBe(target);

      const allowed = await request(server)
        .put(`/api/catalog/locations/${id}`)
        .set('authorization', as(ADMIN))
        .send(retarget);
      expect(allowed.status).toBe(200);
      expect((await location()).body.target).toBe(retarget.target);
    });
  });
});
