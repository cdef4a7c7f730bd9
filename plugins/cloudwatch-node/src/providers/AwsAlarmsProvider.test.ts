import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { AwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import { mockClient } from 'aws-sdk-client-mock';
import {
  alarmMetricOf,
  AwsAlarmsProvider,
  MAX_QUERIES_PER_CALL,
  renameQueryId,
  toMetricDataQueries,
} from './AwsAlarmsProvider';
import { MetricQuery } from './types';

// moto ignores MaxRecords and has no composite alarms, so paging, composite
// alarms and malformed shapes are checked against a mocked client.
const cloudwatch = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'eu-west-1' });
const scheduled: string[] = [];
const awsOps = {
  clients: { getClient: async () => client },
  limits: {
    schedule: (api: string, _target: unknown, call: () => Promise<unknown>) => {
      scheduled.push(api);
      return call();
    },
  },
} as unknown as AwsOpsService;
const target = { accountId: '111122223333', region: 'eu-west-1' };

beforeEach(() => {
  cloudwatch.reset();
  scheduled.length = 0;
});

describe('AwsAlarmsProvider', () => {
  it('reads every page of metric and composite alarms and counts unreadable ones', async () => {
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce({
        MetricAlarms: [
          {
            AlarmName: 'checkout-service-latency-p99',
            AlarmArn:
              'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:checkout-service-latency-p99',
            StateValue: 'ALARM',
            StateReason: 'Threshold Crossed',
            StateUpdatedTimestamp: new Date('2026-11-23T10:00:00Z'),
            Namespace: 'AWS/ApplicationELB',
            MetricName: 'TargetResponseTime',
            ExtendedStatistic: 'p99',
            Dimensions: [{ Name: 'LoadBalancer', Value: 'app/alb/1' }],
            Period: 60,
            EvaluationPeriods: 5,
            Threshold: 1.5,
            ComparisonOperator: 'GreaterThanThreshold',
            ActionsEnabled: true,
            AlarmActions: [
              'arn:aws:sns:eu-west-1:111122223333:team-commerce-alerts',
            ],
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricAlarms: [
          {
            AlarmName: 'checkout-service-error-ratio',
            StateValue: 'OK',
            Metrics: [
              {
                Id: 'e1',
                Expression: '100 * errors / requests',
                ReturnData: true,
              },
            ],
            EvaluationPeriods: 3,
            Threshold: 5,
            ComparisonOperator: 'GreaterThanThreshold',
          },
          // No state: cannot be shown.
          { AlarmName: 'broken' },
        ],
        CompositeAlarms: [
          {
            AlarmName: 'checkout-service-health',
            StateValue: 'ALARM',
            AlarmRule:
              'ALARM("checkout-service-latency-p99") OR ALARM("checkout-service-5xx-rate")',
          },
        ],
      });

    const result = await new AwsAlarmsProvider(awsOps).describeAlarms(target);

    const calls = cloudwatch.commandCalls(DescribeAlarmsCommand);
    expect(calls.map(c => c.args[0].input)).toEqual([
      expect.objectContaining({
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
      }),
      expect.objectContaining({ NextToken: 'page-2' }),
    ]);
    // Every page went through the account's DescribeAlarms quota.
    expect(scheduled).toEqual([
      'cloudwatch:DescribeAlarms',
      'cloudwatch:DescribeAlarms',
    ]);
    expect(result.skipped).toBe(1);
    expect(result.alarms).toEqual([
      expect.objectContaining({
        type: 'metric',
        name: 'checkout-service-latency-p99',
        state: 'ALARM',
        stateUpdatedAt: '2026-11-23T10:00:00.000Z',
        metric: {
          namespace: 'AWS/ApplicationELB',
          name: 'TargetResponseTime',
          dimensions: { LoadBalancer: 'app/alb/1' },
          statistic: 'p99',
          period: 60,
          unit: undefined,
        },
        threshold: 1.5,
        actionsEnabled: true,
        alarmActions: [
          'arn:aws:sns:eu-west-1:111122223333:team-commerce-alerts',
        ],
      }),
      expect.objectContaining({
        type: 'metric',
        name: 'checkout-service-error-ratio',
        // Neither given: no actions run.
        actionsEnabled: false,
        alarmActions: [],
        metric: undefined,
        expression: '100 * errors / requests',
        arn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:checkout-service-error-ratio',
      }),
      expect.objectContaining({
        type: 'composite',
        name: 'checkout-service-health',
        state: 'ALARM',
        rule: 'ALARM("checkout-service-latency-p99") OR ALARM("checkout-service-5xx-rate")',
        consoleUrl:
          'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/checkout-service-health',
      }),
    ]);
  });

  it('batches metric queries 500 per call, follows NextToken and drops unreadable datapoints', async () => {
    const queries: MetricQuery[] = Array.from({ length: 501 }, (_, i) => ({
      id: `m${i}`,
      alarmName: `alarm-${i}`,
      metric: {
        namespace: 'NS',
        name: 'M',
        dimensions: { Service: `s${i}` },
        statistic: 'Sum',
        period: 60,
      },
      period: 60,
    }));
    const t = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute));
    cloudwatch
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm0', Timestamps: [t(1)], Values: [1] },
          // Mismatched lengths: the whole result is dropped.
          { Id: 'm1', Timestamps: [t(1), t(2)], Values: [5] },
        ],
        NextToken: 'more',
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm0', Timestamps: [t(3), t(2)], Values: [3, NaN] },
        ],
      })
      .resolvesOnce({
        MetricDataResults: [{ Id: 'm500', Timestamps: [t(0)], Values: [9] }],
      });

    const batch = await new AwsAlarmsProvider(awsOps).getMetricData(
      target,
      queries,
      { start: t(0).getTime(), end: t(60).getTime() },
    );

    const inputs = cloudwatch
      .commandCalls(GetMetricDataCommand)
      .map(c => c.args[0].input);
    expect(inputs.map(i => i.MetricDataQueries!.length)).toEqual([
      MAX_QUERIES_PER_CALL,
      MAX_QUERIES_PER_CALL,
      1,
    ]);
    expect(inputs[1].NextToken).toBe('more');
    expect(inputs[0].MetricDataQueries![0]).toEqual({
      Id: 'm0',
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: 'NS',
          MetricName: 'M',
          Dimensions: [{ Name: 'Service', Value: 's0' }],
        },
        Period: 60,
        Stat: 'Sum',
        Unit: undefined,
      },
    });
    expect(batch.m0).toEqual({
      timestamps: [t(1).toISOString(), t(3).toISOString()],
      values: [1, 3],
      skipped: 1,
    });
    expect(batch.m1).toEqual({ timestamps: [], values: [], skipped: 2 });
    expect(batch.m500.values).toEqual([9]);
    expect(scheduled).toEqual(Array(3).fill('cloudwatch:GetMetricData'));
  });

  // Shapes of `Metrics` arrays as DescribeAlarms returns them for alarms
  // made with metric math (console, CDK `MathExpression`, Terraform `metric_query`).
  const requests5xx = {
    Metric: {
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Dimensions: [{ Name: 'TargetGroup', Value: 'targetgroup/checkout/1' }],
    },
    Period: 300,
    Stat: 'Sum',
  };

  it('charts alarms whose Metrics array holds one MetricStat, alone or under one expression over it', () => {
    expect(
      alarmMetricOf({
        Metrics: [{ Id: 'm1', MetricStat: requests5xx, ReturnData: true }],
      }),
    ).toEqual({
      metric: {
        namespace: 'AWS/ApplicationELB',
        name: 'HTTPCode_Target_5XX_Count',
        dimensions: { TargetGroup: 'targetgroup/checkout/1' },
        statistic: 'Sum',
        period: 300,
        unit: undefined,
        queryId: 'm1',
      },
    });
    const perSecond = alarmMetricOf({
      Metrics: [
        { Id: 'errors', MetricStat: requests5xx, ReturnData: false },
        {
          Id: 'e1',
          Expression: 'FILL(errors, 0) / PERIOD(errors)',
          Label: 'errors per second ("errors" \'errors\')',
          ReturnData: true,
        },
      ],
    });
    expect(perSecond.metric).toMatchObject({ queryId: 'errors', period: 300 });
    expect(perSecond.expression).toBe('FILL(errors, 0) / PERIOD(errors)');
    // Two metrics, or an expression naming another query: listed, not charted.
    expect(
      alarmMetricOf({
        Metrics: [
          { Id: 'errors', MetricStat: requests5xx, ReturnData: false },
          { Id: 'requests', MetricStat: requests5xx, ReturnData: false },
          { Id: 'e1', Expression: '100 * errors / requests' },
        ],
      }),
    ).toEqual({ expression: '100 * errors / requests' });
    // An anomaly detection alarm: its metric is charted, not its band, in
    // whichever order the array lists them.
    expect(
      alarmMetricOf({
        Metrics: [
          {
            Id: 'ad1',
            Expression: 'ANOMALY_DETECTION_BAND(m1, 2)',
            ReturnData: true,
          },
          { Id: 'm1', MetricStat: requests5xx, ReturnData: true },
        ],
        ThresholdMetricId: 'ad1',
      }),
    ).toEqual({ metric: expect.objectContaining({ queryId: 'm1' }) });
    expect(
      alarmMetricOf({
        Metrics: [
          { Id: 'm1', MetricStat: requests5xx, ReturnData: false },
          { Id: 'e1', Expression: 'm1 * other', ReturnData: true },
        ],
      }),
    ).toEqual({ expression: 'm1 * other' });
  });

  it('reads an expression alarm as its metric (not returned) plus the expression with the reference renamed', () => {
    expect(
      renameQueryId(
        `FILL(errors, 0) + SEARCH('{NS} errors', 'Sum', 60) * errors2`,
        'errors',
        'q1_m',
      ),
    ).toBe(`FILL(q1_m, 0) + SEARCH('{NS} errors', 'Sum', 60) * errors2`);
    const metric = alarmMetricOf({
      Metrics: [
        { Id: 'm1', MetricStat: requests5xx, ReturnData: false },
        { Id: 'e1', Expression: 'm1 / PERIOD(m1)', ReturnData: true },
      ],
    }).metric!;
    expect(
      toMetricDataQueries({
        id: 'q1',
        alarmName: 'a',
        metric,
        period: 900,
        expression: 'm1 / PERIOD(m1)',
      }),
    ).toEqual([
      expect.objectContaining({
        Id: 'q1_m',
        ReturnData: false,
        MetricStat: expect.objectContaining({ Period: 900, Stat: 'Sum' }),
      }),
      { Id: 'q1', ReturnData: true, Expression: 'q1_m / PERIOD(q1_m)' },
    ]);
  });
});

