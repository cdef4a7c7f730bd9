import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  cyclePosition,
  loadStoreServices,
  StoreService,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  grantAsStoreEntity,
  storeComponents,
  memoryCacheService,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { WafWindow } from '@internal/backstage-plugin-waf-common';
import path from 'node:path';
import { readWafConfig } from '../config';
import { DemoWafProvider } from '../providers/DemoWafProvider';
import { DefaultWafEventsService, isSpike } from './DefaultWafEventsService';

const HOUR = 3_600_000;
const SEED = 'inbestment';

const config = new ConfigReader({
  awsOps: {
    source: 'demo',
    accounts: [
      { accountId: '111122223333', regions: ['eu-west-1', 'us-east-1'] },
      { accountId: '444455556666', regions: ['eu-west-1'] },
    ],
    environments: [
      { name: 'prod', accountId: '111122223333', region: 'eu-west-1' },
      { name: 'staging', accountId: '444455556666', region: 'eu-west-1' },
    ],
  },
});

/** A time at which the simulated credential stuffing has run for 30 minutes. */
function duringStuffing(): number {
  let t = Date.UTC(2026, 10, 23, 0, 0);
  while (
    cyclePosition(t - 0.5 * HOUR, 24 * HOUR, `${SEED}:waf:stuffing`) > 0.003
  ) {
    t += 5 * 60_000;
  }
  return t;
}

