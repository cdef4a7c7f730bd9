import { parseEntityRef } from '@backstage/catalog-model';
import { StatusLevel } from '@internal/backstage-plugin-aws-ops-react';
import {
  HealthSignal,
  TimelineEvent,
  TimelineEventKind,
} from '@internal/backstage-plugin-ops-health-common';

export const KIND_LABELS: Record<TimelineEventKind, string> = {
  rollout: 'Rollout',
  alarm: 'Alarm',
  'waf-spike': 'WAF spike',
  catalog: 'Catalog change',
  version: 'EKS version',
};

/** What a denied signal hides, as a person says it. */
export const SIGNAL_LABELS: Record<HealthSignal, string> = {
  alarms: 'alarms',
  deployments: 'rollouts',
  waf: 'WAF events',
};

const STATUS_LEVELS: Record<string, StatusLevel> = {
  // alarms
  ALARM: 'error',
  INSUFFICIENT_DATA: 'warning',
  OK: 'ok',
  // rollouts
  completed: 'ok',
  progressing: 'pending',
  stalled: 'error',
  'rolled-back': 'warning',
  superseded: 'neutral',
  // WAF
  spike: 'warning',
  // scaffolder tasks
  failed: 'error',
  open: 'pending',
  processing: 'pending',
  cancelled: 'neutral',
  // EKS version updates
  Successful: 'ok',
  InProgress: 'pending',
  Failed: 'error',
  Cancelled: 'neutral',
};

/** The colour of an event's status; unknown statuses are neutral. */
export function statusLevel(status: string): StatusLevel {
  return STATUS_LEVELS[status] ?? 'neutral';
}

/** Newest first, then by id so equal times keep one order across refreshes. */
export function newestFirst(events: TimelineEvent[]): TimelineEvent[] {
  return [...events].sort(
    (a, b) => Date.parse(b.at) - Date.parse(a.at) || a.id.localeCompare(b.id),
  );
}

const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** "1 Dec, 16:52:10" in the viewer's time zone. */
export function formatTime(iso: string): string {
  return TIME_FORMAT.format(new Date(iso));
}

/** "8 min" between two ISO times; undefined when the end is unknown. */
export function formatDuration(
  start: string,
  end?: string,
): string | undefined {
  if (!end) return undefined;
  const minutes = Math.round((Date.parse(end) - Date.parse(start)) / 60_000);
  if (minutes < 1) return 'under 1 min';
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

/** `checkout-service` from `component:default/checkout-service`. */
export function nameOf(entityRef: string): string {
  return parseEntityRef(entityRef).name;
}

/** A portal path (`/catalog/…`) opens in the portal; anything else is an outside URL. */
export function isPortalPath(link: string): boolean {
  return link.startsWith('/') && !link.startsWith('//');
}
