import {
  CloudWatchClient,
  CompositeAlarm as SdkCompositeAlarm,
  MetricAlarm as SdkMetricAlarm,
  MetricDataQuery,
  paginateDescribeAlarms,
  paginateGetMetricData,
} from '@aws-sdk/client-cloudwatch';
import {
  AwsOpsService,
  AwsTarget,
} from '@internal/backstage-plugin-aws-ops-node';
import { AlarmStateValue } from '@internal/backstage-plugin-cloudwatch-common';
import {
  AccountAlarms,
  AlarmRecord,
  AlarmsProvider,
  alarmConsoleUrl,
  MetricQuery,
  MetricRange,
  MetricSeriesBatch,
} from './types';

/** GetMetricData accepts at most this many queries per call. */
export const MAX_QUERIES_PER_CALL = 500;
/** DescribeAlarms returns at most this many alarms per page. */
const ALARMS_PAGE_SIZE = 100;

const STATES = new Set<string>(['ALARM', 'INSUFFICIENT_DATA', 'OK']);

function iso(date: Date | undefined): string {
  return date ? date.toISOString() : new Date(0).toISOString();
}

function base(
  alarm: SdkMetricAlarm | SdkCompositeAlarm,
  target: AwsTarget,
): Omit<AlarmRecord, 'type'> | undefined {
  if (!alarm.AlarmName || !STATES.has(alarm.StateValue ?? '')) {
    return undefined;
  }
  return {
    name: alarm.AlarmName,
    arn:
      alarm.AlarmArn ??
      `arn:aws:cloudwatch:${target.region}:${target.accountId}:alarm:${alarm.AlarmName}`,
    description: alarm.AlarmDescription || undefined,
    accountId: target.accountId,
    region: target.region,
    state: alarm.StateValue as AlarmStateValue,
    stateReason: alarm.StateReason ?? '',
    stateUpdatedAt: iso(alarm.StateUpdatedTimestamp),
    actionsEnabled: alarm.ActionsEnabled ?? false,
    consoleUrl: alarmConsoleUrl(target.region, alarm.AlarmName),
  };
}

/** Our own shape of a metric alarm; undefined when it has no name or state. */
export function toMetricAlarmRecord(
  alarm: SdkMetricAlarm,
  target: AwsTarget,
): AlarmRecord | undefined {
  const common = base(alarm, target);
  if (!common) return undefined;
  const statistic = alarm.ExtendedStatistic ?? alarm.Statistic;
  // Alarms on metric math or anomaly bands have `Metrics` instead of one metric.
  const metric =
    alarm.Namespace && alarm.MetricName && statistic && alarm.Period
      ? {
          namespace: alarm.Namespace,
          name: alarm.MetricName,
          dimensions: Object.fromEntries(
            (alarm.Dimensions ?? []).map(d => [d.Name ?? '', d.Value ?? '']),
          ),
          statistic,
          period: alarm.Period,
          unit: alarm.Unit,
        }
      : undefined;
  const expression = alarm.Metrics?.find(
    m => m.ReturnData !== false,
  )?.Expression;
  return {
    ...common,
    type: 'metric',
    metric,
    expression: metric ? undefined : expression,
    threshold: alarm.Threshold,
    comparisonOperator: alarm.ComparisonOperator ?? '',
    evaluationPeriods: alarm.EvaluationPeriods ?? 1,
    datapointsToAlarm: alarm.DatapointsToAlarm,
    treatMissingData: alarm.TreatMissingData,
  };
}

export function toCompositeAlarmRecord(
  alarm: SdkCompositeAlarm,
  target: AwsTarget,
): AlarmRecord | undefined {
  const common = base(alarm, target);
  if (!common || !alarm.AlarmRule) return undefined;
  return { ...common, type: 'composite', rule: alarm.AlarmRule };
}

/**
 * Keeps the datapoints of a GetMetricData result that can be charted: equal
 * numbers of timestamps and values, finite values, oldest first.
 */
export function sanitizeSeries(
  timestamps: Date[] | undefined,
  values: number[] | undefined,
): { timestamps: string[]; values: number[]; skipped: number } {
  const times = timestamps ?? [];
  const vals = values ?? [];
  if (times.length !== vals.length) {
    return {
      timestamps: [],
      values: [],
      skipped: Math.max(times.length, vals.length),
    };
  }
  const points = times
    .map((time, i) => ({ time: time?.getTime?.(), value: vals[i] }))
    .filter(p => Number.isFinite(p.time) && Number.isFinite(p.value))
    .sort((a, b) => a.time! - b.time!);
  return {
    timestamps: points.map(p => new Date(p.time!).toISOString()),
    values: points.map(p => p.value),
    skipped: times.length - points.length,
  };
}

/** Reads alarms and metric data through the shared per-account+region client. */
export class AwsAlarmsProvider implements AlarmsProvider {
  readonly source = 'aws' as const;

  constructor(private readonly awsOps: AwsOpsService) {}

  async describeAlarms(target: AwsTarget): Promise<AccountAlarms> {
    const client = await this.awsOps.clients.getClient(
      CloudWatchClient,
      target,
    );
    const result: AccountAlarms = { alarms: [], skipped: 0 };
    const pages = paginateDescribeAlarms(
      { client, pageSize: ALARMS_PAGE_SIZE },
      { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] },
    );
    for await (const page of pages) {
      for (const alarm of page.MetricAlarms ?? []) {
        const record = toMetricAlarmRecord(alarm, target);
        if (record) result.alarms.push(record);
        else result.skipped++;
      }
      for (const alarm of page.CompositeAlarms ?? []) {
        const record = toCompositeAlarmRecord(alarm, target);
        if (record) result.alarms.push(record);
        else result.skipped++;
      }
    }
    return result;
  }

  async getMetricData(
    target: AwsTarget,
    queries: MetricQuery[],
    range: MetricRange,
  ): Promise<MetricSeriesBatch> {
    const client = await this.awsOps.clients.getClient(
      CloudWatchClient,
      target,
    );
    const batch: MetricSeriesBatch = {};
    for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_CALL) {
      const chunk: MetricDataQuery[] = queries
        .slice(i, i + MAX_QUERIES_PER_CALL)
        .map(query => ({
          Id: query.id,
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: query.metric.namespace,
              MetricName: query.metric.name,
              Dimensions: Object.entries(query.metric.dimensions).map(
                ([Name, Value]) => ({ Name, Value }),
              ),
            },
            Period: range.period,
            Stat: query.metric.statistic,
            Unit: query.metric.unit as any,
          },
        }));
      const raw: Record<
        string,
        { timestamps: Date[]; values: number[]; skipped: number }
      > = {};
      // Results of one query may be spread over pages (PartialData).
      for await (const page of paginateGetMetricData(
        { client },
        {
          MetricDataQueries: chunk,
          StartTime: new Date(range.start),
          EndTime: new Date(range.end),
          ScanBy: 'TimestampAscending',
        },
      )) {
        for (const result of page.MetricDataResults ?? []) {
          if (!result.Id) continue;
          const entry = (raw[result.Id] ??= {
            timestamps: [],
            values: [],
            skipped: 0,
          });
          const clean = sanitizeSeries(result.Timestamps, result.Values);
          entry.skipped += clean.skipped;
          entry.timestamps.push(...clean.timestamps.map(t => new Date(t)));
          entry.values.push(...clean.values);
        }
      }
      for (const [id, entry] of Object.entries(raw)) {
        const { timestamps, values } = sanitizeSeries(
          entry.timestamps,
          entry.values,
        );
        batch[id] = { timestamps, values, skipped: entry.skipped };
      }
    }
    return batch;
  }
}
