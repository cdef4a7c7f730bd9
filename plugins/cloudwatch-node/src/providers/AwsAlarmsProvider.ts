import {
  AlarmHistoryItem,
  CloudWatchClient,
  CompositeAlarm as SdkCompositeAlarm,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  MetricAlarm as SdkMetricAlarm,
  MetricDataQuery,
  MetricStat,
} from '@aws-sdk/client-cloudwatch';
import {
  AwsOpsService,
  AwsTarget,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  AlarmMetric,
  AlarmStateValue,
} from '@internal/backstage-plugin-cloudwatch-common';
import {
  AccountAlarmHistory,
  AccountAlarms,
  AlarmHistoryRecord,
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
/** DescribeAlarmHistory returns at most this many items per page (MaxRecords 1-100). */
export const HISTORY_PAGE_SIZE = 100;

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
    alarmActions: alarm.AlarmActions ?? [],
    consoleUrl: alarmConsoleUrl(target.region, alarm.AlarmName),
  };
}

/** String literals of a metric math expression (SEARCH terms, labels). */
const STRING_LITERAL = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/;
/** Query ids start lowercase; metric math functions and keywords are uppercase. */
const QUERY_ID = /\b[a-z][a-zA-Z0-9_]*\b/g;

/** The query ids an expression refers to (outside its string literals). */
export function idsInExpression(expression: string): string[] {
  return expression
    .split(STRING_LITERAL)
    .filter((_, i) => i % 2 === 0)
    .flatMap(part => part.match(QUERY_ID) ?? []);
}

/** `expression` with every reference to query `from` renamed to `to`. */
export function renameQueryId(
  expression: string,
  from: string,
  to: string,
): string {
  return expression
    .split(STRING_LITERAL)
    .map((part, i) =>
      i % 2 === 0
        ? part.replace(QUERY_ID, id => (id === from ? to : id))
        : part,
    )
    .join('');
}

function metricOfStat(
  stat: MetricStat | undefined,
  queryId?: string,
): AlarmMetric | undefined {
  if (!stat?.Metric?.Namespace || !stat.Metric.MetricName) return undefined;
  if (!stat.Stat || !stat.Period) return undefined;
  return {
    namespace: stat.Metric.Namespace,
    name: stat.Metric.MetricName,
    dimensions: Object.fromEntries(
      (stat.Metric.Dimensions ?? []).map(d => [d.Name ?? '', d.Value ?? '']),
    ),
    statistic: stat.Stat,
    period: stat.Period,
    unit: stat.Unit,
    ...(queryId ? { queryId } : {}),
  };
}

/**
 * The metric an alarm evaluates and the expression it applies, if any. An
 * alarm on one metric has it in its top-level fields. An alarm with a
 * `Metrics` array is charted when the array holds exactly one MetricStat and
 * returns either that metric or one expression over it alone (e.g.
 * `FILL(m1, 0)`, `m1 / PERIOD(m1)`); metric math over several metrics and
 * anomaly bands are listed with their expression only.
 */
export function alarmMetricOf(alarm: SdkMetricAlarm): {
  metric?: AlarmMetric;
  expression?: string;
} {
  const statistic = alarm.ExtendedStatistic ?? alarm.Statistic;
  if (alarm.Namespace && alarm.MetricName && statistic && alarm.Period) {
    return {
      metric: metricOfStat({
        Metric: {
          Namespace: alarm.Namespace,
          MetricName: alarm.MetricName,
          Dimensions: alarm.Dimensions,
        },
        Stat: statistic,
        Period: alarm.Period,
        Unit: alarm.Unit,
      }),
    };
  }
  const queries = alarm.Metrics ?? [];
  // The alarm evaluates the one query that returns data; an anomaly
  // detection alarm also returns its band, named by ThresholdMetricId.
  const returned =
    queries.find(
      q => q.ReturnData !== false && q.Id !== alarm.ThresholdMetricId,
    ) ?? (queries.length === 1 ? queries[0] : undefined);
  const stats = queries.filter(q => q.MetricStat);
  const expressions = queries.filter(
    q => q.Expression && q.Id !== alarm.ThresholdMetricId,
  );
  if (returned && stats.length === 1 && stats[0].Id) {
    const source = stats[0];
    const metric = metricOfStat(source.MetricStat, source.Id);
    if (metric && returned === source) {
      return { metric };
    }
    const expression = returned.Expression;
    if (
      metric &&
      expression &&
      expressions.length === 1 &&
      idsInExpression(expression).every(id => id === source.Id)
    ) {
      return { metric, expression };
    }
  }
  return { expression: returned?.Expression };
}

