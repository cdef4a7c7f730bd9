import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  loadStoreServices,
  scenarioAlarmsProviderFactory,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  fromStoreFiles,
  runDemoClockFromMinute,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  EntityAlarmHistoryResponse,
  EntityAlarmsResponse,
} from '@internal/backstage-plugin-cloudwatch-common';
import path from 'node:path';
import request from 'supertest';
import { cloudWatchPlugin } from './plugin';
import { cloudWatchAlarmsServiceFactory } from './service/serviceFactory';

const STORE_SERVICES = path.resolve(__dirname, '../../../store-services');

// A week of the scenario's minute datapoints takes a few seconds on a busy machine.
jest.setTimeout(30_000);

const demoAwsOps = {
  accounts: [
    { accountId: '111122223333', regions: ['eu-west-1'] },
    { accountId: '444455556666', regions: ['eu-west-1'] },
  ],
  environments: [
    { name: 'prod', accountId: '111122223333', region: 'eu-west-1' },
    { name: 'staging', accountId: '444455556666', region: 'eu-west-1' },
  ],
  demo: { storeServicesDir: STORE_SERVICES },
};

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-x', lifecycle: 'production' },
  };
}

describe('cloudwatch-backend route on the demo scenario', () => {
  let store: Entity[];
  beforeAll(async () => {
    // At minute 10 recommendation-service's restarts alarm is in ALARM in
    // staging (it is OK only over minutes 46-49, after each new rollout).
    runDemoClockFromMinute(10);
    store = (await loadStoreServices(STORE_SERVICES)).flatMap(s => s.entities);
  });
  afterAll(() => jest.useRealTimers());

  const start = (
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) =>
    startTestBackend({
      features: [
        cloudWatchPlugin,
        cloudWatchAlarmsServiceFactory,
        // The demo scenario instead of AWS (the scenario from awsOps.demo).
        scenarioAlarmsProviderFactory,
        catalogServiceMock.factory({
          entities: [
            ...store,
            component('legacy-batch', {}),
            component('qa-only', {
              'aws-ops.io/environments': 'staging,qa',
              'aws-ops.io/alarm-prefix': 'recommendation-service',
            }),
          ].map(fromStoreFiles),
        }),
        mockServices.permissions.factory({ result: permission }),
        mockServices.rootConfig.factory({
          data: {
            awsOps: demoAwsOps,
            inbestment: { catalogFiles: STORE_CATALOG_FILES },
          },
        }),
      ],
    });

  const get = (
    server: Awaited<ReturnType<typeof start>>['server'],
    name: string,
    query = '',
  ) =>
    request(server)
      .get(`/api/cloudwatch/entities/component/default/${name}/alarms${query}`)
      .set('authorization', mockCredentials.user.header());

  it('labels demo data and lists the alarms linked to the component, worst first, with charts', async () => {
    const { server } = await start();
    const res = await get(server, 'recommendation-service', '?window=1h');
    expect(res.status).toBe(200);
    const body: EntityAlarmsResponse = res.body;
    expect(body).toMatchObject({
      source: 'demo',
      window: '1h',
      entityRef: 'component:default/recommendation-service',
      linking: {
        prefix: 'recommendation-service',
        environments: ['prod', 'staging'],
      },
      errors: [],
    });
    expect(body.alarms[0]).toMatchObject({
      name: 'recommendation-service-pod-restarts',
      environment: 'staging',
      state: 'ALARM',
      matchedBy: 'prefix',
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/recommendation-service-pod-restarts',
    });
    const states = body.alarms.map(a => a.state);
    expect(states).toEqual(
      [...states].sort(
        (a, b) =>
          ['ALARM', 'INSUFFICIENT_DATA', 'OK'].indexOf(a) -
          ['ALARM', 'INSUFFICIENT_DATA', 'OK'].indexOf(b),
      ),
    );
    // The explicit name from aws-ops.io/alarm-names is linked too.
    expect(body.alarms).toContainEqual(
      expect.objectContaining({
        name: 'store-events-msk-consumer-lag-recommendation-service',
        matchedBy: 'name',
      }),
    );
    expect(
      body.alarms.every(
        a =>
          a.name.startsWith('recommendation-service-') ||
          a.matchedBy === 'name',
      ),
    ).toBe(true);
    // Every metric alarm has its threshold and one point per minute over the hour.
    const metricAlarms = body.alarms.filter(a => a.type === 'metric');
    expect(metricAlarms.length).toBeGreaterThan(2);
    expect(
      metricAlarms.map(a => [
        typeof a.threshold,
        a.series!.period,
        a.series!.values.length > 30,
      ]),
    ).toEqual(metricAlarms.map(() => ['number', 60, true]));
  });

  it('serves another window and defaults to 3h', async () => {
    const { server } = await start();
    const week = await get(server, 'checkout-service', '?window=7d');
    expect(week.status).toBe(200);
    // A week at each alarm's own period would exceed 1,440 points: the chart
    // period is the smallest whole multiple of the alarm's that fits, and
    // sums are scaled back to one alarm period (the threshold's scale).
    const charted = week.body.alarms.filter((a: any) => a.type === 'metric');
    expect(charted.length).toBeGreaterThan(2);
    for (const alarm of charted) {
      const factor = Math.ceil((7 * 86400) / alarm.metric.period / 1440);
      expect(alarm.series).toMatchObject({
        period: alarm.metric.period * factor,
        alarmPeriod: alarm.metric.period,
        statistic: alarm.metric.statistic,
      });
      expect(alarm.series.perAlarmPeriod).toBe(
        alarm.metric.statistic === 'Sum' ? true : undefined,
      );
      expect(alarm.series.values.length).toBeLessThanOrEqual(1440);
    }
    // The demo's sums stay on their threshold's scale once divided back.
    const sum = charted.find((a: any) => a.metric.statistic === 'Sum');
    expect(Math.max(...sum.series.values)).toBeLessThan(sum.threshold * 3);
    const byDefault = await get(server, 'checkout-service');
    expect(byDefault.body.window).toBe('3h');
  });

  it('reports an unknown environment name and serves the known ones', async () => {
    const { server } = await start();
    const res = await get(server, 'qa-only');
    expect(res.status).toBe(200);
    expect(res.body.linking.environments).toEqual(['staging']);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        scope: { environment: 'qa' },
        name: 'InputError',
      }),
    ]);
    expect(res.body.alarms.length).toBeGreaterThan(0);
    expect(res.body.alarms.every((a: any) => a.environment === 'staging')).toBe(
      true,
    );
  });

  it('answers a component without linked alarms with an empty list and no errors', async () => {
    const { server } = await start();
    const res = await get(server, 'legacy-batch');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      alarms: [],
      errors: [],
      linking: { prefix: 'legacy-batch', names: [] },
    });
  });

  it('answers 400 for a window it does not know', async () => {
    const { server } = await start();
    const res = await get(server, 'checkout-service', '?window=2h');
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain('1h, 3h, 12h, 24h, 7d');
  });

  it('answers 404 for an unknown entity', async () => {
    const { server } = await start();
    const res = await get(server, 'nope');
    expect(res.status).toBe(404);
  });

  it('answers 403 when cloudwatch.alarms.read is denied', async () => {
    const { server } = await start(AuthorizeResult.DENY);
    const res = await get(server, 'checkout-service');
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('refuses unauthenticated requests', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/cloudwatch/entities/component/default/checkout-service/alarms')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
  describe('GET /entities/:kind/:namespace/:name/history', () => {
    const history = (
      server: Awaited<ReturnType<typeof start>>['server'],
      name: string,
      query = '',
    ) =>
      request(server)
        .get(
          `/api/cloudwatch/entities/component/default/${name}/history${query}`,
        )
        .set('authorization', mockCredentials.user.header());

    it('lists the state changes of the linked alarms over the window, oldest first', async () => {
      const { server } = await start();
      const before = Date.now();
      const res = await history(server, 'checkout-service', '?window=24h');
      expect(res.status).toBe(200);
      const body: EntityAlarmHistoryResponse = res.body;
      expect(body).toMatchObject({
        source: 'demo',
        entityRef: 'component:default/checkout-service',
        errors: [],
      });
      const span = Date.parse(body.end) - Date.parse(body.start);
      expect(span).toBe(24 * 3_600_000);
      expect(Date.parse(body.end)).toBeGreaterThanOrEqual(before);
      const times = body.changes.map(c => c.timestamp);
      expect(times).toEqual([...times].sort());
      expect(
        body.changes.every(
          c =>
            c.alarmName.startsWith('checkout-service-') &&
            c.timestamp >= body.start &&
            c.timestamp < body.end,
        ),
      ).toBe(true);
      // The latency alarm fires and clears three times an hour in prod.
      const latency = body.changes.filter(
        c => c.alarmName === 'checkout-service-latency-p99',
      );
      expect(latency.length).toBeGreaterThanOrEqual(23 * 6);
      expect(latency[latency.length - 1]).toMatchObject({
        environment: 'prod',
        consoleUrl: expect.stringContaining(
          'alarmsV2:alarm/checkout-service-latency-p99',
        ),
      });
      expect(latency.find(c => c.to === 'ALARM')!.reason).toContain(
        'p99 latency of checkout-service crossed its threshold',
      );
    });

    it('defaults to 6h', async () => {
      const { server } = await start();
      const res = await history(server, 'checkout-service');
      expect(res.status).toBe(200);
      expect(Date.parse(res.body.end) - Date.parse(res.body.start)).toBe(
        6 * 3_600_000,
      );
    });

    it('answers 400 for a window it does not know', async () => {
      const { server } = await start();
      const res = await history(server, 'checkout-service', '?window=3h');
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain('1h, 6h, 24h');
    });

    it('answers 403 when cloudwatch.alarms.read is denied', async () => {
      const { server } = await start(AuthorizeResult.DENY);
      const res = await history(server, 'checkout-service');
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    });
  });
});
