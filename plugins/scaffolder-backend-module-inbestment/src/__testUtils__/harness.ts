import os from 'node:os';
import path from 'node:path';
import fs from 'fs-extra';
import request from 'supertest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { scaffolderModuleInbestment } from '../module';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');
export const GOLDEN_DIR = path.resolve(__dirname, '../../golden');
export const TEMPLATE_NAMES = [
  'backend-service',
  'micro-frontend',
  'cicd-pipeline',
  'terraform',
];

const entity = (
  kind: string,
  name: string,
  spec: object = {},
  annotations = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', annotations },
  spec,
});

/** A small slice of the store's catalog: teams, systems, one existing service and one micro-frontend. */
export const CATALOG: Entity[] = [
  entity('Group', 'team-commerce', { type: 'team', children: [] }),
  entity('Group', 'team-discovery', { type: 'team', children: [] }),
  entity('Group', 'auditors', { type: 'role', children: [] }),
  entity('System', 'commerce', { owner: 'group:default/team-commerce' }),
  entity('System', 'storefront', { owner: 'group:default/team-discovery' }),
  entity(
    'Component',
    'cart-service',
    {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-commerce',
    },
    { 'github.com/project-slug': 'inbestment/cart-service' },
  ),
  entity(
    'Component',
    'catalog-mfe',
    {
      type: 'website',
      lifecycle: 'production',
      owner: 'group:default/team-discovery',
    },
    { 'github.com/project-slug': 'inbestment/catalog-mfe' },
  ),
];

/** Template entities as the catalog holds them: the location annotation gives fetch:template its base URL. */
const templateEntities = (): Entity[] =>
  TEMPLATE_NAMES.map(name => {
    const template = loadTemplate(name);
    template.metadata.namespace = 'default';
    template.metadata.annotations = {
      'backstage.io/managed-by-location': `file:${path.join(
        TEMPLATES_DIR,
        name,
        'template.yaml',
      )}`,
    };
    return template;
  });

export function loadTemplate(name: string) {
  const dir = path.join(TEMPLATES_DIR, name);
  return parseYaml(fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'));
}

/** The template's folder as the dry-run endpoint expects it (what the template editor uploads). */
export async function templateDirectoryContents(name: string) {
  const dir = path.join(TEMPLATES_DIR, name);
  const files: { path: string; base64Content: string }[] = [];
  const walk = async (rel: string) => {
    for (const entry of await fs.readdir(path.join(dir, rel), {
      withFileTypes: true,
    })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) await walk(child);
      else
        files.push({
          path: child,
          base64Content: (await fs.readFile(path.join(dir, child))).toString(
            'base64',
          ),
        });
    }
  };
  await walk('');
  return files;
}

/** The entities of every repository in the publish dir, as the catalog would ingest them. */
function publishedEntities(publishDir: string): Entity[] {
  return fs.readdirSync(publishDir).flatMap(repo => {
    const file = path.join(publishDir, repo, 'catalog-info.yaml');
    if (!fs.existsSync(file)) return [];
    return parseAllDocuments(fs.readFileSync(file, 'utf8')).map(doc => {
      const published = doc.toJS() as Entity;
      published.metadata.namespace ??= 'default';
      return published;
    });
  });
}

export async function startScaffolder() {
  const publishDir = await fs.mkdtemp(
    path.join(os.tmpdir(), 'inbestment-repos-'),
  );
  // Its addLocation is not implemented: the local publisher leaves registration to the catalog. Like the real
  // catalog's generated-repos provider, each read also sees what has been published since.
  const known = [...CATALOG, ...templateEntities()];
  const catalog = () =>
    new InMemoryCatalogClient({
      entities: [...known, ...publishedEntities(publishDir)],
    });
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      // Registers publish:github and publish:github:pull-request, which the production path of the templates uses.
      scaffolderGithubModule,
      scaffolderModuleInbestment,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () =>
          new Proxy({} as InMemoryCatalogClient, {
            get: (_target, property: keyof InMemoryCatalogClient) => {
              const current = catalog();
              const member = current[property];
              return typeof member === 'function'
                ? member.bind(current)
                : member;
            },
          }),
      }),
      mockServices.rootConfig.factory({
        data: {
          inbestment: {
            scaffolder: {
              localPublishDir: publishDir,
              sharedSkeletonDir: path.join(TEMPLATES_DIR, 'shared'),
            },
          },
        },
      }),
    ],
  });
  return {
    server: backend.server,
    publishDir,
    async stop() {
      await backend.stop();
      await fs.remove(publishDir);
    },
  };
}

export type DryRunResult = {
  status: number;
  files: Map<string, Buffer>;
  executables: Set<string>;
  body: any;
};

export async function dryRun(
  server: Parameters<typeof request>[0],
  name: string,
  values: object,
): Promise<DryRunResult> {
  const res = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .send({
      template: loadTemplate(name),
      values,
      directoryContents: await templateDirectoryContents(name),
    });
  const files = new Map<string, Buffer>();
  const executables = new Set<string>();
  for (const file of res.body.directoryContents ?? []) {
    files.set(file.path, Buffer.from(file.base64Content, 'base64'));
    if (file.executable) executables.add(file.path);
  }
  return { status: res.status, files, executables, body: res.body };
}
