import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import path from 'node:path';
import request from 'supertest';
import { scenarioWafProviderFactory } from '@internal/backstage-plugin-aws-ops-demo';
import { wafPlugin } from './plugin';
import { wafEventsServiceFactory } from './service/serviceFactory';

const searchService = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'search-service',
    namespace: 'default',
    annotations: {
      'aws-ops.io/waf-host': 'api.inbestment.shop',
      'aws-ops.io/environments': 'prod',
    },
  },
  spec: { type: 'service', owner: 'team-discovery', lifecycle: 'production' },
};

const path24h = '/api/waf/entities/component/default/search-service/events';

describe('waf-backend route with the demo scenario provider', () => {
  const start = (
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) =>
    startTestBackend({
      features: [
        wafPlugin,
        wafEventsServiceFactory,
        scenarioWafProviderFactory,
        catalogServiceMock.factory({ entities: [searchService] }),
        mockServices.permissions.factory({ result: permission }),
        mockServices.rootConfig.factory({
          data: {
            awsOps: {
              accounts: [{ accountId: '111122223333', regions: ['eu-west-1'] }],
              environments: [
                {
                  name: 'prod',
                  accountId: '111122223333',
                  region: 'eu-west-1',
                },
              ],
              demo: {
                storeServicesDir: path.resolve(
                  __dirname,
                  '../../../store-services',
                ),
              },
            },
          },
        }),
      ],
    });

  it('labels demo data and serves the entity traffic of the window', async () => {
    const { server } = await start();
    const res = await request(server)
      .get(`${path24h}?window=24h`)
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      source: 'demo',
      entityRef: 'component:default/search-service',
      window: '24h',
      webAcl: { name: 'inbestment-alb', scope: 'REGIONAL' },
      filter: { host: 'api.inbestment.shop', pathPrefix: '/api/search' },
      errors: [],
    });
    expect(res.body.series).toHaveLength(96);
    // Counts from the scenario's label metrics (SQL injection probes every 5 minutes).
    expect(res.body.counts.scope).toBe('component');
    expect(res.body.totals.blocked).toBeGreaterThan(0);
    expect(res.body.sample).toMatchObject({ limit: 1000, matchedBy: 'label' });
  });

  it.each(['7d', '', 'all'])('answers 400 for window=%p', async window => {
    const { server } = await start();
    const res = await request(server)
      .get(`${path24h}?window=${window}`)
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
  });

  it('answers 404 for an unknown entity', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/waf/entities/component/default/nope/events')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
  });

  it('answers 403 when waf.events.read is denied', async () => {
    const { server } = await start(AuthorizeResult.DENY);
    const res = await request(server)
      .get(path24h)
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('refuses unauthenticated requests', async () => {
    const { server } = await start();
    const res = await request(server)
      .get(path24h)
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
