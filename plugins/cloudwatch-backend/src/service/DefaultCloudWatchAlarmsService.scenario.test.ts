import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  loadScenario,
  Scenario,
  ScenarioAlarmsProvider,
  seedAlarms,
  seededStatistic,
} from '@internal/backstage-plugin-aws-ops-demo';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  grantAsStoreEntity,
  memoryCacheService,
  MotoServer,
  startMotoServer,
  storeComponents,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  AlarmWindow,
  EntityAlarmsResponse,
  MetricAlarm,
} from '@internal/backstage-plugin-cloudwatch-common';
import { AwsAlarmsProvider } from '@internal/backstage-plugin-cloudwatch-node';
import path from 'node:path';
import { DefaultCloudWatchAlarmsService } from './DefaultCloudWatchAlarmsService';

/*
 * The alarms service's behaviour on the demo scenario, played two ways: (a)
 * by the scenario provider and (b) by the AWS provider reading moto seeded
 * from the same scenario with `seedAlarms`. Both must tell the story of the
 * scenario file (plugins/aws-ops-demo/scenario/inbestment-store.yaml).
 */

const STORE_SERVICES = path.resolve(__dirname, '../../../../store-services');
const ACCOUNT = '123456789012';
const MINUTE = 60_000;
/** A cycle start: the scenario's 60-minute cycle counts from the epoch. */
const CYCLE = Date.UTC(2026, 10, 23, 10, 0);

/**
 * Moments of the story on a fixed clock, each seeded into its own pair of
 * moto regions (moto's alarm states do not change with time).
 */
const MOMENTS = {
  // The first rollout (0-8) has tripped the latency alarm (4-12).
  firstRollout: { at: CYCLE + 6 * MINUTE, regions: ['eu-west-1', 'eu-west-2'] },
  // Between rollouts: every alarm of checkout-service is OK.
  between: { at: CYCLE + 16 * MINUTE, regions: ['us-east-1', 'us-east-2'] },
  // The second rollout (20-28), its alarm 24-32.
  secondRollout: {
    at: CYCLE + 26 * MINUTE,
    regions: ['us-west-1', 'us-west-2'],
  },
};
type Moment = keyof typeof MOMENTS;
const STORY_COMPONENTS = [
  'checkout-service',
  'recommendation-service',
  'cart-mfe',
  'payment-service',
];

/** The environments of a moment (plain data: also the awsOps config). */
function environmentsAt(moment: Moment) {
  const [prod, staging] = MOMENTS[moment].regions;
  return [
    {
      name: 'prod',
      accountId: ACCOUNT,
      region: prod,
      eksCluster: 'inbestment-prod',
    },
    {
      name: 'staging',
      accountId: ACCOUNT,
      region: staging,
      eksCluster: 'inbestment-staging',
    },
  ];
}

// moto start-up and seeding three moments of the whole store take a while.
jest.setTimeout(120_000);

let moto: MotoServer;
const scenarios = {} as Record<Moment, Scenario>;
const savedEnv = { ...process.env };
let components: Entity[];

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  moto = await startMotoServer();
  for (const moment of Object.keys(MOMENTS) as Moment[]) {
    scenarios[moment] = await loadScenario({
      storeServicesDir: STORE_SERVICES,
      clock: () => MOMENTS[moment].at,
    });
    await seedAlarms({
      scenario: scenarios[moment],
      endpoint: moto.endpoint,
      environments: environmentsAt(moment),
      hours: 1,
      // The whole store once; the components the story tests look at for the other moments.
      components: moment === 'between' ? undefined : STORY_COMPONENTS,
    });
  }
  components = scenarios.between.store
    .flatMap(s => s.entities)
    .filter(e => e.kind === 'Component');
});

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

type Kind = 'scenario provider' | 'AWS provider on moto';

/** The AWS layer on moto with the environments of a moment. */
function awsOpsAt(moment: Moment) {
  const environments = environmentsAt(moment);
  return createAwsOpsService(
    new ConfigReader({
      awsOps: {
        endpoint: moto.endpoint,
        accounts: [
          { accountId: ACCOUNT, regions: environments.map(e => e.region) },
        ],
        environments,
      },
    }),
    mockServices.logger.mock(),
    memoryCacheService(),
  );
}

function serviceAt(kind: Kind, moment: Moment) {
  const environments = environmentsAt(moment);
  const awsOps = awsOpsAt(moment);
  const service = new DefaultCloudWatchAlarmsService({
    awsOps,
    cloudWatchConfig: { metricDataTtlMs: 60_000, metricDataBatchMs: 10 },
    provider:
      kind === 'scenario provider'
        ? new ScenarioAlarmsProvider(scenarios[moment], environments)
        : new AwsAlarmsProvider(awsOps),
    clock: () => MOMENTS[moment].at,
  });
  const entity = (name: string) => {
    const found = components.find(c => c.metadata.name === name);
    if (!found) throw new Error(`no store component ${name}`);
    // The store's own components hold every claim they make.
    return grantAsStoreEntity(found);
  };
  return {
    summary: async (name: string) =>
      service.getAlarmSummary(await entity(name)),
    alarms: async (name: string, window: AlarmWindow = '1h') =>
      service.getEntityAlarms(await entity(name), { window }),
    history: async (name: string, range: { start: number; end: number }) =>
      service.getAlarmHistory(await entity(name), range),
  };
}

