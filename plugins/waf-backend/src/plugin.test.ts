import {
  CloudWatchClient,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
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
  wafLogLine,
  WafLogLineOptions,
} from '@internal/backstage-plugin-waf-node/testUtils';
import request from 'supertest';
import { wafPlugin } from './plugin';

const ACCOUNT = '123456789012';
const MINUTE = 60_000;
const PAGE_SIZE = 4;
const SECRETS = ['super-secret-cookie', 'leaked-token', 'k3y-v4lue'];

// moto start-up and the retries of throttled calls take a few seconds.
jest.setTimeout(60_000);

function component(
  name: string,
  type: 'service' | 'website',
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type, owner: 'team-checkout', lifecycle: 'production' },
  };
}

const entities = [
  component('identity-service', 'service', {
    'aws-ops.io/waf-host': 'api.inbestment.shop',
    'aws-ops.io/waf-path-prefix': '/api/identity/',
    'aws-ops.io/environments': 'prod',
  }),
  // Default prefix /api/search; its traffic in dr is throttled, far is unreachable.
  component('search-service', 'service', {
    'aws-ops.io/waf-host': 'api.inbestment.shop',
    'aws-ops.io/environments': 'prod,dr,far',
  }),
  component('quiet-service', 'service', {
    'aws-ops.io/environments': 'prod',
  }),
  component('home-mfe', 'website', {
    'aws-ops.io/waf-host': 'www.inbestment.shop',
    'aws-ops.io/environments': 'prod',
  }),
].map(fromStoreFiles);

