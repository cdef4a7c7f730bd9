import {
  AwsOpsErrorEntry,
  AwsOpsResponse,
} from '@internal/backstage-plugin-aws-ops-common';
import { AlarmStateChange } from '@internal/backstage-plugin-cloudwatch-common';
import {
  EksRollout,
  EksVersionChange,
} from '@internal/backstage-plugin-eks-common';
import { WafSpike } from '@internal/backstage-plugin-waf-common';
import { HealthSignal } from './types';

/** How far back a timeline reaches. */
export type TimelineWindow = '1h' | '6h' | '24h';

/** Every window, shortest first. */
export const TIMELINE_WINDOWS: TimelineWindow[] = ['1h', '6h', '24h'];

export const TIMELINE_WINDOW_MS: Record<TimelineWindow, number> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
};

/** What kind of change an event is; one per source. */
export type TimelineEventKind =
  | 'rollout'
  | 'alarm'
  | 'waf-spike'
  | 'catalog'
  | 'version';

/** A scaffolder task (template run) that created or changed the component. */
export interface CatalogChange {
  taskId: string;
  /** The template's ref, e.g. `template:default/inbestment-service`. */
  templateRef: string;
  templateTitle?: string;
  /** The user ref that ran it. */
  createdBy?: string;
  /** `completed`, `failed`, `open`, `processing`, `cancelled`. */
  status: string;
}

/** One change on a component's timeline. */
export interface TimelineEvent {
  /** Stable within a response: `<kind>:<entityRef>:<environment>:<start>:<detail>`. */
  id: string;
  kind: TimelineEventKind;
  /** The component the change belongs to: the viewed one or one it depends on. */
  entityRef: string;
  environment?: string;
  /** ISO start. */
  at: string;
  /** ISO end, for changes that last (rollouts, spikes). */
  endAt?: string;
  /** One line a person reads, e.g. "checkout-service 4.9.1 rolled out in prod". */
  title: string;
  /** e.g. `completed`, `stalled`, `ALARM`, `OK`. */
  status?: string;
  /** The reason or further detail (an alarm's reason, the images that changed). */
  detail?: string;
  /** Where to look: a portal path (the entity tab) or an AWS console URL. */
  link?: string;
  rollout?: EksRollout;
  alarm?: AlarmStateChange;
  spike?: WafSpike;
  catalog?: CatalogChange;
  version?: EksVersionChange;
}

/**
 * The correlation rule, and nothing beyond it: an alarm of the component went
 * to ALARM within the window after a rollout of the same component, or of a
 * component it depends on, started in the same environment.
 */
export interface TimelineCorrelation {
  alarmEventId: string;
  rolloutEventId: string;
  /** The alarm's component and the rollout's component. */
  alarmEntityRef: string;
  rolloutEntityRef: string;
  environment: string;
  alarmName: string;
  /** Whole minutes from the rollout's start to the alarm. */
  minutesAfter: number;
  /** e.g. "checkout-service-prod-latency fired 4 min after checkout-service 4.9.1 started rolling out in prod". */
  sentence: string;
  /** Portal paths to the alarm and to the rollout. */
  alarmLink: string;
  rolloutLink: string;
}

/** `GET /api/ops-health/entities/:kind/:namespace/:name/timeline?window=6h` */
export interface EntityTimelineResponse extends AwsOpsResponse {
  entityRef: string;
  window: TimelineWindow;
  start: string;
  end: string;
  /** The correlation window in minutes (config `opsHealth.timeline.correlationWindowMinutes`). */
  correlationWindowMinutes: number;
  /** Components whose changes are included because the viewed one depends on them. */
  dependencies: string[];
  /** Newest first. */
  events: TimelineEvent[];
  /** Newest alarm first. */
  correlations: TimelineCorrelation[];
  /** Failures per source (`catalog`: the template runs), next to what did load. */
  errors: (AwsOpsErrorEntry & { signal?: HealthSignal | 'catalog' })[];
  /** Sources the viewer may not see for this component (the dependency's own permissions apply to its events). */
  denied: HealthSignal[];
}