const metricAlarmsOf = (response: EntityAlarmsResponse) =>
  response.alarms.filter((a): a is MetricAlarm => a.type === 'metric');
const find = (response: EntityAlarmsResponse, name: string, env: string) =>
  metricAlarmsOf(response).find(a => a.name === name && a.environment === env);

/** Minutes of the cycle in which the latency of checkout-service in prod breaches (the scenario's `breaches`). */
const LATENCY_BREACHES = [
  [2, 10],
  [22, 30],
  [42, 50],
];

describe.each<Kind>(['scenario provider', 'AWS provider on moto'])(
  'DefaultCloudWatchAlarmsService on the demo scenario (%s)',
  kind => {
    it('gives every store component alarms in both environments', async () => {
      const service = serviceAt(kind, 'between');
      expect(components.map(c => c.metadata.name).sort()).toEqual(
        storeComponents().map(c => c.name),
      );
      for (const component of components) {
        const response = await service.alarms(component.metadata.name);
        expect(response.errors).toEqual([]);
        expect(response.source).toBe(
          kind === 'scenario provider' ? 'demo' : 'aws',
        );
        expect(
          new Set(metricAlarmsOf(response).map(a => a.environment)),
        ).toEqual(new Set(['prod', 'staging']));
      }
    });

    it("fires checkout-service's latency alarm in prod during each rollout only, with the reason naming the p99 latency", async () => {
      for (const moment of ['firstRollout', 'secondRollout'] as const) {
        const summary = await serviceAt(kind, moment).summary(
          'checkout-service',
        );
        const firing = summary.alarming
          .filter(a => a.name !== 'checkout-service-health')
          .map(a => [a.name, a.environment]);
        expect(firing).toEqual([['checkout-service-latency-p99', 'prod']]);
        expect(
          summary.alarming.find(a => a.name === 'checkout-service-latency-p99')!
            .stateReason,
        ).toMatch(/p99 latency of checkout-service crossed its threshold/);
      }
      const between = await serviceAt(kind, 'between').summary(
        'checkout-service',
      );
      expect(between.worstState).toBe('OK');
      expect(between.alarming).toEqual([]);
    });

    it('keeps recommendation-service in ALARM in staging (its crash-looping pod) and OK in prod', async () => {
      for (const moment of Object.keys(MOMENTS) as Moment[]) {
        const summary = await serviceAt(kind, moment).summary(
          'recommendation-service',
        );
        expect(summary.alarming.map(a => [a.name, a.environment])).toEqual([
          ['recommendation-service-pod-restarts', 'staging'],
        ]);
        expect(summary.alarming[0].stateReason).toMatch(/CrashLoopBackOff/);
      }
    });

    it('charts each alarm at its own period, crossing the threshold where the story says', async () => {
      const response = await serviceAt(kind, 'firstRollout').alarms(
        'checkout-service',
      );
      const latency = find(response, 'checkout-service-latency-p99', 'prod')!;
      const series = latency.series!;
      expect(series.period).toBe(60);
      expect(series.alarmPeriod).toBe(60);
      // An hour of minutes up to now (10:06).
      expect(series.timestamps.length).toBeGreaterThan(50);
      expect(Date.parse(series.timestamps[series.timestamps.length - 1])).toBe(
        MOMENTS.firstRollout.at,
      );
      series.timestamps.forEach((time, i) => {
        const minute = ((Date.parse(time) - CYCLE + 60 * MINUTE) / MINUTE) % 60;
        const breaching = LATENCY_BREACHES.some(
          ([from, to]) => minute >= from && minute < to,
        );
        expect([minute, series.values[i] > latency.threshold!]).toEqual([
          minute,
          breaching,
        ]);
      });
      // A 5-minute alarm has one point per 5 minutes.
      const conversion = find(response, 'checkout-conversion-drop', 'prod')!;
      expect(conversion.series!.period).toBe(300);
      expect(conversion.series!.values.length).toBeGreaterThanOrEqual(11);
      expect(Math.min(...conversion.series!.values)).toBeGreaterThan(
        conversion.threshold!,
      );

      const restarts = find(
        await serviceAt(kind, 'firstRollout').alarms('recommendation-service'),
        'recommendation-service-pod-restarts',
        'staging',
      )!;
      expect(restarts.series!.values.length).toBeGreaterThan(50);
      // Over the threshold but for minutes 46-49, when a rollout replaced the
      // crash-looping pod (restarts reset) until it crash-looped again.
      restarts.series!.timestamps.forEach((time, i) => {
        const minute = ((Date.parse(time) - CYCLE + 60 * MINUTE) / MINUTE) % 60;
        const reset = minute >= 46 && minute < 49;
        expect([
          minute,
          restarts.series!.values[i] >= restarts.threshold!,
        ]).toEqual([minute, !reset]);
      });
    });

    it('leaves the website whose RUM snippet was dropped without data, INSUFFICIENT_DATA', async () => {
      const response = await serviceAt(kind, 'between').alarms('support-mfe');
      for (const env of ['prod', 'staging']) {
        const silent = find(response, 'support-mfe-js-errors', env)!;
        expect(silent.state).toBe('INSUFFICIENT_DATA');
        expect(silent.series!.values).toEqual([]);
      }
    });
  },
);