describe('waf-backend with the aws source (moto)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const savedEnv = { ...process.env };
  const now = Date.now();
  let albEvents = 0;

  const filterCalls = (region: string) =>
    proxy.requests.filter(
      r =>
        r.includes('Logs_20140328.FilterLogEvents') &&
        r.endsWith(`region=${region}`),
    ).length;

  async function putLogLines(region: string, group: string, lines: string[]) {
    const logs = new CloudWatchLogsClient({
      region,
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(
      new CreateLogStreamCommand({
        logGroupName: group,
        logStreamName: `${region}_${group}_0`,
      }),
    );
    // Delivery stamps each event with the record's time; malformed lines get "now".
    const events = lines.map(message => ({
      message,
      timestamp: Number(/"timestamp":(\d+)/.exec(message)?.[1] ?? now - MINUTE),
    }));
    events.sort((a, b) => a.timestamp - b.timestamp);
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: `${region}_${group}_0`,
        logEvents: events,
      }),
    );
    return events.length;
  }

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    moto = await startMotoServer();
    proxy = await startFaultProxy({
      target: moto.endpoint,
      throttle: /region=us-west-2$/,
      unreachable: /region=ap-southeast-2$/,
    });

    const at = (minutesAgo: number) => now - minutesAgo * MINUTE;
    const line = (
      options: Omit<WafLogLineOptions, 'timestamp'>,
      minutesAgo: number,
    ) => wafLogLine({ ...options, timestamp: at(minutesAgo) });
    const rateLimited = (clientIp: string, minutesAgo: number) =>
      line(
        {
          action: 'BLOCK',
          rule: 'RateLimitLogin',
          clientIp,
          country: 'RU',
          method: 'POST',
          uri: '/api/identity/login',
          headers: [
            { name: 'Cookie', value: 'session=super-secret-cookie' },
            { name: 'Authorization', value: 'Bearer leaked-token' },
            { name: 'x-api-key', value: 'k3y-v4lue' },
            { name: 'User-Agent', value: 'python-requests/2.32.3' },
          ],
        },
        minutesAgo,
      );
    const sqli = {
      action: 'BLOCK' as const,
      rule: 'AWS-AWSManagedRulesSQLiRuleSet',
      ruleGroup: {
        id: 'AWS#AWSManagedRulesSQLiRuleSet',
        ruleId: 'SQLi_QUERYARGUMENTS',
      },
      clientIp: '193.32.162.99',
      country: 'RO',
      uri: '/api/search/products',
      args: "q=1'%20OR%20'1'%3D'1",
    };
    albEvents = await putLogLines('eu-west-1', 'aws-waf-logs-inbestment-alb', [
      // identity-service: 4 allowed (1 of them counted), 4 blocked
      line({ uri: '/api/identity/me' }, 50),
      line({ uri: '/api/identity/me' }, 40),
      line({ uri: '/api/identity/login', method: 'POST' }, 30),
      line(
        {
          uri: '/api/identity/login',
          method: 'POST',
          counted: ['LoginVelocityWatch'],
        },
        20,
      ),
      rateLimited('91.240.118.203', 15),
      rateLimited('91.240.118.203', 10),
      rateLimited('91.240.118.203', 5),
      rateLimited('5.188.62.140', 2),
      // search-service: 2 allowed and 2 blocked in the last hour, 1 blocked 3 hours ago
      line({ uri: '/api/search/products', args: 'q=shoes' }, 45),
      line({ uri: '/api/search' }, 25),
      line(sqli, 12),
      line(sqli, 8),
      line(sqli, 180),
      // Not search-service's: another path that shares the prefix's text, another host
      line({ uri: '/api/searchx/products' }, 9),
      line({ uri: '/api/search/products', host: 'admin.inbestment.shop' }, 9),
      'not a WAF record {',
    ]);
    await putLogLines('us-east-1', 'aws-waf-logs-inbestment-cloudfront', [
      line({ uri: '/mfe/home/main.js', host: 'www.inbestment.shop' }, 30),
      line(
        {
          action: 'BLOCK',
          rule: 'AWS-AWSManagedRulesBotControlRuleSet',
          ruleGroup: {
            id: 'AWS#AWSManagedRulesBotControlRuleSet',
            ruleId: 'CategoryHttpLibrary',
          },
          uri: '/mfe/home/',
          host: 'www.inbestment.shop',
          webAclArn:
            'arn:aws:wafv2:us-east-1:123456789012:global/webacl/inbestment-cloudfront/abc',
        },
        3,
      ),
    ]);
    await new CloudWatchClient({
      region: 'eu-west-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }).send(
      new PutMetricDataCommand({
        Namespace: 'AWS/WAFV2',
        MetricData: [
          {
            MetricName: 'BlockedRequests',
            Dimensions: [
              { Name: 'WebACL', Value: 'inbestment-alb' },
              { Name: 'Rule', Value: 'RateLimitLogin' },
              { Name: 'Region', Value: 'eu-west-1' },
            ],
            Timestamp: new Date(at(10)),
            Value: 42,
          },
        ],
      }),
    );

    ({ server } = await startTestBackend({
      features: [
        wafPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            inbestment: { catalogFiles: STORE_CATALOG_FILES },
            awsOps: {
              source: 'aws',
              endpoint: proxy.url,
              accounts: [
                {
                  accountId: ACCOUNT,
                  regions: [
                    'eu-west-1',
                    'us-east-1',
                    'us-west-2',
                    'ap-southeast-2',
                  ],
                },
              ],
              environments: [
                { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
                { name: 'dr', accountId: ACCOUNT, region: 'us-west-2' },
                { name: 'far', accountId: ACCOUNT, region: 'ap-southeast-2' },
              ],
              waf: { pageSize: PAGE_SIZE },
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

  it("reads the log group page by page and returns the component's own traffic, sanitized", async () => {
    const res = await get('identity-service');
    expect(res.status).toBe(200);
    const body: EntityWafEventsResponse = res.body;
    expect(body).toMatchObject({
      source: 'aws',
      window: '1h',
      webAcl: {
        name: 'inbestment-alb',
        scope: 'REGIONAL',
        arn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/inbestment-alb/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
        locations: [
          {
            environment: 'prod',
            accountId: ACCOUNT,
            region: 'eu-west-1',
            logGroup: 'aws-waf-logs-inbestment-alb',
          },
        ],
      },
      filter: { host: 'api.inbestment.shop', pathPrefix: '/api/identity/' },
      totals: { allowed: 4, blocked: 4, counted: 1 },
      skipped: { malformed: 1, limitReached: false },
      errors: [],
    });
    expect(
      body.topRules.map(r => [r.ruleId, r.allowed, r.blocked, r.counted]),
    ).toEqual([
      ['RateLimitLogin', 0, 4, 0],
      ['Default_Action', 4, 0, 0],
      ['LoginVelocityWatch', 0, 0, 1],
    ]);
    expect(body.topClientIps[0]).toMatchObject({
      clientIp: '91.240.118.203',
      country: 'RU',
      blocked: 3,
    });
    expect(body.topCountries[0]).toMatchObject({ country: 'RU', blocked: 4 });
    expect(body.recentBlocked.map(r => r.clientIp)).toEqual([
      '5.188.62.140',
      '91.240.118.203',
      '91.240.118.203',
      '91.240.118.203',
    ]);
    expect(body.recentBlocked[0]).toMatchObject({
      method: 'POST',
      uri: '/api/identity/login',
      host: 'api.inbestment.shop',
      ruleId: 'RateLimitLogin',
      action: 'BLOCK',
      country: 'RU',
      headers: [
        { name: 'host', value: 'api.inbestment.shop' },
        { name: 'user-agent', value: 'python-requests/2.32.3' },
      ],
    });
    for (const secret of SECRETS) {
      expect(res.text).not.toContain(secret);
    }
    expect(body.series).toHaveLength(60);
    expect(body.series.reduce((sum, b) => sum + b.blocked, 0)).toBe(4);
    // AWS/WAFV2 totals of the rules seen in the log group.
    expect(body.ruleMetrics).toEqual([
      { rule: 'RateLimitLogin', allowed: 0, blocked: 42, counted: 0 },
    ]);
    // Every event of the group, PAGE_SIZE per FilterLogEvents call.
    expect(filterCalls('eu-west-1')).toBe(Math.ceil(albEvents / PAGE_SIZE));
  });

  it('reads each log group once per window for all components and viewers', async () => {
    const before = filterCalls('eu-west-1');
    const responses = await Promise.all([
      ...Array.from({ length: 10 }, () => get('identity-service')),
      get('search-service'),
      get('quiet-service'),
    ]);
    expect(responses.every(r => r.status === 200)).toBe(true);
    expect(filterCalls('eu-west-1')).toBe(before);

    // A new window is one more read of the group, shared by concurrent viewers.
    const sixHours = await Promise.all(
      [
        'identity-service',
        'search-service',
        'quiet-service',
        'search-service',
      ].map(name => get(name, '6h')),
    );
    expect(sixHours.every(r => r.status === 200)).toBe(true);
    expect(filterCalls('eu-west-1')).toBe(
      before + Math.ceil(albEvents / PAGE_SIZE),
    );
  });

  it('filters by host and path, and reports a throttled and an unreachable region next to the data', async () => {
    const oneHour: EntityWafEventsResponse = (await get('search-service')).body;
    expect(oneHour.filter).toEqual({
      host: 'api.inbestment.shop',
      pathPrefix: '/api/search',
    });
    expect(oneHour.totals).toEqual({ allowed: 2, blocked: 2, counted: 0 });
    expect(oneHour.topRules[0]).toMatchObject({
      ruleId: 'SQLi_QUERYARGUMENTS',
      ruleGroup: 'AWS-AWSManagedRulesSQLiRuleSet',
      blocked: 2,
    });
    expect(oneHour.recentBlocked[0].args).toBe("q=1'%20OR%20'1'%3D'1");
    expect(oneHour.errors).toEqual([
      expect.objectContaining({
        scope: { environment: 'dr', accountId: ACCOUNT, region: 'us-west-2' },
        name: 'ServiceUnavailableError',
        message: expect.stringContaining('ThrottlingException'),
      }),
      expect.objectContaining({
        scope: {
          environment: 'far',
          accountId: ACCOUNT,
          region: 'ap-southeast-2',
        },
        name: 'ServiceUnavailableError',
      }),
    ]);
    const sixHours: EntityWafEventsResponse = (
      await get('search-service', '6h')
    ).body;
    expect(sixHours.totals).toEqual({ allowed: 2, blocked: 3, counted: 0 });
  });

  it('answers a component without traffic with zero counts and no errors', async () => {
    const body: EntityWafEventsResponse = (await get('quiet-service')).body;
    expect(body.filter).toEqual({ pathPrefix: '/api/quiet' });
    expect(body.totals).toEqual({ allowed: 0, blocked: 0, counted: 0 });
    expect(body.topRules).toEqual([]);
    expect(body.recentBlocked).toEqual([]);
    expect(body.errors).toEqual([]);
  });

  it('reads a website from the CloudFront web ACL log group in us-east-1', async () => {
    const body: EntityWafEventsResponse = (await get('home-mfe')).body;
    expect(body.webAcl).toMatchObject({
      name: 'inbestment-cloudfront',
      scope: 'CLOUDFRONT',
      locations: [expect.objectContaining({ region: 'us-east-1' })],
    });
    expect(body.filter.pathPrefix).toBe('/mfe/home/');
    expect(body.totals).toEqual({ allowed: 1, blocked: 1, counted: 0 });
    expect(body.recentBlocked[0].ruleId).toBe('CategoryHttpLibrary');
    expect(body.errors).toEqual([]);
  });
});
