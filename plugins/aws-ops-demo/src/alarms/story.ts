import { ScenarioClock } from '../scenario';
import {
  AlarmsSection,
  AlarmStory,
  isCompositeAlarm,
  ScenarioAlarm,
  ScenarioMetricAlarm,
} from './schema';

type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/**
 * The alarms of the section that exist in `environment`, components' first,
 * in file order (only those of `components` and the shared ones when given).
 */
export function alarmsIn(
  section: AlarmsSection,
  environment: string,
  components?: string[],
): ScenarioAlarm[] {
  return [
    ...Object.entries(section.components)
      .filter(([name]) => !components || components.includes(name))
      .flatMap(([, alarms]) => alarms),
    ...section.shared,
  ].filter(alarm =>
    isCompositeAlarm(alarm)
      ? alarm.environments.includes(environment)
      : environment in alarm.environments,
  );
}

/**
 * The state a story holds at `at`: the latest change at or before that minute
 * of the cycle (or the cycle's last change, from the cycle before), since
 * when, and why.
 */
export function stateAt(
  section: AlarmsSection,
  story: AlarmStory,
  clock: ScenarioClock,
  at: number,
): { state: AlarmState; since: number; reason: string } {
  const minute = clock.minutesIntoCycle(at);
  const changes = story.states;
  const current =
    [...changes].reverse().find(change => (change.at ?? 0) <= minute) ??
    changes[changes.length - 1];
  return {
    state: current.state,
    since: clock.lastOccurrence(current.at ?? 0, at),
    reason:
      current.reason ??
      section.reasons[current.state] ??
      `The alarm is ${current.state}.`,
  };
}

/**
 * The times in [from, to) at which a story's state changes: each cycle's
 * occurrence of its `at` minutes (none for a story of one state).
 */
export function changeTimes(
  story: AlarmStory,
  clock: ScenarioClock,
  from: number,
  to: number,
): number[] {
  if (story.states.length < 2) return [];
  const times: number[] = [];
  for (let cycle = clock.cycleStart(from); cycle < to; cycle += clock.cycleMs) {
    for (const change of story.states) {
      const time = cycle + (change.at ?? 0) * 60_000;
      if (time >= from && time < to) times.push(time);
    }
  }
  return times.sort((a, b) => a - b);
}

/**
 * A composite alarm's state from its children's (`ALARM("a") OR ALARM("b")`):
 * in ALARM since the first firing child changed, else OK since the last change.
 */
export function compositeStateOf(
  children: Array<{ arn: string; state: AlarmState; since: number }>,
): { state: AlarmState; since: number; reason: string } {
  const firing = children.filter(child => child.state === 'ALARM');
  const times = (firing.length ? firing : children).map(child => child.since);
  const since = firing.length ? Math.min(...times) : Math.max(...times);
  return firing.length
    ? {
        state: 'ALARM',
        since,
        reason: `${firing[0].arn} transitioned to ALARM at ${new Date(
          since,
        ).toISOString()}`,
      }
    : { state: 'OK', since, reason: 'All alarms in the rule are OK' };
}

/** The metric's dimensions in the story's environment. */
export function dimensionsOf(
  alarm: ScenarioMetricAlarm,
  story: AlarmStory,
): Record<string, string> {
  return { ...alarm.dimensions, ...story.dimensions };
}

/**
 * The datapoints the alarm's metric has in [from, to): one per alarm period,
 * on period boundaries, at the story's baseline or breach value and varied by
 * the clock's jitter. None when the story has no baseline.
 */
export function datapointsOf(options: {
  section: AlarmsSection;
  environment: string;
  alarm: ScenarioMetricAlarm;
  story: AlarmStory;
  clock: ScenarioClock;
  from: number;
  to: number;
}): Array<{ time: number; value: number }> {
  const { section, environment, alarm, story, clock, from, to } = options;
  if (story.baseline === undefined) return [];
  const step = alarm.metric.period * 1000;
  const points: Array<{ time: number; value: number }> = [];
  for (let time = Math.ceil(from / step) * step; time < to; time += step) {
    const minute = clock.minutesIntoCycle(time);
    const breach = story.breaches.find(b => minute >= b.from && minute < b.to);
    const level = breach ? breach.value : story.baseline;
    const jitter = clock.jitter(
      `alarms:${environment}:${alarm.name}:${Math.floor(time / 60_000)}`,
    );
    const value = level * (1 + section.noise * (jitter - 0.5));
    points.push({ time, value: Number(value.toPrecision(4)) });
  }
  return points;
}

/**
 * The statistic over one period's datapoints, as CloudWatch computes it
 * (percentiles of one datapoint per alarm period: their maximum).
 */
export function aggregate(statistic: string, values: number[]): number {
  switch (statistic) {
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'SampleCount':
      return values.length;
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Minimum':
      return Math.min(...values);
    default:
      return Math.max(...values);
  }
}
