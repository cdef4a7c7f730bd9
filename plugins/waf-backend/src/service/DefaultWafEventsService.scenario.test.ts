import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  loadScenario,
  Scenario,
  ScenarioWafProvider,
  seedWafScenario,
} from '@internal/backstage-plugin-aws-ops-demo';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  grantAsStoreEntity,
  MotoServer,
  startMotoServer,
  memoryCacheService,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  EntityWafEventsResponse,
  WafWindow,
} from '@internal/backstage-plugin-waf-common';
import {
  AwsWafProvider,
  readWafConfig,
  WafProvider,
} from '@internal/backstage-plugin-waf-node';
import path from 'node:path';
import { DefaultWafEventsService } from './DefaultWafEventsService';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const CYCLE = 60 * MINUTE;
/** moto's account. */
const ACCOUNT = '123456789012';
const STORE = path.resolve(__dirname, '../../../../store-services');

/**
 * Minute 33.5 of the scenario's cycle, at most an hour ago: the card testing
 * spike (minutes 30-35) is on, and the emulator takes the times (its logs
 * refuse events far in the past or future).
 */
function fixedNow(): number {
  const real = Date.now();
  const at = real - (real % CYCLE) + 33.5 * MINUTE;
  return at <= real ? at : at - CYCLE;
}

const NOW = fixedNow();
const minuteOf = (iso: string) =>
  Math.round((((Date.parse(iso) % CYCLE) + CYCLE) % CYCLE) / MINUTE);

