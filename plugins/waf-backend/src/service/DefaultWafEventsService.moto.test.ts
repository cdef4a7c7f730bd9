import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  grantAsStoreEntity,
  MotoServer,
  startMotoServer,
  memoryCacheService,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  AwsWafProvider,
  readWafConfig,
} from '@internal/backstage-plugin-waf-node';
import {
  createStoreWebAcl,
  putWafLogLines,
  putWafMetrics,
  wafLogLine,
} from '@internal/backstage-plugin-waf-node/testUtils';
import { DefaultWafEventsService } from './DefaultWafEventsService';

const ACCOUNT = '123456789012';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LIMIT = 5;
const SECRETS = ['super-secret-cookie', 'leaked-token'];

jest.setTimeout(60_000);

function component(
  name: string,
  type: 'service' | 'website',
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'aws-ops.io/environments': 'prod', ...annotations },
    },
    spec: { type, owner: 'team-checkout', lifecycle: 'production' },
  };
}

const identity = component('identity-service', 'service', {
  'aws-ops.io/waf-host': 'api.inbestment.shop',
  'aws-ops.io/waf-path-prefix': '/api/identity/',
});
const search = component('search-service', 'service', {
  'aws-ops.io/waf-host': 'api.inbestment.shop',
});
const quiet = component('quiet-service', 'service');
const home = component('home-mfe', 'website', {
  'aws-ops.io/waf-host': 'www.inbestment.shop',
});

const ALB_METRICS = 'inbestmentAlbAll';
const regional = (extra: Record<string, string>) => ({
  WebACL: ALB_METRICS,
  Region: 'eu-west-1',
  ...extra,
});
const INLINE_NS = `awswaf:${ACCOUNT}:webacl:inbestment-alb:inbestment:component`;
const GROUP_NS = `awswaf:${ACCOUNT}:rulegroup:inbestment-component-search-service:inbestment:component`;