describe('the scenario provider and the AWS provider on the seeded moto', () => {
  it.each([
    'checkout-service',
    'recommendation-service',
    'cart-mfe',
    'payment-service',
  ])(
    'agree on the alarms of %s: states, reasons, thresholds and chart series',
    async name => {
      for (const moment of Object.keys(MOMENTS) as Moment[]) {
        const [scenario, aws] = await Promise.all([
          serviceAt('scenario provider', moment).alarms(name),
          serviceAt('AWS provider on moto', moment).alarms(name),
        ]);
        const shape = (response: EntityAlarmsResponse, fromScenario: boolean) =>
          metricAlarmsOf(response)
            .map(a => ({
              name: a.name,
              environment: a.environment,
              state: a.state,
              stateReason: a.stateReason,
              threshold: a.threshold,
              comparisonOperator: a.comparisonOperator,
              evaluationPeriods: a.evaluationPeriods,
              metric: {
                ...a.metric,
                statistic: fromScenario
                  ? seededStatistic(a.metric!.statistic)
                  : a.metric!.statistic,
              },
              timestamps: a.series!.timestamps,
              values: a.series!.values.map(v => Number(v.toPrecision(6))),
            }))
            .sort((x, y) =>
              `${x.name}/${x.environment}`.localeCompare(
                `${y.name}/${y.environment}`,
              ),
            );
        const expected = shape(scenario, true);
        expect(expected.length).toBeGreaterThan(3);
        expect(shape(aws, false)).toEqual(expected);
      }
    },
  );

  it("turns checkout-service's composite alarm with its latency alarm (scenario only: moto has no composite alarms)", async () => {
    const during = await serviceAt('scenario provider', 'firstRollout').alarms(
      'checkout-service',
    );
    const after = await serviceAt('scenario provider', 'between').alarms(
      'checkout-service',
    );
    const composite = (response: EntityAlarmsResponse) =>
      response.alarms.find(
        a => a.name === 'checkout-service-health' && a.environment === 'prod',
      );
    expect(composite(during)).toMatchObject({
      type: 'composite',
      state: 'ALARM',
      rule: 'ALARM("checkout-service-5xx-rate") OR ALARM("checkout-service-latency-p99")',
      // Since the latency alarm fired at minute 4.
      stateUpdatedAt: new Date(CYCLE + 4 * MINUTE).toISOString(),
    });
    expect(composite(after)?.state).toBe('OK');
    expect(
      find(during, 'checkout-service-latency-p99', 'prod')!.stateUpdatedAt,
    ).toBe(new Date(CYCLE + 4 * MINUTE).toISOString());
  });
  it("tells checkout-service's rollout story in its alarm history (scenario provider)", async () => {
    const at = MOMENTS.secondRollout.at;
    const res = await serviceAt('scenario provider', 'secondRollout').history(
      'checkout-service',
      { start: at - 60 * MINUTE, end: at },
    );
    expect(res.errors).toEqual([]);
    const latency = res.changes.filter(
      c =>
        c.alarmName === 'checkout-service-latency-p99' &&
        c.environment === 'prod',
    );
    // From 09:26 to 10:26: OK at 09:32, ALARM 09:44, OK 09:52, ALARM 10:04, OK 10:12, ALARM 10:24.
    expect(latency.map(c => [c.timestamp, c.to])).toEqual(
      [
        [-28, 'OK'],
        [-16, 'ALARM'],
        [-8, 'OK'],
        [4, 'ALARM'],
        [12, 'OK'],
        [24, 'ALARM'],
      ].map(([minute, to]) => [
        new Date(CYCLE + (minute as number) * MINUTE).toISOString(),
        to,
      ]),
    );
  });

  it("holds, on moto after seedAlarms, one change per seeded alarm to the scenario's state at seeding (the AWS provider)", async () => {
    const environments = environmentsAt('between');
    const aws = new AwsAlarmsProvider(awsOpsAt('between'));
    const scenario = new ScenarioAlarmsProvider(
      scenarios.between,
      environments,
    );
    const prod = { accountId: ACCOUNT, region: environments[0].region };
    // moto stamps SetAlarmState with the wall clock, not the scenario's.
    const history = await aws.describeAlarmHistory(prod, {
      start: 0,
      end: Date.now() + 1000,
    });
    const { alarms } = await scenario.describeAlarms(prod);
    const seeded = alarms.filter(a => a.type === 'metric');
    expect(
      history.changes
        .map(c => [c.alarmName, c.from, c.to])
        .sort((a, b) => a[0].localeCompare(b[0])),
    ).toEqual(
      seeded
        .map(a => [a.name, 'OK', a.state])
        .sort((a, b) => a[0].localeCompare(b[0])),
    );
  });
});
