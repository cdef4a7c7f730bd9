import { parseEntityRef } from '@backstage/catalog-model';
import {
  TimelineCorrelation,
  TimelineEvent,
} from '@internal/backstage-plugin-ops-health-common';

/**
 * The correlation rule, and nothing beyond it: an alarm of `entityRef` that
 * went to ALARM at most `windowMinutes` after a rollout started, of the same
 * component or of one it depends on, in the same environment. Every pair
 * that meets the rule is reported (a dependency's rollout and the
 * component's own can both precede an alarm); none is ranked or guessed at.
 * Newest alarm first, then the closest rollout first.
 */
export function correlate(
  entityRef: string,
  events: TimelineEvent[],
  windowMinutes: number,
): TimelineCorrelation[] {
  const windowMs = windowMinutes * 60_000;
  const rollouts = events.filter(e => e.kind === 'rollout' && e.rollout);
  const correlations: TimelineCorrelation[] = [];
  for (const alarm of events) {
    if (
      alarm.kind !== 'alarm' ||
      !alarm.alarm ||
      alarm.alarm.to !== 'ALARM' ||
      alarm.entityRef !== entityRef
    ) {
      continue;
    }
    const firedAt = Date.parse(alarm.at);
    for (const rollout of rollouts) {
      const startedAt = Date.parse(rollout.at);
      const after = firedAt - startedAt;
      if (
        rollout.environment !== alarm.environment ||
        after < 0 ||
        after > windowMs
      ) {
        continue;
      }
      const minutesAfter = Math.floor(after / 60_000);
      const component = parseEntityRef(rollout.entityRef).name;
      correlations.push({
        alarmEventId: alarm.id,
        rolloutEventId: rollout.id,
        alarmEntityRef: alarm.entityRef,
        rolloutEntityRef: rollout.entityRef,
        environment: alarm.environment!,
        alarmName: alarm.alarm.alarmName,
        minutesAfter,
        sentence: `${
          alarm.alarm.alarmName
        } fired ${minutesAfter} min after ${component} ${
          rollout.rollout!.version
        } started rolling out in ${alarm.environment}`,
        alarmLink: entityTabPath(alarm.entityRef, 'alarms'),
        rolloutLink: entityTabPath(rollout.entityRef, 'eks'),
      });
    }
  }
  return correlations.sort(
    (a, b) =>
      Date.parse(eventAt(events, b.alarmEventId)) -
        Date.parse(eventAt(events, a.alarmEventId)) ||
      a.minutesAfter - b.minutesAfter,
  );
}

function eventAt(events: TimelineEvent[], id: string): string {
  return events.find(e => e.id === id)!.at;
}

/** The portal path of an entity page's tab, e.g. `/catalog/default/component/cart-service/eks`. */
export function entityTabPath(entityRef: string, tab: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/${tab}`;
}
