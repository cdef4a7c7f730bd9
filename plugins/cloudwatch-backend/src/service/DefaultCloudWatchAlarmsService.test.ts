import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AwsTarget,
  createAwsOpsService,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  grantAsStoreEntity,
  memoryCacheService,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { MetricAlarm } from '@internal/backstage-plugin-cloudwatch-common';
import {
  AlarmRecord,
  AlarmsProvider,
  MetricQuery,
  MetricRange,
} from '@internal/backstage-plugin-cloudwatch-node';
import { DefaultCloudWatchAlarmsService } from './DefaultCloudWatchAlarmsService';

const ACCOUNT = '111122223333';
const now = Date.parse('2026-12-01T10:00:00Z');

function alarm(
  name: string,
  metric: MetricAlarm['metric'],
  expression?: string,
): AlarmRecord {
  return {
    type: 'metric',
    name,
    arn: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${name}`,
    accountId: ACCOUNT,
    region: 'eu-west-1',
    state: 'OK',
    stateReason: '',
    stateUpdatedAt: new Date(now).toISOString(),
    actionsEnabled: true,
    consoleUrl: 'https://example.invalid',
    metric,
    expression,
    threshold: 100,
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 1,
  };
}

const errors = {
  namespace: 'NS',
  name: 'Errors',
  dimensions: {},
  statistic: 'Sum',
  period: 60,
};

/** Answers every line with one point of 70 per alarm period it covers (a steady 70 per minute). */
class SteadyProvider implements AlarmsProvider {
  readonly source = 'aws' as const;
  reads: Array<{ queries: MetricQuery[]; range: MetricRange }> = [];
  async describeAlarms() {
    return {
      alarms: [
        alarm('checkout-service-errors', errors),
        alarm(
          'checkout-service-errors-filled',
          { ...errors, queryId: 'm1' },
          'FILL(m1, 0)',
        ),
        alarm('checkout-service-latency', {
          ...errors,
          name: 'Latency',
          statistic: 'Maximum',
          period: 300,
        }),
        alarm('other-service-errors', errors),
      ],
      skipped: 0,
    };
  }
  async describeAlarmHistory() {
    return { changes: [], skipped: 0 };
  }
  async getMetricData(
    _target: AwsTarget,
    queries: MetricQuery[],
    range: MetricRange,
  ) {
    this.reads.push({ queries, range });
    return Object.fromEntries(
      queries.map(q => [
        q.id,
        {
          timestamps: [new Date(range.end - q.period * 1000).toISOString()],
          values: [(70 * q.period) / q.metric.period],
          skipped: 0,
        },
      ]),
    );
  }
}

describe('DefaultCloudWatchAlarmsService charts', () => {
  const provider = new SteadyProvider();
  const service = new DefaultCloudWatchAlarmsService({
    awsOps: createAwsOpsService(
      new ConfigReader({
        awsOps: {
          source: 'aws',
          accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1'] }],
          environments: [
            { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
          ],
        },
      }),
      mockServices.rootLogger(),
      memoryCacheService(),
    ),
    cloudWatchConfig: { metricDataTtlMs: 60_000, metricDataBatchMs: 10 },
    provider,
    clock: () => now,
  });
  const checkout = grantAsStoreEntity({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-service' },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  });

  it('reads each alarm at its period over short windows and only the entity alarms', async () => {
    const res = await service.getEntityAlarms(await checkout, { window: '3h' });
    expect(provider.reads).toHaveLength(1);
    expect(
      provider.reads[0].queries.map(q => [q.alarmName, q.period, q.expression]),
    ).toEqual([
      ['checkout-service-errors', 60, undefined],
      ['checkout-service-errors-filled', 60, 'FILL(m1, 0)'],
      ['checkout-service-latency', 300, undefined],
    ]);
    // The window ends on a boundary of the longest period.
    expect(provider.reads[0].range.end % 300_000).toBe(0);
    const byName = Object.fromEntries(
      res.alarms.map(a => [a.name, (a as MetricAlarm).series]),
    );
    expect(byName['checkout-service-errors']).toEqual({
      timestamps: [expect.any(String)],
      values: [70],
      period: 60,
      statistic: 'Sum',
      alarmPeriod: 60,
    });
  });

  it('coarsens a week of 60 s alarms to 420 s, scaling plain sums back to the alarm period but not expressions', async () => {
    const res = await service.getEntityAlarms(await checkout, { window: '7d' });
    const read = provider.reads[provider.reads.length - 1];
    expect(read.queries.map(q => q.period)).toEqual([420, 420, 600]);
    const byName = Object.fromEntries(
      res.alarms.map(a => [a.name, (a as MetricAlarm).series]),
    );
    expect(byName['checkout-service-errors']).toMatchObject({
      values: [70],
      period: 420,
      alarmPeriod: 60,
      perAlarmPeriod: true,
    });
    expect(byName['checkout-service-errors-filled']).toMatchObject({
      values: [490],
      period: 420,
      expression: 'FILL(m1, 0)',
    });
    expect(
      byName['checkout-service-errors-filled']!.perAlarmPeriod,
    ).toBeUndefined();
    // A Maximum keeps its statistic: no scaling.
    expect(byName['checkout-service-latency']).toMatchObject({
      values: [140],
      period: 600,
      alarmPeriod: 300,
    });
    expect(byName['checkout-service-latency']!.perAlarmPeriod).toBeUndefined();
  });

  it('shares one GetMetricData call between components read together, asking for a shared line once', async () => {
    const other = await grantAsStoreEntity({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'other-service' },
      spec: { type: 'service', owner: 'team', lifecycle: 'production' },
    });
    const before = provider.reads.length;
    const [mine, theirs] = await Promise.all([
      service.getEntityAlarms(await checkout, { window: '12h' }),
      service.getEntityAlarms(other, { window: '12h' }),
    ]);
    const reads = provider.reads.slice(before);
    expect(reads).toHaveLength(1);
    // other-service-errors reads the same metric, statistic and period as
    // checkout-service-errors: one line for both.
    expect(reads[0].queries.map(q => q.alarmName)).toEqual([
      'checkout-service-errors',
      'checkout-service-errors-filled',
      'checkout-service-latency',
    ]);
    expect(mine.alarms.map(a => a.name).sort()).toEqual([
      'checkout-service-errors',
      'checkout-service-errors-filled',
      'checkout-service-latency',
    ]);
    expect(theirs.alarms.map(a => a.name)).toEqual(['other-service-errors']);
    expect((theirs.alarms[0] as MetricAlarm).series!.values).toEqual([70]);
  });

  it('answers the summary without chart data', async () => {
    const before = provider.reads.length;
    const summary = await service.getAlarmSummary(await checkout);
    expect(summary.counts.OK).toBe(3);
    expect(provider.reads).toHaveLength(before);
  });
});