const awsOpsConfig = (endpoint?: string) =>
  new ConfigReader({
    awsOps: {
      ...(endpoint ? { endpoint } : {}),
      accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1', 'us-east-1'] }],
      environments: [{ name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' }],
    },
  });

function serviceOn(provider: WafProvider, endpoint?: string) {
  const config = awsOpsConfig(endpoint);
  return new DefaultWafEventsService({
    awsOps: createAwsOpsService(
      config,
      mockServices.logger.mock(),
      memoryCacheService(),
    ),
    wafConfig: readWafConfig(config),
    provider,
    clock: () => NOW,
  });
}

let scenario: Scenario;
let moto: MotoServer;
const savedEnv = { ...process.env };
const services: Record<string, DefaultWafEventsService> = {};

beforeAll(async () => {
  scenario = await loadScenario({ storeServicesDir: STORE, clock: () => NOW });
  services.scenario = serviceOn(new ScenarioWafProvider(scenario));
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  moto = await startMotoServer();
  await seedWafScenario(scenario, {
    endpoint: moto.endpoint,
    accountId: ACCOUNT,
    environments: ['prod'],
  });
  const config = awsOpsConfig(moto.endpoint);
  const awsOps = createAwsOpsService(
    config,
    mockServices.logger.mock(),
    memoryCacheService(),
  );
  services.aws = serviceOn(
    new AwsWafProvider(awsOps, { queryTimeoutMs: 30_000, pollMs: 50 }),
    moto.endpoint,
  );
});

afterAll(async () => {
  process.env = savedEnv;
  await moto?.stop();
});

/** A store component, in prod only (the emulator holds the prod account). */
const entity = (name: string, environments = 'prod'): Entity => {
  const found = scenario.store
    .flatMap(s => s.entities)
    .find(e => e.metadata.name === name)!;
  return {
    ...found,
    metadata: {
      ...found.metadata,
      annotations: {
        ...found.metadata.annotations,
        'aws-ops.io/environments': environments,
      },
    },
  };
};

const events = async (
  provider: string,
  name: string,
  window: WafWindow = '1h',
): Promise<EntityWafEventsResponse> =>
  services[provider].getEntityEvents(await grantAsStoreEntity(entity(name)), {
    window,
  });

// The same story through the scenario provider and through the AWS provider
// on moto seeded from the same scenario; the numbers below are read off the
// `waf` section of the scenario file.
describe.each([['scenario'], ['aws']])(
  'DefaultWafEventsService on the %s provider',
  provider => {
    it('shows the card testing against checkout-service: bursts in every 5-minute slot, the spike at minutes 30-35', async () => {
      const body = await events(provider, 'checkout-service');
      expect(body.errors).toEqual([]);
      expect(body.source).toBe(provider === 'scenario' ? 'demo' : 'aws');
      expect(body.counts).toEqual({
        scope: 'component',
        label: 'inbestment:component:checkout-service',
        labelNamespaces: [
          `awswaf:${ACCOUNT}:rulegroup:inbestment-component-checkout-service:inbestment:component`,
        ],
      });
      const blockedAt = new Map<number, number>();
      for (const bucket of body.series) {
        blockedAt.set(minuteOf(bucket.start), bucket.blocked);
      }
      // The 1-hour window at minute 33.5 holds minutes 34 (last cycle) to 32.
      for (const minute of [30, 31, 32, 34]) {
        expect(blockedAt.get(minute)).toBeGreaterThanOrEqual(150);
      }
      // Slot bursts: 12 a minute in minutes 1 and 2 of every slot; others only strays.
      for (const minute of [1, 2, 11, 12, 41, 42]) {
        expect(blockedAt.get(minute)).toBeGreaterThanOrEqual(12);
        expect(blockedAt.get(minute)).toBeLessThan(20);
      }
      for (const minute of [0, 3, 4, 10, 13, 14, 40, 43, 44]) {
        expect(blockedAt.get(minute)).toBeLessThan(3);
      }
      // 4 spike minutes x 150 + 24 burst minutes x 12, plus a few strays (90/min x 0.2%).
      expect(body.totals.blocked).toBeGreaterThanOrEqual(4 * 150 + 24 * 12);
      expect(body.totals.blocked).toBeLessThan(4 * 150 + 24 * 12 + 25);
      // About 90 requests a minute for 59 complete minutes.
      expect(body.totals.allowed).toBeGreaterThan(59 * 90 * 0.85);
      expect(body.totals.allowed).toBeLessThan(59 * 90 * 1.15);
      expect(body.topRules[0]).toMatchObject({
        ruleId: 'RateLimitCheckout',
        metricName: 'rate-limit-checkout',
        kind: 'BLOCK',
      });
      expect(body.topRules[0].blocked).toBeGreaterThanOrEqual(888);
    });

    it("lists the attack's latest blocked requests, its client IPs and countries, without credentials", async () => {
      const body = await events(provider, 'checkout-service');
      expect(body.sample).toMatchObject({ matchedBy: 'label', limit: 1000 });
      expect(body.sample.limitReached).toBe(false);
      expect(body.recentBlocked[0]).toMatchObject({
        method: 'POST',
        host: 'api.inbestment.shop',
        ruleId: 'RateLimitCheckout',
        action: 'BLOCK',
      });
      expect(body.recentBlocked[0].uri).toMatch(/^\/api\/checkout\/orders/);
      expect(Date.parse(body.recentBlocked[0].time)).toBeLessThan(NOW);
      expect(Date.parse(body.recentBlocked[0].time)).toBeGreaterThan(
        NOW - MINUTE,
      );
      // The scenario lists 52.14.233.180 twice among the four card testers.
      expect(body.topClientIps[0]).toMatchObject({
        clientIp: '52.14.233.180',
        country: 'US',
      });
      expect(body.topClientIps.map(ip => ip.clientIp)).toEqual(
        expect.arrayContaining(['34.91.55.201', '159.89.47.12']),
      );
      expect(body.topCountries[0].country).toBe('US');
      expect(JSON.stringify(body)).not.toMatch(/session=|cookie/i);
    });

    it('shows a quiet component with its traffic and hardly any blocks', async () => {
      const body = await events(provider, 'pricing-service');
      expect(body.errors).toEqual([]);
      expect(body.totals.allowed).toBeGreaterThan(59 * 200 * 0.85);
      expect(body.totals.blocked).toBeLessThan(40);
      expect(
        body.recentBlocked.every(
          r => r.ruleGroup === 'AWS-AWSManagedRulesCommonRuleSet',
        ),
      ).toBe(true);
    });

    it("reads a website's counts from the CloudFront web ACL in us-east-1, with the terminating rule inside a managed group", async () => {
      const body = await events(provider, 'catalog-browse-mfe');
      expect(body.webAcl).toMatchObject({
        name: 'inbestment-cloudfront',
        scope: 'CLOUDFRONT',
        metricName: 'inbestmentCdnAll',
      });
      expect(body.webAcl.locations).toEqual([
        expect.objectContaining({ region: 'us-east-1' }),
      ]);
      expect(body.errors).toEqual([]);
      // The scrapers: 3 a minute all the time.
      expect(body.totals.blocked).toBeGreaterThanOrEqual(59 * 3);
      expect(body.recentBlocked[0]).toMatchObject({
        ruleId: 'CategoryHttpLibrary',
        ruleGroup: 'AWS-AWSManagedRulesBotControlRuleSet',
      });
    });

    it('gives the health summary the same hour every cycle: no spike', async () => {
      const summary = await services[provider].getEntitySummary(
        await grantAsStoreEntity(entity('checkout-service')),
      );
      expect(summary.label).toBe('inbestment:component:checkout-service');
      // The hour up to minute 35 (the end of the 5-minute period holding
      // minute 33.5): spike minutes 30-32 and 24 burst minutes, a few strays.
      expect(summary.blockedLastHour).toBeGreaterThanOrEqual(3 * 150 + 24 * 12);
      expect(summary.blockedLastHour).toBeLessThan(3 * 150 + 24 * 12 + 25);
      // Every hour the same story: the 23 hours before hold about as many.
      expect(summary.baselineBlockedPerHour).toBeGreaterThan(
        0.9 * summary.blockedLastHour,
      );
      expect(summary.spike).toBe(false);
    });

    it('puts the card testing spike at minutes 30-35 of every cycle on the timeline, not the 5-minute bursts', async () => {
      const claims = await grantAsStoreEntity(entity('checkout-service'));
      for (const window of [1, 6, 24]) {
        const range = { start: NOW - window * HOUR, end: NOW };
        const body = await services[provider].getEntitySpikes(claims, range);
        expect(body).toMatchObject({
          entityRef: 'component:default/checkout-service',
          start: new Date(range.start).toISOString(),
          end: new Date(range.end).toISOString(),
          webAcl: 'inbestment-alb',
          label: 'inbestment:component:checkout-service',
          errors: [],
        });
        // Every minute-30 bucket of the 24 hours read (up to the end of the
        // current 5 minutes) that overlaps the range.
        const seriesEnd = NOW - (NOW % (5 * MINUTE)) + 5 * MINUTE;
        const expected: string[] = [];
        for (let t = seriesEnd - 24 * HOUR; t < seriesEnd; t += 5 * MINUTE) {
          if (minuteOf(new Date(t).toISOString()) !== 30) continue;
          if (t < range.end && t + 5 * MINUTE > range.start) {
            expected.push(new Date(t).toISOString());
          }
        }
        expect(expected.length).toBe(window === 24 ? 24 : window + 1);
        expect(body.spikes.map(s => s.start)).toEqual(expected);
        for (const spike of body.spikes) {
          expect(Date.parse(spike.end) - Date.parse(spike.start)).toBe(
            5 * MINUTE,
          );
          expect(spike.environments).toEqual(['prod']);
          // 24 h of one cycle: 23 whole hours of 12 bursts of 24 and a
          // spike of 774, about a stray a bucket, over 287 buckets.
          expect(spike.baselinePerBucket).toBeGreaterThan(80);
          expect(spike.baselinePerBucket).toBeLessThan(95);
          expect(spike.peakPerBucket).toBe(spike.blocked);
        }
        const [current, ...earlier] = [...body.spikes].reverse();
        // The current bucket holds minutes 30-32: 3 x 150 + 2 x 12 + strays.
        expect(current.blocked).toBeGreaterThanOrEqual(3 * 150 + 24);
        expect(current.blocked).toBeLessThan(3 * 150 + 24 + 5);
        for (const spike of earlier) {
          expect(spike.blocked).toBeGreaterThanOrEqual(5 * 150 + 24);
          expect(spike.blocked).toBeLessThan(5 * 150 + 24 + 5);
        }
      }
    });

    it('finds no spikes on components whose blocks are their baseline', async () => {
      for (const name of [
        'search-service',
        'pricing-service',
        'catalog-browse-mfe',
      ]) {
        const body = await services[provider].getEntitySpikes(
          await grantAsStoreEntity(entity(name)),
          { start: NOW - 24 * HOUR, end: NOW },
        );
        expect({ name, errors: body.errors, spikes: body.spikes }).toEqual({
          name,
          errors: [],
          spikes: [],
        });
        expect(body.label).toBe(`inbestment:component:${name}`);
      }
    });

    it('refuses a range longer than the 24 hours of the baseline', async () => {
      const claims = await grantAsStoreEntity(entity('checkout-service'));
      await expect(
        services[provider].getEntitySpikes(claims, {
          start: NOW - 25 * HOUR,
          end: NOW,
        }),
      ).rejects.toThrow(/at most 24 hours/);
      await expect(
        services[provider].getEntitySpikes(claims, {
          start: NOW,
          end: NOW - HOUR,
        }),
      ).rejects.toThrow(/at most 24 hours/);
    });
  },
);

describe('the scenario provider and the AWS provider on the seeded emulator', () => {
  const behindWaf = (sc: Scenario) =>
    sc.store
      .flatMap(s => s.entities)
      .filter(
        e =>
          e.kind === 'Component' &&
          e.metadata.annotations?.['aws-ops.io/waf-web-acl'],
      )
      .map(e => e.metadata.name);

  // Every component over the last hour; the card testing, a quiet service
  // and the scraped website over 6 hours (moto reads long ranges slowly).
  it.each([
    ['1h', (sc: Scenario) => behindWaf(sc)],
    ['6h', () => ['checkout-service', 'pricing-service', 'catalog-browse-mfe']],
  ] as const)(
    'give the components the same totals, series, rules and samples (%s)',
    async (window, namesOf) => {
      const names = namesOf(scenario);
      expect(names.length).toBeGreaterThan(2);
      for (const name of names) {
        const [a, b] = await Promise.all([
          events('scenario', name, window),
          events('aws', name, window),
        ]);
        expect({ name, totals: b.totals }).toEqual({ name, totals: a.totals });
        expect(b.series.map(s => [s.allowed, s.blocked])).toEqual(
          a.series.map(s => [s.allowed, s.blocked]),
        );
        expect(b.topRules).toEqual(a.topRules);
        expect(b.topClientIps).toEqual(a.topClientIps);
        expect(b.recentBlocked.map(r => r.requestId)).toEqual(
          a.recentBlocked.map(r => r.requestId),
        );
      }
    },
  );

  it('give the same spikes from 24 hours of label metrics', async () => {
    for (const name of [
      'checkout-service',
      'search-service',
      'catalog-browse-mfe',
    ]) {
      const [a, b] = await Promise.all(
        ['scenario', 'aws'].map(async provider =>
          services[provider].getEntitySpikes(
            await grantAsStoreEntity(entity(name)),
            { start: NOW - 24 * HOUR, end: NOW },
          ),
        ),
      );
      expect({ ...b, source: '', fetchedAt: '' }).toEqual({
        ...a,
        source: '',
        fetchedAt: '',
      });
    }
  });

  it('give the same health summaries from 24 hours of label metrics', async () => {
    for (const name of ['checkout-service', 'search-service', 'home-mfe']) {
      const [a, b] = await Promise.all(
        ['scenario', 'aws'].map(async provider =>
          services[provider].getEntitySummary(
            await grantAsStoreEntity(entity(name)),
          ),
        ),
      );
      expect({ ...b, source: '', fetchedAt: '' }).toEqual({
        ...a,
        source: '',
        fetchedAt: '',
      });
      expect(a.baselineBlockedPerHour).toBeGreaterThan(0);
    }
  });
});

describe('the spikes and the summary of a component', () => {
  it('share one GetMetricData per location and metrics TTL, whatever the ranges', async () => {
    const scenarioProvider = new ScenarioWafProvider(scenario);
    const calls: string[] = [];
    const counting: WafProvider = {
      source: scenarioProvider.source,
      getWebAcl: location => {
        calls.push('GetWebACL');
        return scenarioProvider.getWebAcl(location);
      },
      getMetricData: (location, request) => {
        calls.push('GetMetricData');
        return scenarioProvider.getMetricData(location, request);
      },
      queryLogs: (location, request) => {
        calls.push('StartQuery');
        return scenarioProvider.queryLogs(location, request);
      },
      listWebAclResources: (location, arn) => {
        calls.push('ListResourcesForWebACL');
        return scenarioProvider.listWebAclResources(location, arn);
      },
    };
    const service = serviceOn(counting);
    const claims = await grantAsStoreEntity(entity('checkout-service'));
    const summary = await service.getEntitySummary(claims);
    expect(calls).toEqual(['GetWebACL', 'GetMetricData']);
    for (const hours of [1, 6, 24]) {
      const body = await service.getEntitySpikes(claims, {
        start: NOW - hours * HOUR,
        end: NOW,
      });
      expect(body.spikes.length).toBeGreaterThan(0);
      expect(body.fetchedAt).toBe(summary.fetchedAt);
    }
    expect(calls).toEqual(['GetWebACL', 'GetMetricData']);
  });
});

describe('the scenario provider in staging', () => {
  it('has a tenth of the traffic and no card testing', async () => {
    const config = new ConfigReader({
      awsOps: {
        accounts: [{ accountId: '444455556666', regions: ['eu-west-1'] }],
        environments: [
          { name: 'staging', accountId: '444455556666', region: 'eu-west-1' },
        ],
      },
    });
    const staging = new DefaultWafEventsService({
      awsOps: createAwsOpsService(
        config,
        mockServices.logger.mock(),
        memoryCacheService(),
      ),
      wafConfig: readWafConfig(config),
      provider: new ScenarioWafProvider(scenario),
      clock: () => NOW,
    });
    const body = await staging.getEntityEvents(
      await grantAsStoreEntity(entity('checkout-service', 'staging')),
      { window: '1h' },
    );
    expect(body.webAcl.locations).toEqual([
      expect.objectContaining({
        environment: 'staging',
        accountId: '444455556666',
      }),
    ]);
    expect(body.totals.allowed).toBeGreaterThan(59 * 9 * 0.85);
    expect(body.totals.allowed).toBeLessThan(59 * 9 * 1.15);
    expect(body.totals.blocked).toBeLessThan(5);
  });
});
