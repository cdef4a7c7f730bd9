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
import permissionPolicy from '@internal/backstage-plugin-permission-backend-module-inbestment';
import {
  demoAwsOpsConfig,
  writeStoreServices,
} from '@internal/backstage-plugin-eks-node/testUtils';
import request from 'supertest';
import { authWithOnBehalfOfActors } from '@internal/backstage-plugin-aws-ops-node/testUtils';

const entity = 'entities/component/default/cart-service';

/**
 * Every route of this repo's backend plugins. A plugin whose package does not exist (yet) is
 * skipped and logged; add a plugin's routes here when it is created.
 */
const pluginRoutes: Record<string, string[]> = {
  '@internal/backstage-plugin-eks-backend': [`/api/eks/${entity}/deployments`],
  '@internal/backstage-plugin-cloudwatch-backend': [
    `/api/cloudwatch/${entity}/alarms`,
  ],
  '@internal/backstage-plugin-waf-backend': [`/api/waf/${entity}/events`],
  '@internal/backstage-plugin-access-audit-backend': [
    `/api/access-audit/${entity}/secrets`,
    '/api/access-audit/findings',
    '/api/access-audit/findings?format=csv',
  ],
  '@internal/backstage-plugin-ops-health-backend': [
    '/api/ops-health/components',
  ],
};

function loadPlugin(name: string): BackendFeature | undefined {
  try {
    return require(name).default;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') {
      throw error;
    }
    // eslint-disable-next-line no-console
    console.warn(`${name} is not present; its routes are not checked`);
    return undefined;
  }
}

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
  const present = Object.entries(pluginRoutes).flatMap(([name, routes]) => {
    const plugin = loadPlugin(name);
    return plugin ? [{ name, plugin, routes }] : [];
  });
  const routes = present.flatMap(p => p.routes);
  let dir: string;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'route-auth-'));
    await writeStoreServices(dir, ['cart-service']);
    ({ server } = await startTestBackend({
      features: [
        ...present.map(p => p.plugin),
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
        catalogServiceMock.factory({ entities: [cart] }),
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

  it('checks at least the EKS plugin', () => {
    expect(present.map(p => p.name)).toContain(
      '@internal/backstage-plugin-eks-backend',
    );
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

  it('answers 403 to a developer on the store-wide findings, which auditors may read', async () => {
    if (!present.some(p => p.name.includes('access-audit'))) return;
    const findings = (user: string) =>
      request(server)
        .get('/api/access-audit/findings')
        .set('authorization', mockCredentials.user.header(user));
    expect((await findings('user:default/demo-developer')).status).toBe(403);
    expect((await findings('user:default/demo-auditor')).status).not.toBe(403);
  });
});
