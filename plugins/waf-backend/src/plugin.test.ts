import { Entity } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FaultProxy,
  fromStoreFiles,
  MotoServer,
  startFaultProxy,
  startMotoServer,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { EntityWafEventsResponse } from '@internal/backstage-plugin-waf-common';
import {
  createStoreWebAcl,
  putWafLogLines,
  putWafMetrics,
  wafLogLine,
} from '@internal/backstage-plugin-waf-node/testUtils';
import request from 'supertest';
import { wafPlugin } from './plugin';
import { wafEventsServiceFactory } from './service/serviceFactory';

const ACCOUNT = '123456789012';
const MINUTE = 60_000;
const SECRETS = ['super-secret-cookie', 'leaked-token', 'k3y-v4lue'];
const NS = `awswaf:${ACCOUNT}:webacl:inbestment-alb:inbestment:component`;

// moto start-up and the retries of throttled calls take a few seconds.
jest.setTimeout(60_000);

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-checkout', lifecycle: 'production' },
  };
}

const entities = [
  component('identity-service', {
    'aws-ops.io/waf-host': 'api.inbestment.shop',
    'aws-ops.io/waf-path-prefix': '/api/identity/',
    'aws-ops.io/environments': 'prod',
  }),
  // Its traffic in dr is throttled, far is unreachable.
  component('search-service', {
    'aws-ops.io/waf-host': 'api.inbestment.shop',
    'aws-ops.io/environments': 'prod,dr,far',
  }),
].map(fromStoreFiles);

describe('waf-backend with the aws source (moto)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const savedEnv = { ...process.env };
  const now = Date.now();
  const callsTo = (region: string) =>
    proxy.requests.filter(r => r.endsWith(`region=${region}`)).length;

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    moto = await startMotoServer();
    proxy = await startFaultProxy({
      target: moto.endpoint,
      throttle: /region=us-west-2$/,
      unreachable: /region=ap-southeast-2$/,
    });
    await createStoreWebAcl({
      endpoint: moto.endpoint,
      region: 'eu-west-1',
      name: 'inbestment-alb',
      scope: 'REGIONAL',
      metricName: 'inbestment-alb',
      inlineComponents: [
        {
          name: 'identity-service',
          host: 'api.inbestment.shop',
          pathPrefix: '/api/identity/',
        },
        {
          name: 'search-service',
          host: 'api.inbestment.shop',
          pathPrefix: '/api/search',
        },
      ],
    });
    const dims = (label: string) => ({
      WebACL: 'inbestment-alb',
      Region: 'eu-west-1',
      LabelNamespace: NS,
      Label: label,
    });
    await putWafMetrics(moto.endpoint, 'eu-west-1', [
      {
        metricName: 'BlockedRequests',
        dimensions: dims('identity-service'),
        time: now - 10 * MINUTE,
        value: 4,
      },
      {
        metricName: 'AllowedRequests',
        dimensions: dims('identity-service'),
        time: now - 10 * MINUTE,
        value: 96,
      },
      {
        metricName: 'BlockedRequests',
        dimensions: dims('search-service'),
        time: now - 10 * MINUTE,
        value: 2,
      },
    ]);
    await putWafLogLines(
      moto.endpoint,
      'eu-west-1',
      'aws-waf-logs-inbestment-alb',
      [
        wafLogLine({
          timestamp: now - 3 * MINUTE,
          action: 'BLOCK',
          rule: 'RateLimitLogin',
          clientIp: '91.240.118.203',
          country: 'RU',
          method: 'POST',
          uri: '/api/identity/login',
          labels: [`${NS}:identity-service`],
          headers: [
            { name: 'Cookie', value: 'session=super-secret-cookie' },
            { name: 'Authorization', value: 'Bearer leaked-token' },
            { name: 'x-api-key', value: 'k3y-v4lue' },
          ],
        }),
      ],
      now,
    );

    ({ server } = await startTestBackend({
      features: [
        wafPlugin,
        wafEventsServiceFactory,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            inbestment: { catalogFiles: STORE_CATALOG_FILES },
            awsOps: {
              endpoint: proxy.url,
              accounts: [
                {
                  accountId: ACCOUNT,
                  regions: ['eu-west-1', 'us-west-2', 'ap-southeast-2'],
                },
              ],
              environments: [
                { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
                { name: 'dr', accountId: ACCOUNT, region: 'us-west-2' },
                { name: 'far', accountId: ACCOUNT, region: 'ap-southeast-2' },
              ],
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    process.env = savedEnv;
    await proxy?.close();
    await moto?.stop();
  });

  const get = (name: string, window = '1h') =>
    request(server)
      .get(
        `/api/waf/entities/component/default/${name}/events?window=${window}`,
      )
      .set('authorization', mockCredentials.user.header());

  it("returns the component's label counts and its latest blocked requests, sanitized", async () => {
    const res = await get('identity-service');
    expect(res.status).toBe(200);
    const body: EntityWafEventsResponse = res.body;
    expect(body).toMatchObject({
      source: 'aws',
      window: '1h',
      webAcl: { name: 'inbestment-alb', metricName: 'inbestment-alb' },
      counts: { scope: 'component', labelNamespaces: [NS] },
      totals: { allowed: 96, blocked: 4 },
      sample: { matched: 1, limit: 1000, limitReached: false },
      errors: [],
    });
    expect(body.recentBlocked[0]).toMatchObject({
      ruleId: 'RateLimitLogin',
      clientIp: '91.240.118.203',
    });
    for (const secret of SECRETS) expect(res.text).not.toContain(secret);
  });

  it('shares each read between viewers and components: warm requests make no AWS call', async () => {
    await Promise.all([get('identity-service'), get('search-service')]);
    const before = callsTo('eu-west-1');
    const responses = await Promise.all([
      ...Array.from({ length: 10 }, () => get('identity-service')),
      ...Array.from({ length: 10 }, () => get('search-service')),
    ]);
    expect(responses.every(r => r.status === 200)).toBe(true);
    expect(callsTo('eu-west-1')).toBe(before);
  });

  it('reports a throttled and an unreachable region next to the data', async () => {
    const body: EntityWafEventsResponse = (await get('search-service')).body;
    expect(body.totals.blocked).toBe(2);
    expect(body.errors).toEqual([
      expect.objectContaining({
        scope: { environment: 'dr', accountId: ACCOUNT, region: 'us-west-2' },
      }),
      expect.objectContaining({
        scope: {
          environment: 'far',
          accountId: ACCOUNT,
          region: 'ap-southeast-2',
        },
      }),
    ]);
  });

  it('refuses an unknown window with 400', async () => {
    const res = await get('identity-service', '2d');
    expect(res.status).toBe(400);
  });
});