describe('DefaultWafEventsService with the aws source (moto)', () => {
  let moto: MotoServer;
  const savedEnv = { ...process.env };
  const now = Date.now();
  const at = (ago: number) => now - ago;
  let service: DefaultWafEventsService;
  let awsOps: ReturnType<typeof createAwsOpsService>;
  let wafConfig: ReturnType<typeof readWafConfig>;

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    moto = await startMotoServer();
    await createStoreWebAcl({
      endpoint: moto.endpoint,
      region: 'eu-west-1',
      name: 'inbestment-alb',
      scope: 'REGIONAL',
      metricName: ALB_METRICS,
      inlineComponents: [
        {
          name: 'identity-service',
          host: 'api.inbestment.shop',
          pathPrefix: '/api/identity/',
        },
      ],
      groupComponents: [
        {
          name: 'search-service',
          host: 'api.inbestment.shop',
          pathPrefix: '/api/search',
        },
      ],
    });
    await createStoreWebAcl({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      name: 'inbestment-cloudfront',
      scope: 'CLOUDFRONT',
      metricName: 'inbestmentCdnAll',
      inlineComponents: [{ name: 'home-mfe', pathPrefix: '/mfe/home/' }],
    });
    await putWafMetrics(moto.endpoint, 'eu-west-1', [
      // The whole web ACL.
      {
        metricName: 'AllowedRequests',
        dimensions: regional({ Rule: 'ALL' }),
        time: at(20 * MINUTE),
        value: 5000,
      },
      {
        metricName: 'BlockedRequests',
        dimensions: regional({ Rule: 'ALL' }),
        time: at(20 * MINUTE),
        value: 70,
      },
      // Rules, under their VisibilityConfig metric names...
      {
        metricName: 'BlockedRequests',
        dimensions: regional({ Rule: 'rate-limit-login' }),
        time: at(10 * MINUTE),
        value: 42,
      },
      {
        metricName: 'BlockedRequests',
        dimensions: regional({ Rule: 'aws-sqli' }),
        time: at(12 * MINUTE),
        value: 7,
      },
      {
        metricName: 'CountedRequests',
        dimensions: regional({ Rule: 'aws-sqli' }),
        time: at(12 * MINUTE),
        value: 3,
      },
      // ...not under their names: never read.
      {
        metricName: 'BlockedRequests',
        dimensions: regional({ Rule: 'RateLimitLogin' }),
        time: at(10 * MINUTE),
        value: 999,
      },
      // identity-service's label: the last hour, and 3 hours ago for the baseline.
      {
        metricName: 'AllowedRequests',
        dimensions: regional({
          LabelNamespace: INLINE_NS,
          Label: 'identity-service',
        }),
        time: at(30 * MINUTE),
        value: 120,
      },
      {
        metricName: 'BlockedRequests',
        dimensions: regional({
          LabelNamespace: INLINE_NS,
          Label: 'identity-service',
        }),
        time: at(10 * MINUTE),
        value: 40,
      },
      {
        metricName: 'BlockedRequests',
        dimensions: regional({
          LabelNamespace: INLINE_NS,
          Label: 'identity-service',
        }),
        time: at(3 * HOUR),
        value: 23,
      },
      // search-service's label comes from its rule group's namespace.
      {
        metricName: 'AllowedRequests',
        dimensions: regional({
          LabelNamespace: GROUP_NS,
          Label: 'search-service',
        }),
        time: at(25 * MINUTE),
        value: 300,
      },
      {
        metricName: 'BlockedRequests',
        dimensions: regional({
          LabelNamespace: GROUP_NS,
          Label: 'search-service',
        }),
        time: at(8 * MINUTE),
        value: 7,
      },
    ]);
    await putWafMetrics(moto.endpoint, 'us-east-1', [
      // CloudFront metrics carry no Region dimension.
      {
        metricName: 'AllowedRequests',
        dimensions: {
          WebACL: 'inbestmentCdnAll',
          LabelNamespace: `awswaf:${ACCOUNT}:webacl:inbestment-cloudfront:inbestment:component`,
          Label: 'home-mfe',
        },
        time: at(15 * MINUTE),
        value: 900,
      },
    ]);
    const identityLabel = `${INLINE_NS}:identity-service`;
    const blocked = (ip: string, ago: number) =>
      wafLogLine({
        timestamp: at(ago),
        action: 'BLOCK',
        rule: 'RateLimitLogin',
        clientIp: ip,
        country: 'RU',
        method: 'POST',
        uri: '/api/identity/login',
        labels: [identityLabel],
        headers: [
          { name: 'Cookie', value: 'session=super-secret-cookie' },
          { name: 'Authorization', value: 'Bearer leaked-token' },
          { name: 'User-Agent', value: 'python-requests/2.32.3' },
        ],
      });
    await putWafLogLines(
      moto.endpoint,
      'eu-west-1',
      'aws-waf-logs-inbestment-alb',
      [
        // Older than the 15-minute window of the query.
        blocked('45.134.26.77', 40 * MINUTE),
        blocked('91.240.118.203', 9 * MINUTE),
        blocked('91.240.118.203', 8 * MINUTE),
        blocked('91.240.118.203', 7 * MINUTE),
        blocked('5.188.62.140', 6 * MINUTE),
        wafLogLine({
          timestamp: at(5 * MINUTE),
          action: 'BLOCK',
          rule: 'AWS-AWSManagedRulesSQLiRuleSet',
          ruleGroup: {
            id: 'AWS#AWSManagedRulesSQLiRuleSet',
            ruleId: 'SQLi_QUERYARGUMENTS',
          },
          uri: '/api/search/products',
          args: "q=1'%20OR%20'1'%3D'1&token=abc",
          labels: [`${GROUP_NS}:search-service`],
        }),
        blocked('185.220.101.34', 4 * MINUTE),
        blocked('185.220.101.34', 3 * MINUTE),
      ],
      at(MINUTE),
    );
    const config = new ConfigReader({
      awsOps: {
        endpoint: moto.endpoint,
        accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1', 'us-east-1'] }],
        environments: [
          { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
        ],
        waf: { recent: { limit: LIMIT } },
      },
    });
    awsOps = createAwsOpsService(
      config,
      mockServices.logger.mock(),
      memoryCacheService(),
    );
    wafConfig = readWafConfig(config);
    service = new DefaultWafEventsService({
      awsOps,
      wafConfig,
      clock: Date.now,
      provider: new AwsWafProvider(awsOps, {
        queryTimeoutMs: wafConfig.queryTimeoutMs,
        pollMs: 50,
      }),
    });
  });

  afterAll(async () => {
    process.env = savedEnv;
    await moto?.stop();
  });

  const events = async (entity: Entity, window: '1h' | '6h' | '24h' = '1h') =>
    service.getEntityEvents(await grantAsStoreEntity(entity), { window });

  it('counts the component from its label metrics and the rules under their VisibilityConfig metric names', async () => {
    const body = await events(identity);
    expect(body.errors).toEqual([]);
    expect(body.webAcl).toMatchObject({
      name: 'inbestment-alb',
      metricName: ALB_METRICS,
      arn: expect.stringMatching(
        /^arn:aws:wafv2:eu-west-1:123456789012:regional\/webacl\/inbestment-alb\//,
      ),
    });
    expect(body.counts).toEqual({
      scope: 'component',
      label: 'inbestment:component:identity-service',
      labelNamespaces: [INLINE_NS],
    });
    expect(body.totals).toEqual({
      allowed: 120,
      blocked: 40,
      counted: 0,
      captcha: 0,
      challenge: 0,
    });
    expect(body.series).toHaveLength(60);
    expect(body.series.reduce((n, b) => n + b.blocked, 0)).toBe(40);
    // Rules of the whole web ACL; the label rules are not ranked.
    expect(
      body.topRules.map(r => [
        r.ruleId,
        r.metricName,
        r.kind,
        r.blocked,
        r.counted,
      ]),
    ).toEqual([
      ['RateLimitLogin', 'rate-limit-login', 'BLOCK', 42, 0],
      ['AWS-AWSManagedRulesSQLiRuleSet', 'aws-sqli', 'GROUP', 7, 3],
    ]);
    expect(body.topRules[1].ruleGroup).toBe('AWS#AWSManagedRulesSQLiRuleSet');
    expect(body.series.flatMap(b => b.byRule)).toEqual([
      { ruleId: 'AWS-AWSManagedRulesSQLiRuleSet', blocked: 7 },
      { ruleId: 'RateLimitLogin', blocked: 42 },
    ]);
  });

  it('finds a label rule added as a rule group reference by its group namespace', async () => {
    const body = await events(search);
    expect(body.counts.labelNamespaces).toEqual([GROUP_NS]);
    expect(body.totals).toMatchObject({ allowed: 300, blocked: 7 });
    expect(body.recentBlocked).toEqual([
      expect.objectContaining({
        ruleId: 'SQLi_QUERYARGUMENTS',
        ruleGroup: 'AWS-AWSManagedRulesSQLiRuleSet',
        args: "q=1'%20OR%20'1'%3D'1&token=REDACTED",
      }),
    ]);
  });

  it('reads the latest blocked requests with one bounded Logs Insights query, newest first, and says so', async () => {
    const body = await events(identity);
    expect(body.sample).toMatchObject({
      windowMs: 15 * MINUTE,
      refreshMs: 5 * MINUTE,
      limit: LIMIT,
      returned: LIMIT,
      limitReached: true,
      matchedBy: 'label',
      matched: 4,
      shown: 4,
    });
    // The 5 newest rows of the window: 4 are identity-service's, 1 search-service's.
    expect(body.recentBlocked.map(r => r.clientIp)).toEqual([
      '185.220.101.34',
      '185.220.101.34',
      '5.188.62.140',
      '91.240.118.203',
    ]);
    expect(body.recentBlocked[0]).toMatchObject({
      ruleId: 'RateLimitLogin',
      action: 'BLOCK',
      headers: [
        { name: 'host', value: 'api.inbestment.shop' },
        { name: 'user-agent', value: 'python-requests/2.32.3' },
      ],
    });
    expect(body.topClientIps[0]).toEqual({
      clientIp: '185.220.101.34',
      country: 'RU',
      blocked: 2,
    });
    const text = JSON.stringify(body);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('falls back to the web ACL totals, with an error, when the web ACL has no label rule for the component', async () => {
    const body = await events(quiet);
    expect(body.counts.scope).toBe('webAcl');
    expect(body.totals).toMatchObject({ allowed: 5000, blocked: 70 });
    expect(body.errors).toEqual([
      expect.objectContaining({ name: 'WafLabelRuleMissing' }),
    ]);
    expect(body.sample.matchedBy).toBe('host-and-path');
  });

  it('reads CloudFront label metrics without a Region dimension in us-east-1', async () => {
    const body = await events(home);
    expect(body.webAcl.locations).toEqual([
      expect.objectContaining({
        region: 'us-east-1',
        logGroup: 'aws-waf-logs-inbestment-cloudfront',
      }),
    ]);
    expect(body.totals.allowed).toBe(900);
    // No log group for the CloudFront web ACL: the sample fails, the counts stay.
    expect(body.errors).toEqual([
      expect.objectContaining({
        scope: expect.objectContaining({ region: 'us-east-1' }),
      }),
    ]);
  });

  it('builds the health summary from the label metric: last hour against the 23 hours before', async () => {
    const summary = await service.getEntitySummary(
      await grantAsStoreEntity(identity),
    );
    expect(summary).toMatchObject({
      webAcl: 'inbestment-alb',
      label: 'inbestment:component:identity-service',
      blockedLastHour: 40,
      baselineBlockedPerHour: 1,
      spike: true,
      errors: [],
    });
    const quietSummary = await service.getEntitySummary(
      await grantAsStoreEntity(quiet),
    );
    expect(quietSummary.label).toBeUndefined();
    expect(quietSummary.errors[0].name).toBe('WafLabelRuleMissing');
  });

  it('finds the spikes of the label metric against the mean of the other 5-minute buckets of 24 hours', async () => {
    const slot = (ago: number) => {
      const t = at(ago);
      return new Date(t - (t % (5 * MINUTE))).toISOString();
    };
    const claims = await grantAsStoreEntity(identity);
    const day = await service.getEntitySpikes(claims, {
      start: now - 24 * HOUR,
      end: now,
    });
    expect(day).toMatchObject({
      entityRef: 'component:default/identity-service',
      webAcl: 'inbestment-alb',
      label: 'inbestment:component:identity-service',
      errors: [],
    });
    // 23 blocked 3 hours ago and 40 ten minutes ago, nothing else: each at
    // least 20 above the mean of the other buckets (40 / 287 and 23 / 287).
    expect(day.spikes).toEqual([
      {
        start: slot(3 * HOUR),
        end: new Date(Date.parse(slot(3 * HOUR)) + 5 * MINUTE).toISOString(),
        blocked: 23,
        peakPerBucket: 23,
        baselinePerBucket: 40 / 287,
        environments: ['prod'],
      },
      expect.objectContaining({
        start: slot(10 * MINUTE),
        blocked: 40,
        baselinePerBucket: 23 / 287,
      }),
    ]);
    const hour = await service.getEntitySpikes(claims, {
      start: now - HOUR,
      end: now,
    });
    expect(hour.spikes.map(x => x.blocked)).toEqual([40]);
    // 7 blocked requests: a handful, not a spike.
    const handful = await service.getEntitySpikes(
      await grantAsStoreEntity(search),
      { start: now - 24 * HOUR, end: now },
    );
    expect(handful).toMatchObject({ spikes: [], errors: [] });
    // No label rule: said, not guessed.
    const unlabelled = await service.getEntitySpikes(
      await grantAsStoreEntity(quiet),
      { start: now - HOUR, end: now },
    );
    expect(unlabelled.label).toBeUndefined();
    expect(unlabelled.spikes).toEqual([]);
    expect(unlabelled.errors).toEqual([
      expect.objectContaining({ name: 'WafLabelRuleMissing' }),
    ]);
  });

  it('reads a location shared by two environments once and names both', async () => {
    const config = new ConfigReader({
      awsOps: {
        endpoint: moto.endpoint,
        accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1'] }],
        environments: [
          { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
          { name: 'staging', accountId: ACCOUNT, region: 'eu-west-1' },
        ],
      },
    });
    const shared = createAwsOpsService(
      config,
      mockServices.logger.mock(),
      memoryCacheService(),
    );
    const both = new DefaultWafEventsService({
      awsOps: shared,
      wafConfig: readWafConfig(config),
      clock: Date.now,
      provider: new AwsWafProvider(shared, { queryTimeoutMs: 30_000 }),
    });
    const body = await both.getEntitySpikes(
      await grantAsStoreEntity({
        ...identity,
        metadata: {
          ...identity.metadata,
          annotations: {
            ...identity.metadata.annotations,
            'aws-ops.io/environments': 'prod,staging',
          },
        },
      }),
      { start: now - 24 * HOUR, end: now },
    );
    expect(body.errors).toEqual([]);
    expect(body.spikes.map(x => [x.blocked, x.environments])).toEqual([
      [23, ['prod', 'staging']],
      [40, ['prod', 'staging']],
    ]);
  });

  it("reads every component's summary of a location in one GetMetricData call", async () => {
    const provider = new AwsWafProvider(awsOps, {
      queryTimeoutMs: wafConfig.queryTimeoutMs,
    });
    const getMetricData = jest.spyOn(provider, 'getMetricData');
    // A fresh cache namespace: another clock-independent service on the same AWS layer.
    const fresh = new DefaultWafEventsService({
      awsOps: {
        ...awsOps,
        cache: createAwsOpsService(
          new ConfigReader({
            awsOps: {
              endpoint: moto.endpoint,
              accounts: [
                { accountId: ACCOUNT, regions: ['eu-west-1', 'us-east-1'] },
              ],
              environments: [
                { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
              ],
            },
          }),
          mockServices.logger.mock(),
          memoryCacheService(),
        ).cache,
      },
      wafConfig,
      clock: Date.now,
      provider,
    });
    const summaries = await Promise.all(
      [identity, search, quiet].map(async e =>
        fresh.getEntitySummary(await grantAsStoreEntity(e)),
      ),
    );
    expect(summaries.map(s => s.blockedLastHour)).toEqual([40, 7, 0]);
    // identity and search share eu-west-1; quiet has no label rule.
    expect(getMetricData).toHaveBeenCalledTimes(1);
    expect(getMetricData.mock.calls[0][1].queries).toHaveLength(2);
  });
});
