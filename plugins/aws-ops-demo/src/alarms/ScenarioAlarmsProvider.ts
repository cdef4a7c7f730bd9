import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  AwsOpsEnvironment,
  awsOpsServiceRef,
  AwsTarget,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  AccountAlarmHistory,
  AccountAlarms,
  alarmConsoleUrl,
  AlarmHistoryRecord,
  AlarmRecord,
  AlarmsProvider,
  cloudWatchAlarmsProviderServiceRef,
  MetricQuery,
  MetricRange,
  MetricSeriesBatch,
} from '@internal/backstage-plugin-cloudwatch-node';
import { Scenario } from '../scenario';
import { demoScenarioServiceRef } from '../service';
import {
  AlarmsSection,
  isCompositeAlarm,
  readAlarmsSection,
  ScenarioAlarm,
  ScenarioMetricAlarm,
} from './schema';
import {
  aggregate,
  alarmsIn,
  changeTimes,
  compositeStateOf,
  datapointsOf,
  dimensionsOf,
  stateAt,
} from './story';

/**
 * The scenario's `alarms` section through the alarms provider interface: the
 * alarms of the environments in an account+region (the first environment's
 * where two share one, as alarm names are unique there), in the state their
 * story holds at the scenario clock's now, their metric read as
 * GetMetricData reads it, and their state changes over past cycles as
 * DescribeAlarmHistory lists them.
 */
export class ScenarioAlarmsProvider implements AlarmsProvider {
  readonly source = 'demo' as const;
  private readonly section: AlarmsSection;

  constructor(
    private readonly scenario: Scenario,
    private readonly environments: AwsOpsEnvironment[],
  ) {
    this.section = readAlarmsSection(scenario);
  }

  async describeAlarms(target: AwsTarget): Promise<AccountAlarms> {
    const { clock } = this.scenario;
    const now = clock.now();
    const records = new Map<string, AlarmRecord>();
    const common = (name: string, description: string | undefined) => ({
      name,
      arn: `arn:aws:cloudwatch:${target.region}:${target.accountId}:alarm:${name}`,
      description,
      accountId: target.accountId,
      region: target.region,
      consoleUrl: alarmConsoleUrl(target.region, name),
    });
    const actionsOf = (alarm: ScenarioMetricAlarm) => ({
      actionsEnabled: alarm.actionsEnabled,
      alarmActions: alarm.actions.map(
        topic => `arn:aws:sns:${target.region}:${target.accountId}:${topic}`,
      ),
    });
    const here = this.environmentsOf(target);
    for (const env of here) {
      for (const alarm of alarmsIn(this.section, env.name)) {
        if (isCompositeAlarm(alarm) || records.has(alarm.name)) continue;
        const story = alarm.environments[env.name];
        const { state, since, reason } = stateAt(
          this.section,
          story,
          clock,
          now,
        );
        records.set(alarm.name, {
          ...common(alarm.name, alarm.description),
          ...actionsOf(alarm),
          state,
          stateReason: reason,
          stateUpdatedAt: new Date(since).toISOString(),
          type: 'metric',
          metric: {
            namespace: alarm.metric.namespace,
            name: alarm.metric.name,
            dimensions: dimensionsOf(alarm, story),
            statistic: alarm.metric.statistic,
            period: alarm.metric.period,
            ...(alarm.metric.unit ? { unit: alarm.metric.unit } : {}),
          },
          threshold: alarm.threshold,
          comparisonOperator: alarm.comparison,
          evaluationPeriods: alarm.evaluationPeriods,
          datapointsToAlarm: alarm.datapointsToAlarm,
          treatMissingData: alarm.treatMissingData,
        });
      }
    }
    for (const env of here) {
      for (const alarm of alarmsIn(this.section, env.name)) {
        if (!isCompositeAlarm(alarm) || records.has(alarm.name)) continue;
        const { state, since, reason } = compositeStateOf(
          alarm.children.map(child => {
            const record = records.get(child)!;
            return {
              arn: record.arn,
              state: record.state,
              since: Date.parse(record.stateUpdatedAt),
            };
          }),
        );
        // Since its own last change (as its history has it), when a child's
        // story changes within the last cycle.
        const [last] = this.changesOf(
          target,
          env.name,
          alarm,
          now - clock.cycleMs,
          now + 1,
        ).slice(-1);
        records.set(alarm.name, {
          ...common(alarm.name, alarm.description),
          actionsEnabled: true,
          state,
          stateReason: reason,
          stateUpdatedAt: last?.timestamp ?? new Date(since).toISOString(),
          type: 'composite',
          rule: alarm.children.map(child => `ALARM("${child}")`).join(' OR '),
        });
      }
    }
    return { alarms: [...records.values()], skipped: 0 };
  }

