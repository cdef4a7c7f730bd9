import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  AwsOpsEnvironment,
  awsOpsServiceRef,
  AwsTarget,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  AccountAlarms,
  alarmConsoleUrl,
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
  ScenarioMetricAlarm,
} from './schema';
import {
  aggregate,
  alarmsIn,
  datapointsOf,
  dimensionsOf,
  stateAt,
} from './story';

/**
 * The scenario's `alarms` section through the alarms provider interface: the
 * alarms of the environments in an account+region (the first environment's
 * where two share one, as alarm names are unique there), in the state their
 * story holds at the scenario clock's now, and their metric read as
 * GetMetricData reads it.
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
      actionsEnabled: true,
      consoleUrl: alarmConsoleUrl(target.region, name),
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
        const children = alarm.children.map(child => records.get(child)!);
        const firing = children.filter(child => child.state === 'ALARM');
        const times = (firing.length ? firing : children).map(child =>
          Date.parse(child.stateUpdatedAt),
        );
        const since = firing.length ? Math.min(...times) : Math.max(...times);
        records.set(alarm.name, {
          ...common(alarm.name, alarm.description),
          state: firing.length ? 'ALARM' : 'OK',
          stateReason: firing.length
            ? `${firing[0].arn} transitioned to ALARM at ${new Date(
                since,
              ).toISOString()}`
            : 'All alarms in the rule are OK',
          stateUpdatedAt: new Date(since).toISOString(),
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
