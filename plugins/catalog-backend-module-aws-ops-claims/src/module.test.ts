import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import unprocessedEntitiesModule from '@backstage/plugin-catalog-backend-module-unprocessed';
import catalogModuleInbestment from '@internal/backstage-plugin-catalog-backend-module-inbestment';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { catalogModuleAwsOpsClaims } from './module';

// the catalog processes in the background; the test machine's cores are shared
jest.setTimeout(90_000);

const component = (
  name: string,
  annotations: Record<string, string>,
  namespace = 'default',
) =>
  [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    '  annotations:',
    ...Object.entries(annotations).map(([k, v]) => `    ${k}: ${v}`),
    '    backstage.io/techdocs-ref: dir:.',
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: team-commerce',
    '',
  ].join('\n');

const IDENTITY_CLAIMS = {
  'backstage.io/kubernetes-id': 'identity-service',
  'aws-ops.io/alarm-prefix': 'identity-service',
  'aws-ops.io/secrets-prefix': 'inbestment/identity-service/',
  'aws-ops.io/iam-role': 'inbestment-identity-service',
};

describe('catalogModuleAwsOpsClaims in a real catalog', () => {
  let root: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const scheduler = mockServices.scheduler();

  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };
  const entity = (ref: string) =>
    request(backend.server)
      .get(`/api/catalog/entities/by-name/${ref}`)
      .set('authorization', mockCredentials.user.header());
  /** The processing errors of an entity as the Unprocessed entities page lists them. */
  async function errorsOf(entityRef: string): Promise<string[]> {
    const messages: string[] = [];
    for (const state of ['failed', 'pending']) {
      const res = await request(backend.server)
        .get(`/api/catalog/entities/unprocessed/${state}`)
        .set('authorization', mockCredentials.user.header());
      for (const item of res.body.entities) {
        // Pending rows carry no entity_ref: the entity's own ref it is.
        if (stringifyEntityRef(item.unprocessed_entity) === entityRef) {
          messages.push(...(item.errors ?? []).map((e: any) => e.message));
        }
      }
    }
    return messages;
  }

  /** Retries `check` while the catalog processes in the background. */
  async function eventually(check: () => Promise<void>) {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (
        await check().then(
          () => true,
          () => false,
        )
      )
        return;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    await check();
  }

  beforeAll(async () => {
    root = fs.realpathSync(
      fs.mkdtempSync(path.join(os.tmpdir(), 'aws-ops-claims-')),
    );
    const identityFile = write(
      path.join(root, 'store/identity-service/catalog-info.yaml'),
      component('identity-service', {
        ...IDENTITY_CLAIMS,
        'aws-ops.io/alarm-names': 'inbestment-alb-5xx-rate',
      }),
    );
    const publishDir = path.join(root, 'generated-repos');
    // Claims identity-service's resources and forges its origin.
    write(
      path.join(publishDir, 'planted-service/catalog-info.yaml'),
      component('planted-service', {
        ...IDENTITY_CLAIMS,
        'backstage.io/managed-by-origin-location': `file:${identityFile}`,
      }),
    );
    // Claims them by default, being named like identity-service.
    write(
      path.join(publishDir, 'identity-service/catalog-info.yaml'),
      component('identity-service', {}, 'attacker'),
    );
    // What the backend-service template generates.
    write(
      path.join(publishDir, 'loyalty-service/catalog-info.yaml'),
      component('loyalty-service', {
        'backstage.io/kubernetes-id': 'loyalty-service',
        'aws-ops.io/alarm-prefix': 'loyalty-service',
        'aws-ops.io/waf-web-acl': 'inbestment-alb',
        'aws-ops.io/waf-path-prefix': '/api/loyalty',
        'aws-ops.io/secrets-prefix': 'inbestment/loyalty-service/',
        'aws-ops.io/iam-role': 'inbestment-loyalty-service',
      }),
    );

    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleInbestment,
        catalogModuleAwsOpsClaims,
        unprocessedEntitiesModule,
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        mockServices.rootConfig.factory({
          data: {
            catalog: { rules: [{ allow: ['Component', 'Location'] }] },
            inbestment: {
              catalogFiles: [path.join(root, 'store/*/catalog-info.yaml')],
              scaffolder: { localPublishDir: publishDir },
            },
          },
        }),
      ],
    });
    await scheduler.triggerTask('inbestment-store-files:scan');
    // The store first, so the repositories' claims are checked against it.
    await eventually(async () => {
      const { status } = await entity('component/default/identity-service');
      if (status !== 200) throw new Error(`identity-service: ${status}`);
    });
    await scheduler.triggerTask('inbestment-generated-repos:scan');
  });

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("ingests a store file's claims on shared and its own resources", async () => {
    const res = await entity('component/default/identity-service');
    expect(res.body.metadata.annotations['aws-ops.io/alarm-names']).toBe(
      'inbestment-alb-5xx-rate',
    );
    expect(await errorsOf('component:default/identity-service')).toEqual([]);
  });

  it('ingests a generated repository that claims only what is named after it', async () => {
    await eventually(async () => {
      expect((await entity('component/default/loyalty-service')).status).toBe(
        200,
      );
    });
    expect(await errorsOf('component:default/loyalty-service')).toEqual([]);
  });

  it("refuses a generated repository that names identity-service's resources, its forged origin notwithstanding", async () => {
    await eventually(async () => {
      expect(await errorsOf('component:default/planted-service')).toHaveLength(
        4,
      );
    });
    const messages = await errorsOf('component:default/planted-service');
    for (const annotation of Object.keys(IDENTITY_CLAIMS)) {
      expect(messages).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^component:default/planted-service may not claim .* \\(${annotation}\\): it does not come from the store's reviewed catalog files`,
          ),
        ),
      );
    }
    expect((await entity('component/default/planted-service')).status).toBe(
      404,
    );
  });

  it('refuses a namesake of identity-service in another namespace', async () => {
    await eventually(async () => {
      expect(await errorsOf('component:attacker/identity-service')).toEqual(
        expect.arrayContaining([
          'component:attacker/identity-service may not claim secrets named inbestment/identity-service/* (aws-ops.io/secrets-prefix, by default): component:default/identity-service claims secrets named inbestment/identity-service/*',
        ]),
      );
    });
    expect((await entity('component/attacker/identity-service')).status).toBe(
      404,
    );
  });
});
