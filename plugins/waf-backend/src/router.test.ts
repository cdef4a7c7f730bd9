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

const checkoutService = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-service',
    namespace: 'default',
    annotations: {
      'aws-ops.io/waf-host': 'api.inbestment.shop',
      'aws-ops.io/environments': 'prod',
    },
  },
  spec: { type: 'service', owner: 'team-checkout', lifecycle: 'production' },
};

const spikesPath =
  '/api/waf/entities/component/default/checkout-service/spikes';
const MINUTE = 60_000;

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
        catalogServiceMock.factory({
          entities: [searchService, checkoutService],
        }),
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

  describe('spikes', () => {
    it('serves the spikes of the last 6 hours by default: the card testing at minutes 30-35', async () => {
      const { server } = await start();
      const before = Date.now();
      const res = await request(server)
        .get(spikesPath)
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        source: 'demo',
        entityRef: 'component:default/checkout-service',
        webAcl: 'inbestment-alb',
        label: 'inbestment:component:checkout-service',
        errors: [],
      });
      const span = Date.parse(res.body.end) - Date.parse(res.body.start);
      expect(span).toBe(6 * 60 * MINUTE);
      expect(Date.parse(res.body.end)).toBeGreaterThanOrEqual(before);
      // Six whole cycles and maybe the current one.
      expect(res.body.spikes.length).toBeGreaterThanOrEqual(6);
      expect(res.body.spikes.length).toBeLessThanOrEqual(7);
      for (const spike of res.body.spikes) {
        expect(new Date(spike.start).getUTCMinutes()).toBe(30);
        expect(Date.parse(spike.end) - Date.parse(spike.start)).toBe(
          5 * MINUTE,
        );
      }
    });

    it('takes window=1h and 24h', async () => {
      const { server } = await start();
      for (const [window, hours] of [
        ['1h', 1],
        ['24h', 24],
      ] as const) {
        const res = await request(server)
          .get(`${spikesPath}?window=${window}`)
          .set('authorization', mockCredentials.user.header());
        expect(res.status).toBe(200);
        expect(Date.parse(res.body.end) - Date.parse(res.body.start)).toBe(
          hours * 60 * MINUTE,
        );
        expect(res.body.spikes.length).toBeGreaterThanOrEqual(
          window === '1h' ? 1 : 23,
        );
      }
    });

    it.each(['7d', '', 'all'])('answers 400 for window=%p', async window => {
      const { server } = await start();
      const res = await request(server)
        .get(`${spikesPath}?window=${window}`)
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
    });

    it('answers 403 when waf.events.read is denied', async () => {
      const { server } = await start(AuthorizeResult.DENY);
      const res = await request(server)
        .get(spikesPath)
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    });

    it('answers 404 for an unknown entity and 401 without a user', async () => {
      const { server } = await start();
      const unknown = await request(server)
        .get('/api/waf/entities/component/default/nope/spikes')
        .set('authorization', mockCredentials.user.header());
      expect(unknown.status).toBe(404);
      const anonymous = await request(server)
        .get(spikesPath)
        .set('authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
    });
  });

  it('refuses unauthenticated requests', async () => {
    const { server } = await start();
    const res = await request(server)
      .get(path24h)
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
