import {
  AwsOpsErrorEntry,
  AwsOpsStale,
  AwsOpsResponse,
} from '@internal/backstage-plugin-aws-ops-common';
import type { TimelineCorrelation } from './timeline';

/**
 * How bad a component looks right now; the overview sorts by it, worst first.
 * `not-deployed`: a service no environment runs yet (e.g. freshly scaffolded),
 * neither healthy nor broken.
 */
export type HealthLevel =
  | 'critical'
  | 'warning'
  | 'unknown'
  | 'not-deployed'
  | 'ok';

/** Worst first: the order of the overview. */
export const HEALTH_LEVEL_ORDER: readonly HealthLevel[] = [
  'critical',
  'warning',
  'unknown',
  'not-deployed',
  'ok',
];

/** The three signals the overview combines, one per AWS ops plugin. */
export type HealthSignal = 'alarms' | 'deployments' | 'waf';

export interface AlarmsHealth {
  /** NONE: no alarm is linked to the component. */
  worstState: 'ALARM' | 'INSUFFICIENT_DATA' | 'OK' | 'NONE';
  inAlarm: number;
  insufficientData: number;
  ok: number;
  /** Names of the alarms in ALARM, with their environment. */
  alarming: { name: string; environment: string; since: string }[];
}

export interface DeploymentsHealth {
  /** Deployments of the component found over the environments that could be read. */
  workloads: number;
  /**
   * Every environment was read and none runs a workload of the component
   * (no deployment matches its kubernetes-id): not deployed yet.
   */
  notDeployed: boolean;
  /** Summed over every environment the component runs in. */
  ready: number;
  desired: number;
  /** `env/deployment` of rollouts that failed (progress deadline exceeded). */
  failedRollouts: string[];
  /** `env/deployment` of rollouts still in progress. */
  progressingRollouts: string[];
  /** `env/pod` of pods in CrashLoopBackOff or a similar failing state. */
  crashLoopingPods: string[];
}

export interface WafHealth {
  webAcl?: string;
  blockedLastHour: number;
  baselineBlockedPerHour: number;
  /** Blocks well above the component's own baseline. */
  spike: boolean;
}

export interface OwnerContact {
  entityRef: string;
  title: string;
  email?: string;
  /** Where the owning team is paged, from the group's `inbestment.io/oncall-channel` annotation. */
  onCallChannel?: string;
}

/** The system a component belongs to, as one entry however its spec spells it. */
export interface SystemLabel {
  /** Full ref, e.g. `system:default/commerce`, whether the spec says `commerce` or the full ref. */
  entityRef: string;
  title: string;
}

/** One store component in the overview. */
export interface ComponentHealth {
  entityRef: string;
  name: string;
  title: string;
  /** `spec.type`: service or website. */
  type: string;
  system?: SystemLabel;
  owner?: OwnerContact;
  level: HealthLevel;
  /** Why the level is what it is, most severe first (e.g. "2 alarms in ALARM"). */
  reasons: string[];
  /** Absent when the signal was denied, failed, or does not apply (websites have no deployments). */
  alarms?: AlarmsHealth;
  deployments?: DeploymentsHealth;
  waf?: WafHealth;
  /** Signals the viewer may not see for this component. */
  denied: HealthSignal[];
  /** Failures while reading this component's signals, next to what did load. */
  errors: (AwsOpsErrorEntry & { signal: HealthSignal })[];
  /** Set when a signal shows its last good data because a refresh is running or failed. */
  stale?: AwsOpsStale;
  /**
   * For a component with an alarm in ALARM: the timeline's correlations of
   * its firing alarms (an alarm that fired within the window after a rollout
   * of it or of a component it depends on), newest first.
   */
  correlations?: TimelineCorrelation[];
}

/** `GET /api/ops-health/components` */
export interface HealthOverviewResponse extends AwsOpsResponse {
  /** Worst first, then by name. */
  components: ComponentHealth[];
}