describe('DefaultWafEventsService with the demo provider', () => {
  let services: StoreService[];
  const entity = (name: string): Entity =>
    services.flatMap(s => s.entities).find(e => e.metadata.name === name)!;

  beforeAll(async () => {
    services = await loadStoreServices(
      path.resolve(__dirname, '../../../../store-services'),
    );
  });

  const create = (now: number) => {
    const awsOps = createAwsOpsService(
      config,
      mockServices.logger.mock(),
      memoryCacheService(),
    );
    const wafConfig = readWafConfig(config);
    const clock = () => now;
    const service = new DefaultWafEventsService({
      awsOps,
      wafConfig,
      clock,
      provider: new DemoWafProvider({
        services,
        componentLabelPrefix: wafConfig.componentLabelPrefix,
        seed: SEED,
        clock,
      }),
    });
    // The store's own components hold every claim they make.
    return {
      getEntityEvents: async (
        component: Entity,
        options: { window: WafWindow },
      ) =>
        service.getEntityEvents(await grantAsStoreEntity(component), options),
      getEntitySummary: async (component: Entity) =>
        service.getEntitySummary(await grantAsStoreEntity(component)),
    };
  };

  it('shows the credential stuffing on identity login as blocked by the rate rule, and as a spike', async () => {
    const now = duringStuffing();
    const waf = create(now);
    const events = await waf.getEntityEvents(entity('identity-service'), {
      window: '1h',
    });
    expect(events.source).toBe('demo');
    expect(events.webAcl).toMatchObject({
      name: 'inbestment-alb',
      scope: 'REGIONAL',
      arn: expect.stringMatching(
        /^arn:aws:wafv2:eu-west-1:111122223333:regional\/webacl\/inbestment-alb\//,
      ),
    });
    expect(events.filter).toEqual({
      host: 'api.inbestment.shop',
      pathPrefix: '/api/identity/',
    });
    expect(events.counts).toEqual({
      scope: 'component',
      label: 'inbestment:component:identity-service',
      labelNamespaces: [
        'awswaf:111122223333:webacl:inbestment-alb:inbestment:component',
        'awswaf:444455556666:webacl:inbestment-alb:inbestment:component',
      ],
    });
    // Rule counts are the web ACL's, under the rules' metric names.
    expect(events.topRules[0]).toMatchObject({
      ruleId: 'RateLimitLogin',
      metricName: 'rate-limit-login',
      kind: 'BLOCK',
    });
    expect(events.totals.blocked).toBeGreaterThan(events.totals.allowed);
    expect(events.sample).toMatchObject({ matchedBy: 'label', limit: 1000 });
    expect(events.sample.matched).toBeGreaterThan(0);
    expect(events.recentBlocked[0]).toMatchObject({
      method: 'POST',
      uri: '/api/identity/login',
      ruleId: 'RateLimitLogin',
      action: 'BLOCK',
    });
    expect(events.series.reduce((sum, bucket) => sum + bucket.blocked, 0)).toBe(
      events.totals.blocked,
    );

    const summary = await waf.getEntitySummary(entity('identity-service'));
    expect(summary.spike).toBe(true);
    expect(summary.blockedLastHour).toBeGreaterThan(
      3 * summary.baselineBlockedPerHour,
    );
  });

  it('filters every component to its own host and path, and never returns credentials', async () => {
    const waf = create(duringStuffing());
    const components = services
      .flatMap(s => s.entities)
      .filter(e => e.kind === 'Component');
    expect(components.map(c => c.metadata.name).sort()).toEqual(
      storeComponents().map(c => c.name),
    );
    for (const component of components) {
      const events = await waf.getEntityEvents(component, { window: '6h' });
      const body = JSON.stringify(events);
      expect(body).not.toMatch(/session=|Bearer |cookie|authorization/i);
      expect(events.totals.allowed).toBeGreaterThan(0);
      for (const request of events.recentBlocked) {
        expect(
          request.uri.startsWith(events.filter.pathPrefix.replace(/\/$/, '')),
        ).toBe(true);
        expect(request.host).toBe(events.filter.host);
      }
    }
    const search = await waf.getEntityEvents(entity('search-service'), {
      window: '24h',
    });
    expect(
      search.topRules.find(r => r.ruleId === 'AWS-AWSManagedRulesSQLiRuleSet'),
    ).toMatchObject({ metricName: 'aws-sqli', kind: 'GROUP' });
    const browse = await waf.getEntityEvents(entity('catalog-browse-mfe'), {
      window: '1h',
    });
    // The terminating rule inside the managed group, not the group's name.
    expect(browse.recentBlocked[0]).toMatchObject({
      ruleId: 'CategoryHttpLibrary',
      ruleGroup: 'AWS-AWSManagedRulesBotControlRuleSet',
    });
    // The series sum to the totals; the label counts are the component's only.
    for (const field of ['allowed', 'blocked'] as const) {
      expect(
        browse.series.reduce((sum, bucket) => sum + bucket[field], 0),
      ).toBe(browse.totals[field]);
    }
  });

  it('reports CloudFront logs of an account without us-east-1 as an error next to the other environment', async () => {
    const events = await create(duringStuffing()).getEntityEvents(
      entity('home-mfe'),
      { window: '1h' },
    );
    expect(events.webAcl.scope).toBe('CLOUDFRONT');
    expect(events.webAcl.locations).toEqual([
      {
        environment: 'prod',
        accountId: '111122223333',
        region: 'us-east-1',
        logGroup: 'aws-waf-logs-inbestment-cloudfront',
      },
    ]);
    expect(events.errors).toEqual([
      expect.objectContaining({
        scope: {
          environment: 'staging',
          accountId: '444455556666',
          region: 'us-east-1',
        },
        name: 'NotAllowedError',
      }),
    ]);
    expect(events.totals.allowed).toBeGreaterThan(0);
  });

  it('gives the same events for the same seed and clock', async () => {
    const now = duringStuffing() + 2 * HOUR;
    const [a, b] = await Promise.all(
      [create(now), create(now)].map(waf =>
        waf.getEntityEvents(entity('checkout-service'), { window: '6h' }),
      ),
    );
    // fetchedAt is when the cache loaded, not the simulated clock.
    expect({ ...a, fetchedAt: '' }).toEqual({ ...b, fetchedAt: '' });
    expect(a.totals.allowed).toBeGreaterThan(0);
  });
});

describe('isSpike', () => {
  it.each([
    [0, 0, false],
    [19, 0, false],
    [20, 0, true],
    [29, 10, false],
    [30, 10, true],
    [59, 20, false],
    [60, 20, true],
  ])('%i blocks against a baseline of %i: %s', (blocked, baseline, spike) => {
    expect(isSpike(blocked, baseline)).toBe(spike);
  });
});