  async getMetricData(
    target: AwsTarget,
    queries: MetricQuery[],
    range: MetricRange,
  ): Promise<MetricSeriesBatch> {
    const { clock } = this.scenario;
    const now = clock.now();
    const batch: MetricSeriesBatch = {};
    for (const query of queries) {
      const line = {
        timestamps: [] as string[],
        values: [] as number[],
        skipped: 0,
      };
      batch[query.id] = line;
      const latency = this.dynamodbLatencyOf(target, query);
      if (latency !== undefined) {
        // One datapoint per period counted from the range's start, up to now.
        const step = query.period * 1000;
        for (let start = range.start; start < range.end; start += step) {
          if (start > now) break;
          line.timestamps.push(new Date(start).toISOString());
          line.values.push(latency);
        }
        continue;
      }
      const found = this.storyOf(target, query.alarmName);
      if (!found) continue;
      const { env, alarm } = found;
      const points = datapointsOf({
        section: this.section,
        environment: env,
        alarm,
        story: alarm.environments[env],
        clock,
        from: range.start,
        to: Math.min(range.end, now + 1),
      });
      // Periods counted from the range's start, like GetMetricData's.
      const step = query.period * 1000;
      let i = 0;
      for (let start = range.start; start < range.end; start += step) {
        const values: number[] = [];
        while (i < points.length && points[i].time < start + step) {
          values.push(points[i++].value);
        }
        if (values.length) {
          line.timestamps.push(new Date(start).toISOString());
          line.values.push(aggregate(query.metric.statistic, values));
        }
      }
    }
    return batch;
  }

  /**
   * Every change of the stories' states in the range, up to the scenario
   * clock's now: for each cycle, the state before and after each `at`
   * minute (the same `stateAt` describeAlarms shows), and a composite
   * alarm's state at each change of its children.
   */
  async describeAlarmHistory(
    target: AwsTarget,
    range: MetricRange,
  ): Promise<AccountAlarmHistory> {
    const end = Math.min(range.end, this.scenario.clock.now() + 1);
    const changes: AlarmHistoryRecord[] = [];
    const seen = new Set<string>();
    for (const env of this.environmentsOf(target)) {
      for (const alarm of alarmsIn(this.section, env.name)) {
        if (seen.has(alarm.name)) continue;
        seen.add(alarm.name);
        changes.push(
          ...this.changesOf(target, env.name, alarm, range.start, end),
        );
      }
    }
    changes.sort(
      (a, b) =>
        a.timestamp.localeCompare(b.timestamp) ||
        a.alarmName.localeCompare(b.alarmName, 'en'),
    );
    return { changes, skipped: 0 };
  }

  /** The state changes of one alarm of an environment in [start, end), oldest first. */
  private changesOf(
    target: AwsTarget,
    environment: string,
    alarm: ScenarioAlarm,
    start: number,
    end: number,
  ): AlarmHistoryRecord[] {
    const { clock } = this.scenario;
    const storyOf = (name: string) =>
      (
        alarmsIn(this.section, environment).find(
          a => a.name === name,
        ) as ScenarioMetricAlarm
      ).environments[environment];
    let times: number[];
    let at: (time: number) => {
      state: AlarmHistoryRecord['to'];
      reason: string;
    };
    if (isCompositeAlarm(alarm)) {
      times = [
        ...new Set(
          alarm.children.flatMap(child =>
            changeTimes(storyOf(child), clock, start, end),
          ),
        ),
      ].sort((a, b) => a - b);
      at = time =>
        compositeStateOf(
          alarm.children.map(child => ({
            arn: `arn:aws:cloudwatch:${target.region}:${target.accountId}:alarm:${child}`,
            ...stateAt(this.section, storyOf(child), clock, time),
          })),
        );
    } else {
      const story = alarm.environments[environment];
      times = changeTimes(story, clock, start, end);
      at = time => stateAt(this.section, story, clock, time);
    }
    const changes: AlarmHistoryRecord[] = [];
    for (const time of times) {
      const before = at(time - 1);
      const after = at(time);
      if (before.state === after.state) continue;
      changes.push({
        alarmName: alarm.name,
        timestamp: new Date(time).toISOString(),
        from: before.state,
        to: after.state,
        reason: after.reason,
        consoleUrl: alarmConsoleUrl(target.region, alarm.name),
      });
    }
    return changes;
  }

  /**
   * The scenario's `SuccessfulRequestLatency` of the query's table and
   * operation in the first environment of the account+region that lists it;
   * undefined for any other metric.
   */
  private dynamodbLatencyOf(
    target: AwsTarget,
    query: MetricQuery,
  ): number | undefined {
    const { metric } = query;
    if (
      metric.namespace !== 'AWS/DynamoDB' ||
      metric.name !== 'SuccessfulRequestLatency'
    ) {
      return undefined;
    }
    const { TableName: table, Operation: operation } = metric.dimensions;
    for (const env of this.environmentsOf(target)) {
      const value =
        this.section.dynamodbLatency[env.name]?.[table]?.[operation];
      if (value !== undefined) return value;
    }
    return undefined;
  }

  private environmentsOf(target: AwsTarget): AwsOpsEnvironment[] {
    return this.environments.filter(
      env => env.accountId === target.accountId && env.region === target.region,
    );
  }

  /** The alarm of that name in the account+region, as describeAlarms picks it. */
  private storyOf(
    target: AwsTarget,
    name: string,
  ): { env: string; alarm: ScenarioMetricAlarm } | undefined {
    for (const env of this.environmentsOf(target)) {
      const alarm = alarmsIn(this.section, env.name).find(a => a.name === name);
      if (alarm && !isCompositeAlarm(alarm)) return { env: env.name, alarm };
    }
    return undefined;
  }
}

/** Replaces the AWS alarms provider with the demo scenario's. */
export const scenarioAlarmsProviderFactory = createServiceFactory({
  service: cloudWatchAlarmsProviderServiceRef,
  deps: { scenario: demoScenarioServiceRef, awsOps: awsOpsServiceRef },
  factory: ({ scenario, awsOps }) =>
    new ScenarioAlarmsProvider(scenario, awsOps.config.environments),
});
