import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import accessAuditPlugin from '@internal/backstage-plugin-access-audit-backend';
import cloudWatchPlugin from '@internal/backstage-plugin-cloudwatch-backend';
import eksPlugin from '@internal/backstage-plugin-eks-backend';
import opsHealthPlugin from '@internal/backstage-plugin-ops-health-backend';
import permissionPolicy from '@internal/backstage-plugin-permission-backend-module-inbestment';
import wafPlugin from '@internal/backstage-plugin-waf-backend';
import scorecardsPlugin from '@internal/backstage-plugin-scorecards-backend';
import { techInsightsServiceRef } from '@backstage-community/plugin-tech-insights-node';
import {
  demoAwsOpsConfig,
  writeStoreServices,
} from '@internal/backstage-plugin-eks-node/testUtils';
import request from 'supertest';
import { authWithOnBehalfOfActors } from '@internal/backstage-plugin-aws-ops-node/testUtils';

const entity = 'entities/component/default/cart-service';

/**
 * Every route of this repo's backend plugins. A plugin the portal installs
 * (packages/backend/src/index.ts) and this list lacks fails the first test.
 */
const plugins: Array<{
  name: string;
  plugin: BackendFeature;
  routes: string[];
}> = [
  {
    name: '@internal/backstage-plugin-eks-backend',
    plugin: eksPlugin,
    routes: [`/api/eks/${entity}/deployments`],
  },
  {
    name: '@internal/backstage-plugin-cloudwatch-backend',
    plugin: cloudWatchPlugin,
    routes: [`/api/cloudwatch/${entity}/alarms`],
  },
  {
    name: '@internal/backstage-plugin-waf-backend',
    plugin: wafPlugin,
    routes: [`/api/waf/${entity}/events`],
  },
  {
    name: '@internal/backstage-plugin-access-audit-backend',
    plugin: accessAuditPlugin,
    routes: [
      `/api/access-audit/${entity}/secrets`,
      '/api/access-audit/findings',
      '/api/access-audit/findings?format=csv',
    ],
  },
  {
    name: '@internal/backstage-plugin-ops-health-backend',
    plugin: opsHealthPlugin,
    routes: ['/api/ops-health/components'],
  },
  {
    name: '@internal/backstage-plugin-scorecards-backend',
    plugin: scorecardsPlugin,
    routes: [
      `/api/scorecards/${entity}`,
      '/api/scorecards/teams/default/team-commerce',
      '/api/scorecards/services',
      '/api/scorecards/services?format=csv',
    ],
  },
];

const teamCommerce = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-commerce', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const cart = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'cart-service',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'cart-service' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-commerce' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-commerce' }],
};

/** Groups of the two users this test signs in as, as their sign-in tokens carry them. */
const ownership: Record<string, string[]> = {
  'user:default/demo-developer': ['group:default/team-commerce'],
  'user:default/demo-auditor': ['group:default/auditors'],
};

// generous: the test machine's two cores are shared with running portals
jest.setTimeout(30_000);

describe("authentication on every route of this repo's plugins", () => {
  const routes = plugins.flatMap(p => p.routes);
  let dir: string;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'route-auth-'));
    await writeStoreServices(dir, ['cart-service']);
    ({ server } = await startTestBackend({
      features: [
        ...plugins.map(p => p.plugin),
        permissionPlugin,
        permissionPolicy,
        // the real HTTP auth service: no token means no credentials, as in the portal
        httpAuthServiceFactory,
        // plugins asking on a user's behalf carry themselves as actor, as in the portal
        authWithOnBehalfOfActors(mockServices.auth),
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            async getUserInfo(credentials: any) {
              const userEntityRef = credentials.principal.userEntityRef;
              return {
                userEntityRef,
                ownershipEntityRefs: [
                  userEntityRef,
                  ...(ownership[userEntityRef] ?? []),
                ],
              };
            },
          }),
        }),
        catalogServiceMock.factory({ entities: [cart, teamCommerce] }),
        // Tech Insights behind the scorecards (its own routes are not this repo's): no checks, no facts.
        createServiceFactory({
          service: techInsightsServiceRef,
          deps: {},
          factory: () => ({
            getFacts: async () => ({}),
            getAllChecks: async () => [],
            getFactSchemas: async () => [],
            runChecks: async () => [],
            runBulkChecks: async entities =>
              entities.map(e => ({
                entity: `${e.kind}:${e.namespace}/${e.name}`,
                results: [],
              })),
          }),
        }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            awsOps: demoAwsOpsConfig(dir),
          },
        }),
      ],
    }));
  }, 60_000);
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('lists every backend plugin of this repository that the portal installs', () => {
    const index = readFileSync(path.join(__dirname, 'index.ts'), 'utf8');
    const installed = [
      ...index.matchAll(
        /backend\.add\(import\('(@internal\/backstage-plugin-[\w-]+-backend)'\)\)/g,
      ),
    ].map(match => match[1]);
    expect(installed.length).toBeGreaterThanOrEqual(5);
    expect(installed.sort()).toEqual(plugins.map(p => p.name).sort());
  });

  it('serves every route listed to a signed-in auditor (so the 401s below come from real routes)', async () => {
    for (const route of routes) {
      const res = await request(server)
        .get(route)
        .set(
          'authorization',
          mockCredentials.user.header('user:default/demo-auditor'),
        );
      expect([route, res.status]).toEqual([route, 200]);
    }
  }, 30_000);

  it('answers 401 without credentials on every route', async () => {
    const statuses = await Promise.all(
      routes.map(
        async route =>
          [route, (await request(server).get(route)).status] as const,
      ),
    );
    expect(statuses).toEqual(routes.map(route => [route, 401]));
  });

  it('answers 401 for a forged token', async () => {
    for (const route of routes) {
      const res = await request(server)
        .get(route)
        .set('authorization', 'Bearer not-a-backstage-token');
      expect([route, res.status]).toEqual([route, 401]);
    }
  });

  it('answers 403 to a developer on the store-wide scorecards, which auditors may read', async () => {
    const store = (user: string) =>
      request(server)
        .get('/api/scorecards/services')
        .set('authorization', mockCredentials.user.header(user));
    expect((await store('user:default/demo-developer')).status).toBe(403);
    expect((await store('user:default/demo-auditor')).status).toBe(200);
  });

  it('answers 403 to a developer on the store-wide findings, which auditors may read', async () => {
    const findings = (user: string) =>
      request(server)
        .get('/api/access-audit/findings')
        .set('authorization', mockCredentials.user.header(user));
    expect((await findings('user:default/demo-developer')).status).toBe(403);
    expect((await findings('user:default/demo-auditor')).status).not.toBe(403);
  });
});
