import { z } from 'zod';
import { parseSection, Scenario } from '../scenario';

const minute = z.number().min(0);
const alarmState = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']);
const dimensions = z.record(z.string(), z.string());

/** An alarm's story in one environment. */
const storySchema = z.strictObject({
  /** The state it changes to `at` a minute of the cycle; one entry without `at`: all the time. */
  states: z
    .array(
      z.strictObject({
        at: minute.optional(),
        state: alarmState,
        reason: z.string().min(1).optional(),
      }),
    )
    .min(1)
    .default([{ state: 'OK' }]),
  /** The metric's value when nothing happens; absent: the metric sends no datapoints. */
  baseline: z.number().min(0).optional(),
  /** Minutes `from`-`to` (to excluded) the metric is at `value`. */
  breaches: z
    .array(
      z.strictObject({ from: minute, to: minute, value: z.number().min(0) }),
    )
    .default([]),
  /** Dimensions of this environment's metric on top of the alarm's (e.g. its cluster). */
  dimensions: dimensions.default({}),
});

const metricAlarmSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  metric: z.strictObject({
    namespace: z.string().min(1),
    name: z.string().min(1),
    statistic: z.string().min(1),
    period: z.number().int().positive(),
    unit: z.string().optional(),
  }),
  dimensions: dimensions.default({}),
  threshold: z.number(),
  comparison: z.enum([
    'GreaterThanOrEqualToThreshold',
    'GreaterThanThreshold',
    'LessThanThreshold',
    'LessThanOrEqualToThreshold',
  ]),
  evaluationPeriods: z.number().int().positive(),
  datapointsToAlarm: z.number().int().positive().optional(),
  treatMissingData: z
    .enum(['breaching', 'notBreaching', 'ignore', 'missing'])
    .default('missing'),
  /** SNS topic names in the environment's account and region. */
  actions: z.array(z.string().min(1)).default([]),
  /** False: the alarm changes state but runs none of its actions. */
  actionsEnabled: z.boolean().default(true),
  /** The environments it exists in, each with its story there. */
  environments: z.record(z.string(), storySchema),
});

const compositeAlarmSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** In ALARM while any child is: `ALARM("a") OR ALARM("b")`. */
  children: z.array(z.string().min(1)).min(1),
  environments: z.array(z.string()),
});

const alarmSchema = z.union([metricAlarmSchema, compositeAlarmSchema]);

export const alarmsSectionSchema = z.strictObject({
  /** Each datapoint varies by up to +-noise/2 of its value. */
  noise: z.number().min(0).max(1).default(0),
  /** The reason of a state whose entry gives none. */
  reasons: z.partialRecord(alarmState, z.string().min(1)).default({}),
  /** Per store component, the alarms it owns (named by its alarm prefix or its alarm names). */
  components: z.record(z.string(), z.array(alarmSchema)),
  /** Alarms of shared infrastructure that several components name. */
  shared: z.array(alarmSchema).default([]),
  /**
   * Metrics no alarm watches, as GetMetricData returns them: per environment,
   * DynamoDB table and operation, the table's `AWS/DynamoDB`
   * `SuccessfulRequestLatency` (milliseconds; one value, whatever the period
   * and statistic asked). Tables and operations not listed send no datapoints.
   */
  dynamodbLatency: z
    .record(
      z.string(),
      z.record(z.string(), z.record(z.string(), z.number().min(0))),
    )
    .default({}),
});

export type AlarmsSection = z.infer<typeof alarmsSectionSchema>;
export type ScenarioMetricAlarm = z.infer<typeof metricAlarmSchema>;
export type ScenarioCompositeAlarm = z.infer<typeof compositeAlarmSchema>;
export type ScenarioAlarm = ScenarioMetricAlarm | ScenarioCompositeAlarm;
export type AlarmStory = z.infer<typeof storySchema>;

export function isCompositeAlarm(
  alarm: ScenarioAlarm,
): alarm is ScenarioCompositeAlarm {
  return 'children' in alarm;
}

/**
 * The scenario's `alarms` section, checked beyond its schema: components of
 * the store, minutes inside the cycle, states in time order, unique alarm
 * names, composite children that exist in the same environments.
 */
export function readAlarmsSection(scenario: Scenario): AlarmsSection {
  const section = parseSection(scenario, 'alarms', alarmsSectionSchema);
  const { cycleMinutes } = scenario.clock;
  const fail = (where: string, message: string) => {
    throw new Error(`${scenario.file}: alarms.${where}: ${message}`);
  };
  const all = [
    ...Object.entries(section.components).flatMap(([component, alarms]) => {
      scenario.assertComponent(component, `alarms.components.${component}`);
      return alarms.map(alarm => ({ where: `components.${component}`, alarm }));
    }),
    ...section.shared.map(alarm => ({ where: 'shared', alarm })),
  ];
  const byName = new Map<string, ScenarioAlarm>();
  for (const { where, alarm } of all) {
    if (byName.has(alarm.name)) fail(where, `${alarm.name} is listed twice`);
    byName.set(alarm.name, alarm);
  }
  for (const { where, alarm } of all) {
    const at = `${where}.${alarm.name}`;
    if (isCompositeAlarm(alarm)) {
      for (const child of alarm.children) {
        const found = byName.get(child);
        if (!found || isCompositeAlarm(found)) {
          fail(at, `child ${child} is not a metric alarm of the scenario`);
        }
        const missing = alarm.environments.find(
          env => !(env in (found as ScenarioMetricAlarm).environments),
        );
        if (missing) fail(at, `child ${child} does not exist in ${missing}`);
      }
      continue;
    }
    for (const [env, story] of Object.entries(alarm.environments)) {
      const times = story.states.map(s => s.at);
      if (times.length > 1 && times.some(t => t === undefined)) {
        fail(`${at}.${env}`, 'every state of a story that changes needs `at`');
      }
      const minutes = [
        ...times.filter((t): t is number => t !== undefined),
        ...story.breaches.flatMap(b => [b.from, b.to]),
      ];
      if (minutes.some(m => m > cycleMinutes)) {
        fail(
          `${at}.${env}`,
          `minutes must be within the ${cycleMinutes}-minute cycle`,
        );
      }
      if (times.some((t, i) => i > 0 && t! <= times[i - 1]!)) {
        fail(`${at}.${env}`, 'states must be in time order');
      }
      if (story.breaches.some(b => b.to <= b.from)) {
        fail(`${at}.${env}`, 'a breach ends after it starts');
      }
    }
  }
  return section;
}
