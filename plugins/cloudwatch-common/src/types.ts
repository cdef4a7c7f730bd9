import { AwsOpsResponse } from '@internal/backstage-plugin-aws-ops-common';

export type AlarmStateValue = 'ALARM' | 'INSUFFICIENT_DATA' | 'OK';

/** Worst first: the order the UI lists alarms in. */
export const ALARM_STATE_ORDER: AlarmStateValue[] = [
  'ALARM',
  'INSUFFICIENT_DATA',
  'OK',
];

/** How far back the chart of each alarm's metric reaches. */
export type AlarmWindow = '1h' | '3h' | '12h' | '24h' | '7d';

export const ALARM_WINDOWS: AlarmWindow[] = ['1h', '3h', '12h', '24h', '7d'];
export const DEFAULT_ALARM_WINDOW: AlarmWindow = '3h';

export function isAlarmWindow(value: unknown): value is AlarmWindow {
  return ALARM_WINDOWS.includes(value as AlarmWindow);
}

/** How an alarm came to belong to the entity. */
export type AlarmMatch = 'prefix' | 'name';

export interface AlarmMetric {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  /** `Average`, `Sum`, ... or an extended statistic such as `p99`. */
  statistic: string;
  /** Seconds per datapoint the alarm evaluates. */
  period: number;
  unit?: string;
  /**
   * For alarms whose `Metrics` array holds this one MetricStat: its query id,
   * which the alarm's `expression` (when it has one) refers to it by.
   */
  queryId?: string;
}

/** The alarm's metric over the selected window, oldest first. */
export interface AlarmSeries {
  /** ISO times. */
  timestamps: string[];
  values: number[];
  /**
   * Seconds per datapoint of the chart: the alarm's own period, or a whole
   * multiple of it when the window would otherwise hold more than
   * `MAX_CHART_POINTS` points (see `perAlarmPeriod`).
   */
  period: number;
  /** The statistic the values are, the alarm's own (`Sum`, `p99`, ...). */
  statistic: string;
  /** The alarm's period, which its threshold applies to. */
  alarmPeriod: number;
  /**
   * Set when `period` is a multiple of `alarmPeriod` and the statistic adds
   * up over time (`Sum`, `SampleCount`): each value was divided by
   * `period / alarmPeriod`, so it stays comparable to the threshold (the
   * mean per alarm period within the chart period).
   */
  perAlarmPeriod?: boolean;
  /** The metric math expression charted, when the alarm evaluates one over its metric. */
  expression?: string;
}

/** Most points per chart line before the chart period becomes a multiple of the alarm's. */
export const MAX_CHART_POINTS = 1440;

interface AlarmBase {
  name: string;
  arn: string;
  description?: string;
  environment: string;
  accountId: string;
  region: string;
  state: AlarmStateValue;
  stateReason: string;
  /** ISO time of the last state change. */
  stateUpdatedAt: string;
  actionsEnabled: boolean;
  /**
   * ARNs of what the alarm runs when it goes to ALARM (SNS topics, Auto
   * Scaling or Systems Manager actions). Absent when the source does not say.
   */
  alarmActions?: string[];
  matchedBy: AlarmMatch;
  consoleUrl: string;
}

export interface MetricAlarm extends AlarmBase {
  type: 'metric';
  /**
   * The metric the alarm evaluates: its own metric, or the one MetricStat of
   * its `Metrics` array. Absent for metric math over several metrics and for
   * anomaly bands; those are listed with `expression` but not charted.
   */
  metric?: AlarmMetric;
  /**
   * Metric math expression the alarm evaluates, when it has one (over
   * `metric`, referred to by `metric.queryId`, when that is set).
   */
  expression?: string;
  threshold?: number;
  /** e.g. `GreaterThanOrEqualToThreshold`. */
  comparisonOperator: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  treatMissingData?: string;
  /** Absent when the metric data could not be read (see `errors`). */
  series?: AlarmSeries;
}

export interface CompositeAlarm extends AlarmBase {
  type: 'composite';
  /** e.g. `ALARM("checkout-service-5xx") AND ALARM("checkout-service-latency-p99")`. */
  rule: string;
}

export type Alarm = MetricAlarm | CompositeAlarm;

/** `GET /api/cloudwatch/entities/:kind/:namespace/:name/alarms?window=3h` */
export interface EntityAlarmsResponse extends AwsOpsResponse {
  entityRef: string;
  window: AlarmWindow;
  /** How alarms were matched to the entity (from its annotations and defaults). */
  linking: {
    /** Alarms named `<prefix>-...` belong to the entity. */
    prefix: string;
    /** Explicit alarm names from `aws-ops.io/alarm-names`. */
    names: string[];
    /** Environments whose account and region were searched. */
    environments: string[];
  };
  /** Worst state first, then by name. */
  alarms: Alarm[];
  /** Things that were left out and why, counted rather than fatal. */
  skipped: {
    /** Alarms DescribeAlarms returned in a shape we could not read. */
    alarms: number;
    /** Metric data results with mismatched timestamps/values or non-finite values. */
    datapoints: number;
  };
}

/**
 * The entity's alarms as DescribeAlarms lists them (the cached read only, no
 * metric data): what the scorecard's alarm facts are read from.
 */
export interface EntityAlarmListResponse extends AwsOpsResponse {
  entityRef: string;
  /** Worst state first, then by name; metric alarms carry no `series`. */
  alarms: Alarm[];
}

/** Cheap per-entity alarm state from the cached DescribeAlarms only (no metric data). */
export interface EntityAlarmSummary extends AwsOpsResponse {
  entityRef: string;
  /** NONE: no alarm linked to the entity. */
  worstState: AlarmStateValue | 'NONE';
  counts: Record<AlarmStateValue, number>;
  /** The alarms in ALARM. */
  alarming: {
    name: string;
    environment: string;
    stateReason: string;
    stateUpdatedAt: string;
    consoleUrl: string;
  }[];
}

/**
 * One state change of an alarm, from CloudWatch's alarm history
 * (`DescribeAlarmHistory`, `HistoryItemType=StateUpdate`).
 */
export interface AlarmStateChange {
  alarmName: string;
  /** The environment of the account+region the alarm is in. */
  environment: string;
  /** ISO time of the change. */
  timestamp: string;
  from: AlarmStateValue;
  to: AlarmStateValue;
  /** CloudWatch's reason for the new state. */
  reason: string;
  consoleUrl: string;
}

/** `GET /api/cloudwatch/entities/:kind/:namespace/:name/history` */
export interface EntityAlarmHistoryResponse extends AwsOpsResponse {
  entityRef: string;
  /** ISO bounds of what was asked for. */
  start: string;
  end: string;
  /** State changes of the alarms linked to the entity, oldest first. */
  changes: AlarmStateChange[];
  /**
   * History items of the searched accounts that could not be read (no name
   * or time, HistoryData not the JSON AWS writes): counted, not fatal.
   */
  skipped?: number;
}