/** Our own shape of a metric alarm; undefined when it has no name or state. */
export function toMetricAlarmRecord(
  alarm: SdkMetricAlarm,
  target: AwsTarget,
): AlarmRecord | undefined {
  const common = base(alarm, target);
  if (!common) return undefined;
  const { metric, expression } = alarmMetricOf(alarm);
  return {
    ...common,
    type: 'metric',
    metric,
    expression,
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
 * Our own shape of a StateUpdate history item: the old and new state and the
 * new state's reason from its `HistoryData` JSON
 * (`{"version":"1.0","oldState":{"stateValue":...},"newState":{"stateValue":...,"stateReason":...}}`).
 * Undefined when it has no name or time, or HistoryData is not that JSON.
 */
export function toAlarmHistoryRecord(
  item: AlarmHistoryItem,
  target: AwsTarget,
): AlarmHistoryRecord | undefined {
  const time = item.Timestamp?.getTime?.();
  if (!item.AlarmName || !Number.isFinite(time) || !item.HistoryData) {
    return undefined;
  }
  let data: any;
  try {
    data = JSON.parse(item.HistoryData);
  } catch {
    return undefined;
  }
  const from = data?.oldState?.stateValue;
  const to = data?.newState?.stateValue;
  const reason = data?.newState?.stateReason;
  if (!STATES.has(from) || !STATES.has(to)) return undefined;
  return {
    alarmName: item.AlarmName,
    timestamp: new Date(time!).toISOString(),
    from,
    to,
    reason: typeof reason === 'string' ? reason : '',
    consoleUrl: alarmConsoleUrl(target.region, item.AlarmName),
  };
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
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      // Each page is one call against the account's DescribeAlarms quota.
      const page = await this.awsOps.limits.schedule(
        'cloudwatch:DescribeAlarms',
        target,
        () =>
          client.send(
            new DescribeAlarmsCommand({
              AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
              MaxRecords: ALARMS_PAGE_SIZE,
              NextToken: token,
            }),
          ),
      );
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
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return result;
  }

  /**
   * One paged stream over the whole account+region's alarm history in the
   * range: StateUpdate items only, oldest first (TimestampAscending, so the
   * pages arrive in the order the timeline shows them), 100 per page, each
   * page one call against the DescribeAlarmHistory quota. The pages are read
   * one by one rather than through `paginateDescribeAlarmHistory` so that
   * each call is scheduled through the per-API rate limit.
   */
  async describeAlarmHistory(
    target: AwsTarget,
    range: MetricRange,
  ): Promise<AccountAlarmHistory> {
    const client = await this.awsOps.clients.getClient(
      CloudWatchClient,
      target,
    );
    const result: AccountAlarmHistory = { changes: [], skipped: 0 };
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await this.awsOps.limits.schedule(
        'cloudwatch:DescribeAlarmHistory',
        target,
        () =>
          client.send(
            new DescribeAlarmHistoryCommand({
              HistoryItemType: 'StateUpdate',
              StartDate: new Date(range.start),
              EndDate: new Date(range.end),
              ScanBy: 'TimestampAscending',
              MaxRecords: HISTORY_PAGE_SIZE,
              NextToken: token,
            }),
          ),
      );
      for (const item of page.AlarmHistoryItems ?? []) {
        const record = toAlarmHistoryRecord(item, target);
        if (!record) {
          result.skipped++;
          continue;
        }
        // EndDate is inclusive: an item at `end` belongs to the next range.
        const time = Date.parse(record.timestamp);
        if (time >= range.start && time < range.end) {
          result.changes.push(record);
        }
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    // Stable order whatever order items of the same millisecond came in.
    result.changes.sort(
      (a, b) =>
        a.timestamp.localeCompare(b.timestamp) ||
        a.alarmName.localeCompare(b.alarmName, 'en'),
    );
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
    for (const chunk of chunkQueries(queries.map(toMetricDataQueries))) {
      const raw: Record<
        string,
        { timestamps: Date[]; values: number[]; skipped: number }
      > = {};
      // Results of one query may be spread over pages (PartialData).
      let nextToken: string | undefined;
      do {
        const token = nextToken;
        const page = await this.awsOps.limits.schedule(
          'cloudwatch:GetMetricData',
          target,
          () =>
            client.send(
              new GetMetricDataCommand({
                MetricDataQueries: chunk,
                StartTime: new Date(range.start),
                EndTime: new Date(range.end),
                ScanBy: 'TimestampAscending',
                NextToken: token,
              }),
            ),
        );
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
        nextToken = page.NextToken || undefined;
      } while (nextToken);
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

/**
 * The GetMetricData queries of one chart line: the metric at the line's
 * period and the alarm's statistic, or, for an expression over it, the
 * metric (not returned) and the expression with its reference renamed.
 */
export function toMetricDataQueries(query: MetricQuery): MetricDataQuery[] {
  const stat = (Id: string, ReturnData: boolean): MetricDataQuery => ({
    Id,
    ReturnData,
    MetricStat: {
      Metric: {
        Namespace: query.metric.namespace,
        MetricName: query.metric.name,
        Dimensions: Object.entries(query.metric.dimensions).map(
          ([Name, Value]) => ({ Name, Value }),
        ),
      },
      Period: query.period,
      Stat: query.metric.statistic,
      Unit: query.metric.unit as MetricStat['Unit'],
    },
  });
  if (!query.expression || !query.metric.queryId) {
    return [stat(query.id, true)];
  }
  const metricId = `${query.id}_m`;
  return [
    stat(metricId, false),
    {
      Id: query.id,
      ReturnData: true,
      Expression: renameQueryId(
        query.expression,
        query.metric.queryId,
        metricId,
      ),
    },
  ];
}

/** Calls of at most MAX_QUERIES_PER_CALL queries, a line's queries kept together. */
function chunkQueries(lines: MetricDataQuery[][]): MetricDataQuery[][] {
  const chunks: MetricDataQuery[][] = [];
  let chunk: MetricDataQuery[] = [];
  for (const line of lines) {
    if (chunk.length + line.length > MAX_QUERIES_PER_CALL) {
      chunks.push(chunk);
      chunk = [];
    }
    chunk.push(...line);
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
}
