import {
  CloudWatchClient,
  ComparisonOperator,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  StandardUnit,
  Statistic,
} from '@aws-sdk/client-cloudwatch';
import { Scenario } from '../scenario';
import { isCompositeAlarm, readAlarmsSection } from './schema';
import { alarmsIn, datapointsOf, dimensionsOf, stateAt } from './story';

/** Where an environment's alarms go: its region of the emulator (and account, for action ARNs). */
export interface AlarmsSeedEnvironment {
  name: string;
  region: string;
  accountId?: string;
}

/** moto's default account. */
const MOTO_ACCOUNT = '123456789012';
/** Datapoints per PutMetricData call (moto's server fails on calls of 60 with three dimensions). */
const DATAPOINTS_PER_CALL = 20;

/**
 * moto 5.2.1 computes no percentiles (GetMetricData answers 500), so an alarm
 * on a percentile is created on the Maximum: with one datapoint per period
 * the two are the same value.
 */
export function seededStatistic(statistic: string): Statistic {
  return (/^p\d/.test(statistic) ? 'Maximum' : statistic) as Statistic;
}

/**
 * Writes the scenario's `alarms` section into an AWS emulator (moto) through
 * the CloudWatch API, as it stands at the scenario clock's now: each
 * environment's metric alarms (PutMetricAlarm), their states and reasons
 * (SetAlarmState) and `hours` of their metric's datapoints (PutMetricData).
 * Where two environments share a region, the first one's alarm of a name is
 * written, as the scenario provider shows it. Composite alarms are left out
 * (moto has no PutCompositeAlarm) and returned in `skipped`.
 */
export async function seedAlarms(options: {
  scenario: Scenario;
  endpoint: string;
  environments: AlarmsSeedEnvironment[];
  /** Hours of datapoints before now; default 3. */
  hours?: number;
  /** Only these components' alarms (and the shared ones); default: every component's. */
  components?: string[];
  credentials?: { accessKeyId: string; secretAccessKey: string };
}): Promise<{ alarms: number; datapoints: number; skipped: string[] }> {
  const { scenario, endpoint, environments } = options;
  const section = readAlarmsSection(scenario);
  const { clock } = scenario;
  const now = clock.now();
  const from = now - (options.hours ?? 3) * 3_600_000;
  const credentials = options.credentials ?? {
    accessKeyId: 'test',
    secretAccessKey: 'test',
  };
  const result = { alarms: 0, datapoints: 0, skipped: [] as string[] };
  const written = new Set<string>();
  const clients = new Map<string, CloudWatchClient>();
  try {
    for (const env of environments) {
      const accountId = env.accountId ?? MOTO_ACCOUNT;
      let client = clients.get(env.region);
      if (!client) {
        client = new CloudWatchClient({
          region: env.region,
          endpoint,
          credentials,
        });
        clients.set(env.region, client);
      }
      for (const alarm of alarmsIn(section, env.name, options.components)) {
        const key = `${accountId}/${env.region}/${alarm.name}`;
        if (written.has(key)) continue;
        written.add(key);
        if (isCompositeAlarm(alarm)) {
          result.skipped.push(`${env.name}: ${alarm.name}`);
          continue;
        }
        const story = alarm.environments[env.name];
        const dimensions = Object.entries(dimensionsOf(alarm, story)).map(
          ([Name, Value]) => ({ Name, Value }),
        );
        const unit = alarm.metric.unit as StandardUnit | undefined;
        await client.send(
          new PutMetricAlarmCommand({
            AlarmName: alarm.name,
            AlarmDescription: alarm.description,
            Namespace: alarm.metric.namespace,
            MetricName: alarm.metric.name,
            Dimensions: dimensions,
            Statistic: seededStatistic(alarm.metric.statistic),
            Period: alarm.metric.period,
            Unit: unit,
            Threshold: alarm.threshold,
            ComparisonOperator: alarm.comparison as ComparisonOperator,
            EvaluationPeriods: alarm.evaluationPeriods,
            DatapointsToAlarm: alarm.datapointsToAlarm,
            TreatMissingData: alarm.treatMissingData,
            ActionsEnabled: alarm.actionsEnabled,
            AlarmActions: alarm.actions.map(
              topic => `arn:aws:sns:${env.region}:${accountId}:${topic}`,
            ),
          }),
        );
        const { state, reason } = stateAt(section, story, clock, now);
        await client.send(
          new SetAlarmStateCommand({
            AlarmName: alarm.name,
            StateValue: state,
            StateReason: reason,
          }),
        );
        result.alarms++;
        const points = datapointsOf({
          section,
          environment: env.name,
          alarm,
          story,
          clock,
          from,
          to: now + 1,
        });
        for (let i = 0; i < points.length; i += DATAPOINTS_PER_CALL) {
          await client.send(
            new PutMetricDataCommand({
              Namespace: alarm.metric.namespace,
              MetricData: points
                .slice(i, i + DATAPOINTS_PER_CALL)
                .map(point => ({
                  MetricName: alarm.metric.name,
                  Dimensions: dimensions,
                  Timestamp: new Date(point.time),
                  Value: point.value,
                  Unit: unit,
                })),
            }),
          );
        }
        result.datapoints += points.length;
      }
    }
  } finally {
    for (const client of clients.values()) client.destroy();
  }
  return result;
}