/** A StateUpdate item as AWS writes it (the HistoryData sample of the DescribeAlarmHistory docs). */
function historyItem(name: string, time: string, from: string, to: string) {
  return {
    AlarmName: name,
    AlarmType: 'MetricAlarm' as const,
    Timestamp: new Date(time),
    HistoryItemType: 'StateUpdate' as const,
    HistorySummary: `Alarm updated from ${from} to ${to}`,
    HistoryData: JSON.stringify({
      version: '1.0',
      oldState: { stateValue: from, stateReason: 'before' },
      newState: {
        stateValue: to,
        stateReason: `Threshold Crossed: went ${to}`,
        stateReasonData: {
          version: '1.0',
          queryDate: '2026-11-23T10:04:00.419+0000',
          statistic: 'Maximum',
          period: 60,
          recentDatapoints: [2.1, 2.3, 1.9],
          threshold: 1.5,
        },
      },
    }),
  };
}

describe('AwsAlarmsProvider.describeAlarmHistory', () => {
  const range = {
    start: Date.parse('2026-11-23T10:00:00Z'),
    end: Date.parse('2026-11-23T11:00:00Z'),
  };

  it('reads every page of StateUpdate items oldest first, each page through the rate limit, and counts unreadable ones', async () => {
    cloudwatch
      .on(DescribeAlarmHistoryCommand)
      .resolvesOnce({
        AlarmHistoryItems: [
          historyItem('a-latency', '2026-11-23T10:04:00Z', 'OK', 'ALARM'),
          // HistoryData that is not JSON, and one without states.
          {
            ...historyItem('a-x', '2026-11-23T10:05:00Z', 'OK', 'ALARM'),
            HistoryData: '{oops',
          },
          {
            ...historyItem('a-y', '2026-11-23T10:06:00Z', 'OK', 'ALARM'),
            HistoryData: '{"version":"1.0"}',
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        AlarmHistoryItems: [
          // No time.
          {
            ...historyItem('a-z', '2026-11-23T10:07:00Z', 'OK', 'ALARM'),
            Timestamp: undefined,
          },
          historyItem('a-latency', '2026-11-23T10:12:00Z', 'ALARM', 'OK'),
          // EndDate is inclusive at AWS; `end` belongs to the next range.
          historyItem('a-latency', '2026-11-23T11:00:00Z', 'OK', 'ALARM'),
        ],
      });
    const provider = new AwsAlarmsProvider(awsOps);
    const history = await provider.describeAlarmHistory(target, range);

    expect(history.skipped).toBe(3);
    expect(history.changes).toEqual([
      {
        alarmName: 'a-latency',
        timestamp: '2026-11-23T10:04:00.000Z',
        from: 'OK',
        to: 'ALARM',
        reason: 'Threshold Crossed: went ALARM',
        consoleUrl:
          'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/a-latency',
      },
      expect.objectContaining({
        timestamp: '2026-11-23T10:12:00.000Z',
        from: 'ALARM',
        to: 'OK',
      }),
    ]);
    const calls = cloudwatch.commandCalls(DescribeAlarmHistoryCommand);
    expect(calls.map(c => c.args[0].input)).toEqual([
      {
        HistoryItemType: 'StateUpdate',
        StartDate: new Date(range.start),
        EndDate: new Date(range.end),
        ScanBy: 'TimestampAscending',
        MaxRecords: 100,
        NextToken: undefined,
      },
      expect.objectContaining({ NextToken: 'page-2' }),
    ]);
    expect(scheduled).toEqual([
      'cloudwatch:DescribeAlarmHistory',
      'cloudwatch:DescribeAlarmHistory',
    ]);
  });

  it('fails as a whole when a later page is throttled, so no partial history is cached as complete', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
    });
    cloudwatch
      .on(DescribeAlarmHistoryCommand)
      .resolvesOnce({
        AlarmHistoryItems: [
          historyItem('a-latency', '2026-11-23T10:04:00Z', 'OK', 'ALARM'),
        ],
        NextToken: 'page-2',
      })
      .rejectsOnce(throttled);
    const provider = new AwsAlarmsProvider(awsOps);
    await expect(
      provider.describeAlarmHistory(target, range),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(cloudwatch.commandCalls(DescribeAlarmHistoryCommand)).toHaveLength(
      2,
    );
  });
});
