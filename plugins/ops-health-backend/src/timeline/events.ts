import { parseEntityRef } from '@backstage/catalog-model';
import { AlarmStateChange } from '@internal/backstage-plugin-cloudwatch-common';
import {
  EksRollout,
  EksVersionChange,
} from '@internal/backstage-plugin-eks-common';
import {
  CatalogChange,
  TimelineEvent,
} from '@internal/backstage-plugin-ops-health-common';
import { WafSpike } from '@internal/backstage-plugin-waf-common';
import { entityTabPath } from './correlate';

/** Each source's records as timeline events, one shape for the page and the actions. */

export function rolloutEvent(
  entityRef: string,
  rollout: EksRollout,
): TimelineEvent {
  const name = parseEntityRef(entityRef).name;
  return {
    id: `rollout:${entityRef}:${rollout.environment}:${rollout.deployment}:${rollout.revision}:${rollout.startedAt}`,
    kind: 'rollout',
    entityRef,
    environment: rollout.environment,
    at: rollout.startedAt,
    endAt: rollout.endedAt,
    title: `${name} ${rollout.version} rolled out in ${rollout.environment} (${rollout.deployment}, revision ${rollout.revision})`,
    status: rollout.outcome,
    detail: rollout.images
      .map(
        image =>
          `${image.container}: ${image.from ? `${image.from} → ` : ''}${
            image.to
          }`,
      )
      .join(', '),
    link: entityTabPath(entityRef, 'eks'),
    rollout,
  };
}

export function alarmEvent(
  entityRef: string,
  change: AlarmStateChange,
): TimelineEvent {
  return {
    id: `alarm:${entityRef}:${change.environment}:${change.alarmName}:${change.timestamp}:${change.to}`,
    kind: 'alarm',
    entityRef,
    environment: change.environment,
    at: change.timestamp,
    title:
      change.to === 'ALARM'
        ? `${change.alarmName} fired in ${change.environment}`
        : `${change.alarmName} went from ${change.from} to ${change.to} in ${change.environment}`,
    status: change.to,
    detail: change.reason,
    link: entityTabPath(entityRef, 'alarms'),
    alarm: change,
  };
}

export function spikeEvent(
  entityRef: string,
  spike: WafSpike,
  webAcl?: string,
): TimelineEvent {
  // A web ACL location shared by two environments cannot tell their traffic apart: the spike names both.
  const environments = spike.environments ?? [];
  return {
    id: `waf-spike:${entityRef}:${environments.join('+')}:${spike.start}`,
    kind: 'waf-spike',
    entityRef,
    ...(environments.length === 1 ? { environment: environments[0] } : {}),
    at: spike.start,
    endAt: spike.end,
    title: `${spike.blocked.toLocaleString('en-US')} requests blocked by WAF${
      webAcl ? ` (${webAcl})` : ''
    }`,
    status: 'spike',
    detail: `Up to ${spike.peakPerBucket.toLocaleString(
      'en-US',
    )} blocked per 5 minutes against a baseline of ${spike.baselinePerBucket.toLocaleString(
      'en-US',
      { maximumFractionDigits: 1 },
    )}${
      environments.length > 1
        ? ` (${environments.join(' and ')} share the web ACL)`
        : ''
    }`,
    link: entityTabPath(entityRef, 'security-events'),
    spike,
  };
}

export function versionEvent(
  entityRef: string,
  change: EksVersionChange,
): TimelineEvent {
  const what = change.nodeGroup
    ? `Node group ${change.nodeGroup} of ${change.cluster}`
    : `Cluster ${change.cluster}`;
  return {
    id: `version:${change.environment}:${change.cluster}:${change.updateId}`,
    kind: 'version',
    entityRef,
    environment: change.environment,
    at: change.startedAt,
    title: `${what} ${change.from ? `${change.from} → ` : 'to '}${
      change.to
    } (Kubernetes)`,
    status: change.status,
    link: entityTabPath(entityRef, 'eks'),
    version: change,
  };
}

export function catalogEvent(
  entityRef: string,
  change: CatalogChange,
  at: string,
): TimelineEvent {
  return {
    id: `catalog:${entityRef}:${change.taskId}`,
    kind: 'catalog',
    entityRef,
    at,
    title: `${change.templateTitle ?? change.templateRef} ran for ${
      parseEntityRef(entityRef).name
    }`,
    status: change.status,
    detail: change.createdBy ? `by ${change.createdBy}` : undefined,
    link: `/create/tasks/${encodeURIComponent(change.taskId)}`,
    catalog: change,
  };
}
