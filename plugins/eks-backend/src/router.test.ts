import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { scenarioEksProviderFactory } from '@internal/backstage-plugin-aws-ops-demo';
import { demoAwsOpsConfig } from '@internal/backstage-plugin-eks-node/testUtils';
import path from 'node:path';
import request from 'supertest';
import eksFeatures from '.';

const checkout = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-service',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'checkout-service' },
  },
  spec: { type: 'service', owner: 'team-checkout', lifecycle: 'production' },
};

const storeServicesDir = path.resolve(__dirname, '../../../store-services');

describe('eks-backend (plugin and its deployments service) on the demo scenario', () => {
  const start = (
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) =>
    startTestBackend({
      features: [
        eksFeatures,
        scenarioEksProviderFactory,
        catalogServiceMock.factory({ entities: [checkout] }),
        mockServices.permissions.factory({ result: permission }),
        mockServices.rootConfig.factory({
          data: { awsOps: demoAwsOpsConfig(storeServicesDir) },
        }),
      ],
    });

  it('labels demo data and serves both environments', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/eks/entities/component/default/checkout-service/deployments')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('demo');
    expect(
      res.body.environments.map((e: any) => [
        e.name,
        e.cluster.name,
        e.deployments.length,
      ]),
    ).toEqual([
      ['prod', 'inbestment-prod', 1],
      ['staging', 'inbestment-staging', 1],
    ]);
  });

  it('answers 404 for an unknown entity', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/eks/entities/component/default/nope/deployments')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
  });

  it('answers 403 when eks.deployments.read is denied', async () => {
    const { server } = await start(AuthorizeResult.DENY);
    const res = await request(server)
      .get('/api/eks/entities/component/default/checkout-service/deployments')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('refuses unauthenticated requests', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/eks/entities/component/default/checkout-service/deployments')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  describe('GET /changes', () => {
    const changes = (query: string) =>
      `/api/eks/entities/component/default/checkout-service/changes${query}`;

    it('answers the rollouts and version changes of the window, 6h by default', async () => {
      const { server } = await start();
      const res = await request(server)
        .get(changes('?window=24h'))
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.source).toBe('demo');
      expect(res.body.errors).toEqual([]);
      expect(Date.parse(res.body.end) - Date.parse(res.body.start)).toBe(
        24 * 3_600_000,
      );
      // Three rollouts an hour in prod, each a new revision.
      const prod = res.body.rollouts.filter(
        (r: any) => r.environment === 'prod',
      );
      expect(prod.length).toBeGreaterThanOrEqual(72);
      const revisions = prod.map((r: any) => Number(r.revision));
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
      expect(
        res.body.versionChanges.map((c: any) => [
          c.environment,
          c.nodeGroup,
          c.from,
          c.to,
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['prod', undefined, '1.34', '1.35'],
          ['staging', 'general', '1.33', '1.34'],
        ]),
      );

      const byDefault = await request(server)
        .get(changes(''))
        .set('authorization', mockCredentials.user.header());
      expect(byDefault.status).toBe(200);
      expect(
        Date.parse(byDefault.body.end) - Date.parse(byDefault.body.start),
      ).toBe(6 * 3_600_000);
    });

    it('answers 400 for a window it does not know', async () => {
      const { server } = await start();
      const res = await request(server)
        .get(changes('?window=7d'))
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /window must be one of 1h, 6h, 24h/,
      );
    });

    it('answers 403 when eks.deployments.read is denied', async () => {
      const { server } = await start(AuthorizeResult.DENY);
      const res = await request(server)
        .get(changes('?window=1h'))
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    });
  });
});
