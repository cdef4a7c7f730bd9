import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  loadStoreServices,
  StoreService,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  grantAsStoreEntity,
  storeComponents,
  memoryCacheService,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  AlarmWindow,
  MetricAlarm,
} from '@internal/backstage-plugin-cloudwatch-common';
import path from 'node:path';
import { DefaultCloudWatchAlarmsService } from '../service/DefaultCloudWatchAlarmsService';
import { DemoAlarmsProvider } from './DemoAlarmsProvider';

const STORE_SERVICES = path.resolve(__dirname, '../../../../store-services');
const environments = [
  { name: 'prod', accountId: '111122223333', region: 'eu-west-1' },
  { name: 'staging', accountId: '444455556666', region: 'eu-west-1' },
];
const MINUTE = 60_000;
/** A rollout period boundary of the EKS demo (multiple of 20 minutes). */
const cycleStart = Date.UTC(2026, 10, 23, 10, 0);

describe('DemoAlarmsProvider through the alarms service', () => {
  let store: StoreService[];
  let components: Entity[];
  beforeAll(async () => {
    store = await loadStoreServices(STORE_SERVICES);
    components = store
      .flatMap(s => s.entities)
      .filter(e => e.kind === 'Component');
  });

  function serviceAt(now: number) {
    const awsOps = createAwsOpsService(
      new ConfigReader({
        awsOps: {
          source: 'demo',
          accounts: environments.map(e => ({
            accountId: e.accountId,
            regions: [e.region],
          })),
          environments,
        },
      }),
      mockServices.logger.mock(),
      memoryCacheService(),
    );
    const service = new DefaultCloudWatchAlarmsService({
      awsOps,
      cloudWatchConfig: { metricDataTtlMs: 60_000 },
      provider: new DemoAlarmsProvider({
        services: store,
        environments,
        seed: 'inbestment',
        clock: () => now,
      }),
      clock: () => now,
    });
    // The store's own components hold every claim they make.
    return {
      getAlarmSummary: async (component: Entity) =>
        service.getAlarmSummary(await grantAsStoreEntity(component)),
      getEntityAlarms: async (
        component: Entity,
        options: { window: AlarmWindow },
      ) =>
        service.getEntityAlarms(await grantAsStoreEntity(component), options),
    };
  }
  const entity = (name: string) =>
    components.find(c => c.metadata.name === name)!;

  it('gives every store component alarms', async () => {
    const service = serviceAt(cycleStart + 2 * MINUTE);
    expect(components.map(c => c.metadata.name).sort()).toEqual(
      storeComponents().map(c => c.name),
    );
    for (const component of components) {
      const summary = await service.getAlarmSummary(component);
      expect(summary.worstState).not.toBe('NONE');
      expect(summary.source).toBe('demo');
    }
  });

  it('summarises a component with no linked alarms as NONE, without errors', async () => {
    const summary = await serviceAt(cycleStart).getAlarmSummary({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'legacy-batch', namespace: 'default' },
      spec: { type: 'service' },
    });
    expect(summary).toMatchObject({
      entityRef: 'component:default/legacy-batch',
      worstState: 'NONE',
      counts: { ALARM: 0, INSUFFICIENT_DATA: 0, OK: 0 },
      alarming: [],
      errors: [],
    });
  });

  it('puts recommendation-service in ALARM in staging only, with a series above the threshold', async () => {
    const service = serviceAt(cycleStart + 2 * MINUTE);
    const summary = await service.getAlarmSummary(
      entity('recommendation-service'),
    );
    expect(summary.worstState).toBe('ALARM');
    expect(summary.alarming.map(a => [a.name, a.environment])).toEqual([
      ['recommendation-service-pod-restarts', 'staging'],
    ]);
    expect(summary.alarming[0].stateReason).toMatch(
      /^Threshold Crossed: 1 out of the last 1 datapoints \[.+\] were greater than or equal to the threshold \(3\)/,
    );
    const { alarms } = await service.getEntityAlarms(
      entity('recommendation-service'),
      { window: '1h' },
    );
    const firing = alarms[0] as MetricAlarm;
    const since = Date.parse(firing.stateUpdatedAt);
    const sinceThen = firing.series!.values.filter(
      (_, i) => Date.parse(firing.series!.timestamps[i]) >= since,
    );
    expect(sinceThen.length).toBeGreaterThan(0);
    expect(Math.min(...sinceThen)).toBeGreaterThanOrEqual(3);
  });

  it("flaps checkout-service's latency alarm with the prod rollouts, and its composite alarm with it", async () => {
    const during = await serviceAt(cycleStart + 2 * MINUTE).getEntityAlarms(
      entity('checkout-service'),
      { window: '1h' },
    );
    const after = await serviceAt(cycleStart + 15 * MINUTE).getEntityAlarms(
      entity('checkout-service'),
      { window: '1h' },
    );
    const stateOf = (response: typeof during, name: string, env: string) =>
      response.alarms.find(a => a.name === name && a.environment === env)
        ?.state;
    expect(stateOf(during, 'checkout-service-latency-p99', 'prod')).toBe(
      'ALARM',
    );
    expect(stateOf(during, 'checkout-service-health', 'prod')).toBe('ALARM');
    expect(stateOf(during, 'checkout-service-latency-p99', 'staging')).toBe(
      'OK',
    );
    expect(stateOf(after, 'checkout-service-latency-p99', 'prod')).toBe('OK');
    expect(stateOf(after, 'checkout-service-health', 'prod')).toBe('OK');
    const composite = during.alarms.find(a => a.type === 'composite')!;
    expect(composite).toMatchObject({
      rule: 'ALARM("checkout-service-5xx-rate") OR ALARM("checkout-service-latency-p99")',
      stateUpdatedAt: new Date(cycleStart).toISOString(),
    });
  });

  it('leaves a website without data (INSUFFICIENT_DATA) and its chart empty since then', async () => {
    const service = serviceAt(cycleStart + 2 * MINUTE);
    const { alarms } = await service.getEntityAlarms(entity('support-mfe'), {
      window: '12h',
    });
    const silent = alarms.find(a => a.state === 'INSUFFICIENT_DATA') as
      | MetricAlarm
      | undefined;
    expect(silent?.name).toBe('support-mfe-js-errors');
    const since = Date.parse(silent!.stateUpdatedAt);
    expect(silent!.series!.timestamps.length).toBeGreaterThan(0);
    expect(silent!.series!.timestamps.every(t => Date.parse(t) < since)).toBe(
      true,
    );
  });

  it('is deterministic for a seed and a clock', async () => {
    const now = cycleStart + 7 * MINUTE;
    const first = await serviceAt(now).getEntityAlarms(
      entity('payment-service'),
      { window: '3h' },
    );
    const second = await serviceAt(now).getEntityAlarms(
      entity('payment-service'),
      { window: '3h' },
    );
    expect(second.alarms).toEqual(first.alarms);
  });
});
