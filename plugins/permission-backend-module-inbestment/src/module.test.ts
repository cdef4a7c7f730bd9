import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  demoAwsOpsConfig,
  writeStoreServices,
} from '@internal/backstage-plugin-eks-node/testUtils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
// the end-to-end check needs a real plugin making per-entity permission checks
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import eksPlugin from '@internal/backstage-plugin-eks-backend';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import request from 'supertest';
import { orgOwnership, userInfoFrom } from './__testUtils__/orgFixture';
import { permissionModuleInbestmentPolicy } from './module';
import { authWithOnBehalfOfActors } from '@internal/backstage-plugin-aws-ops-node/testUtils';

const component = (name: string, owner: string) => `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    backstage.io/kubernetes-id: ${name}
spec:
  type: service
  lifecycle: production
  owner: group:default/${owner}
`;

/**
 * The real catalog, permission backend, this policy and the EKS backend: the EKS route's
 * per-entity check gets a conditional decision that the catalog resolves against the entity.
 */
// generous: the test machine's two cores are shared with running portals
jest.setTimeout(30_000);

describe('the policy in a backend with the catalog and the EKS plugin', () => {
  let dir: string;
  let server: Parameters<typeof request>[0];

  const as = (user: string) =>
    mockCredentials.user.header(`user:default/${user}`);
  const deployments = (name: string, user: string) =>
    request(server)
      .get(`/api/eks/entities/component/default/${name}/deployments`)
      .set('authorization', as(user));

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'permission-policy-'));
    await writeStoreServices(dir, ['checkout-service', 'search-service']);
    const entities = path.join(dir, 'entities.yaml');
    await fs.writeFile(
      entities,
      component('checkout-service', 'team-commerce') +
        component('search-service', 'team-discovery'),
    );
    ({ server } = await startTestBackend({
      features: [
        catalogPlugin,
        permissionPlugin,
        permissionModuleInbestmentPolicy,
        eksPlugin,
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => userInfoFrom(orgOwnership()),
        }),
        authWithOnBehalfOfActors(mockServices.auth),
        httpAuthServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            awsOps: demoAwsOpsConfig(dir),
            catalog: {
              rules: [{ allow: ['Component', 'Location'] }],
              locations: [{ type: 'file', target: entities }],
            },
          },
        }),
      ],
    }));
    // the catalog ingests the file location in the background
    let res: request.Response | undefined;
    for (let attempt = 0; attempt < 450; attempt++) {
      res = await request(server)
        .get('/api/catalog/entities/by-name/component/default/search-service')
        .set('authorization', as('demo-developer'));
      if (res.status === 200 && res.body.relations?.length) return;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    throw new Error(
      `the catalog did not ingest the test entities: ${res?.status} ${res?.text}`,
    );
  }, 120_000);
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it("gives a developer their own team's EKS deployments and 403 for another team's", async () => {
    const own = await deployments('checkout-service', 'demo-developer');
    expect(own.status).toBe(200);
    expect(own.body.environments.length).toBeGreaterThan(0);

    const other = await deployments('search-service', 'demo-developer');
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain('environments');
  });

  it('gives on-call, auditors and platform admins every component', async () => {
    for (const user of ['demo-oncall', 'demo-auditor', 'demo-admin']) {
      expect([
        user,
        (await deployments('search-service', user)).status,
      ]).toEqual([user, 200]);
    }
  });

  it('denies a signed-in user without a role', async () => {
    expect((await deployments('checkout-service', 'someone')).status).toBe(403);
  });

  it("lets the catalog apply owner refresh: own entity yes, another team's no", async () => {
    const refresh = (name: string, user: string) =>
      request(server)
        .post('/api/catalog/refresh')
        .set('authorization', as(user))
        .send({ entityRef: `component:default/${name}` });
    expect((await refresh('checkout-service', 'demo-developer')).status).toBe(
      200,
    );
    expect((await refresh('search-service', 'demo-developer')).status).toBe(
      403,
    );
    expect((await refresh('search-service', 'demo-lead')).status).toBe(200);
  });
});
