import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { DiscoveryService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techdocsPlugin from '@backstage/plugin-techdocs-backend';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runRetriever, service } from './__testUtils__';
import { createCatalogFactRetriever, RUNBOOK_PAGE } from './catalog';

jest.setTimeout(60_000);

const group = (name: string, annotations: Record<string, string> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'team', children: [] },
});
const api = (name: string, definition: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'openapi',
    lifecycle: 'production',
    owner: 'team-checkout',
    definition,
  },
});
const docs = { 'backstage.io/techdocs-ref': 'dir:.' };

const entities: Entity[] = [
  group('team-checkout', {
    'inbestment.io/oncall-channel': '#checkout-oncall',
  }),
  group('team-search'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: { memberOf: ['team-search'] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'store', namespace: 'default' },
    spec: { owner: 'team-checkout' },
  },
  api('cart-api', 'openapi: 3.0.3\ninfo: { title: Cart, version: 1.0.0 }\n'),
  api('search-api', '   '),
  // Everything there.
  service('cart-service', {
    annotations: docs,
    spec: { system: 'store', providesApis: ['cart-api'] },
  }),
  // A group without an on-call channel, a system that does not exist, an API without a definition, docs without a runbook.
  service('search-service', {
    annotations: docs,
    spec: {
      owner: 'group:default/team-search',
      system: 'search',
      lifecycle: 'experimental',
      providesApis: ['cart-api', 'api:default/search-api'],
    },
  }),
  // Owned by a person, no system, no API; docs published without their file list.
  service('pricing-service', {
    annotations: docs,
    spec: { owner: 'user:alice' },
  }),
  // An owner that is not in the catalog; docs not built yet.
  service('media-service', {
    annotations: docs,
    spec: { owner: 'team-gone', system: 'store' },
  }),
  // No TechDocs at all: no runbook.
  service('review-service', { spec: { system: 'store' } }),
];

describe('inbestmentCatalogFacts (the catalog, and the techdocs backend’s metadata route)', () => {
  let publishDir: string;
  let discovery: DiscoveryService;
  let stop: () => Promise<void>;

  const publish = async (name: string, metadata: object) => {
    const dir = path.join(publishDir, 'default', 'component', name);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(
      path.join(dir, 'techdocs_metadata.json'),
      JSON.stringify(metadata),
    );
  };

  beforeAll(async () => {
    publishDir = await fs.mkdtemp(path.join(os.tmpdir(), 'techdocs-'));
    await publish('cart-service', {
      site_name: 'cart-service',
      site_description: 'Cart',
      etag: 'abc',
      build_timestamp: 1764583200000,
      files: ['index.html', 'runbook/index.html', 'assets/app.js'],
    });
    await publish('search-service', {
      site_name: 'search-service',
      etag: 'def',
      build_timestamp: 1764583200000,
      files: ['index.html', 'architecture/index.html', 'runbook.md.bak'],
    });
    await publish('pricing-service', {
      site_name: 'pricing-service',
      etag: 'ghi',
      build_timestamp: 1764583200000,
    });
    const backend = await startTestBackend({
      features: [
        techdocsPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            techdocs: {
              builder: 'external',
              publisher: {
                type: 'local',
                local: { publishDirectory: publishDir },
              },
            },
          },
        }),
      ],
    });
    const base = `http://localhost:${backend.server.port()}/api`;
    discovery = {
      getBaseUrl: async pluginId => `${base}/${pluginId}`,
      getExternalBaseUrl: async pluginId => `${base}/${pluginId}`,
    };
    stop = () => backend.stop();
  });
  afterAll(async () => {
    await stop?.();
    await fs.rm(publishDir, { recursive: true, force: true });
  });

  it('reads owner, system, lifecycle, on-call channel, API definitions and the runbook page', async () => {
    const facts = await runRetriever(
      createCatalogFactRetriever({
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth({ pluginId: 'tech-insights' }),
        discovery,
      }),
    );
    expect(facts['cart-service']).toEqual({
      lifecycle: 'production',
      hasGroupOwner: true,
      ownerHasOncallChannel: true,
      hasSystem: true,
      hasApiDefinition: true,
      hasRunbook: true,
    });
    expect(facts['search-service']).toEqual({
      lifecycle: 'experimental',
      hasGroupOwner: true,
      ownerHasOncallChannel: false,
      hasSystem: false,
      hasApiDefinition: false,
      hasRunbook: false,
    });
    // Docs published without the file list: unknown, not "no runbook".
    expect(facts['pricing-service']).toEqual({
      lifecycle: 'production',
      hasGroupOwner: false,
      ownerHasOncallChannel: false,
      hasSystem: false,
      hasApiDefinition: false,
      readErrors: { hasRunbook: expect.stringContaining('no files list') },
    });
    // Docs not built and published yet: unknown, not "no runbook".
    expect(facts['media-service']).toEqual({
      lifecycle: 'production',
      hasGroupOwner: false,
      ownerHasOncallChannel: false,
      hasSystem: true,
      hasApiDefinition: false,
      readErrors: {
        hasRunbook: expect.stringContaining('not built and published yet'),
      },
    });
    expect(facts['review-service']).toMatchObject({ hasRunbook: false });
  });

  it('leaves out what the catalog could not answer and keeps the rest', async () => {
    const catalog = catalogServiceMock({ entities });
    catalog.getEntitiesByRefs = jest
      .fn()
      .mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:7007'));
    const facts = await runRetriever(
      createCatalogFactRetriever({
        catalog,
        auth: mockServices.auth({ pluginId: 'tech-insights' }),
        discovery,
      }),
    );
    const reason = expect.stringContaining('ECONNREFUSED');
    expect(facts['cart-service']).toEqual({
      lifecycle: 'production',
      hasRunbook: true,
      readErrors: {
        hasGroupOwner: reason,
        ownerHasOncallChannel: reason,
        hasSystem: reason,
        hasApiDefinition: reason,
      },
    });
  });

  it.each([
    ['runbook/index.html', true],
    ['runbook.html', true],
    ['ops/Runbooks/database/index.html', true],
    ['runbooks/index.html', true],
    ['runbook.md', false],
    ['runbook-template/index.html', false],
    ['docs/myrunbook/index.html', false],
    ['index.html', false],
  ])('counts %s as a runbook page: %s', (file, expected) => {
    expect(RUNBOOK_PAGE.test(file)).toBe(expected);
  });
});
