import { AwsOpsSource } from '@internal/backstage-plugin-aws-ops-common';
import { AwsTarget } from '@internal/backstage-plugin-aws-ops-node';
import {
  AlarmMetric,
  AlarmStateChange,
  CompositeAlarm,
  MetricAlarm,
} from '@internal/backstage-plugin-cloudwatch-common';

/** What an alarm is in its account, before it is linked to an entity. */
export type AlarmRecord =
  | Omit<MetricAlarm, 'environment' | 'matchedBy' | 'series'>
  | Omit<CompositeAlarm, 'environment' | 'matchedBy'>;

/** Every alarm of one account+region: the unit DescribeAlarms is cached by. */
export interface AccountAlarms {
  alarms: AlarmRecord[];
  /** Alarms returned in a shape we cannot read (no name, no state). */
  skipped: number;
}

/** One chart line to read: an alarm's metric and statistic. */
export interface MetricQuery {
  /** GetMetricData query id: `^[a-z][a-zA-Z0-9_]*$`. */
  id: string;
  alarmName: string;
  metric: AlarmMetric;
  /** Seconds per datapoint to read (the alarm's period or a multiple of it). */
  period: number;
  /**
   * The alarm's metric math over `metric`, which it names `metric.queryId`:
   * the line is this expression's result rather than the metric itself.
   */
  expression?: string;
}

export interface MetricRange {
  /** Epoch milliseconds. */
  start: number;
  end: number;
}

/** One chart line, oldest first, and how many datapoints had to be dropped. */
export interface SeriesLine {
  /** ISO times. */
  timestamps: string[];
  values: number[];
  skipped: number;
}

/** Chart lines by query id. */
export type MetricSeriesBatch = Record<string, SeriesLine>;

/** One StateUpdate item of an account's alarm history, before it is linked to an entity. */
export type AlarmHistoryRecord = Omit<AlarmStateChange, 'environment'>;

/**
 * The StateUpdate items of one account+region in a time range, oldest first:
 * the unit DescribeAlarmHistory is read and cached by (every alarm of the
 * account at once, never one call per alarm).
 */
export interface AccountAlarmHistory {
  changes: AlarmHistoryRecord[];
  /** Items returned in a shape we cannot read (no name or time, HistoryData not the JSON AWS writes). */
  skipped: number;
}

/**
 * Where alarms and metric data come from: real AWS or the simulated account.
 * Both return the same plain shapes, so caching, linking and the route do not
 * know which one runs.
 */
export interface AlarmsProvider {
  readonly source: AwsOpsSource;
  /** Every metric and composite alarm of the account+region (all pages). */
  describeAlarms(target: AwsTarget): Promise<AccountAlarms>;
  /** The metric of each query over the range, in as few calls as possible. */
  getMetricData(
    target: AwsTarget,
    queries: MetricQuery[],
    range: MetricRange,
  ): Promise<MetricSeriesBatch>;
  /**
   * Every alarm's state changes (StateUpdate items) in the account+region
   * with `range.start <= timestamp < range.end`, oldest first (all pages).
   */
  describeAlarmHistory(
    target: AwsTarget,
    range: MetricRange,
  ): Promise<AccountAlarmHistory>;
}

/** `https://<region>.console.aws.amazon.com/cloudwatch/home?region=<region>#alarmsV2:alarm/<name>` */
export function alarmConsoleUrl(region: string, name: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(
    name,
  )}`;
}
