import { AwsOpsErrorEntry } from '@internal/backstage-plugin-aws-ops-common';
import { EntityAlarmSummary } from '@internal/backstage-plugin-cloudwatch-common';
import {
  EksDeploymentsResponse,
  isPodFailing,
} from '@internal/backstage-plugin-eks-common';
import {
  AlarmsHealth,
  DeploymentsHealth,
  HealthLevel,
  HealthSignal,
  WafHealth,
} from '@internal/backstage-plugin-ops-health-common';
import { EntityWafSummary } from '@internal/backstage-plugin-waf-common';

export function alarmsHealthOf(summary: EntityAlarmSummary): AlarmsHealth {
  return {
    worstState: summary.worstState,
    inAlarm: summary.counts.ALARM,
    insufficientData: summary.counts.INSUFFICIENT_DATA,
    ok: summary.counts.OK,
    alarming: summary.alarming.map(alarm => ({
      name: alarm.name,
      environment: alarm.environment,
      since: alarm.stateUpdatedAt,
    })),
  };
}

/**
 * Sums the deployments of every environment into what an on-call engineer
 * scans for. No deployment anywhere, with every environment read, is "not
 * deployed yet"; with an environment unread it cannot be told (the read
 * error makes the component unknown).
 */
export function deploymentsHealthOf(
  response: EksDeploymentsResponse,
): DeploymentsHealth {
  const health: DeploymentsHealth = {
    workloads: 0,
    notDeployed: false,
    ready: 0,
    desired: 0,
    failedRollouts: [],
    progressingRollouts: [],
    crashLoopingPods: [],
  };
  for (const environment of response.environments) {
    for (const deployment of environment.deployments ?? []) {
      const where = `${environment.name}/${deployment.name}`;
      health.workloads++;
      health.ready += deployment.replicas.ready;
      health.desired += deployment.replicas.desired;
      if (deployment.rollout.state === 'failed') {
        health.failedRollouts.push(where);
      } else if (deployment.rollout.state === 'progressing') {
        health.progressingRollouts.push(where);
      }
      for (const pod of deployment.pods) {
        if (isPodFailing(pod)) {
          health.crashLoopingPods.push(`${environment.name}/${pod.name}`);
        }
      }
    }
  }
  health.notDeployed =
    health.workloads === 0 &&
    response.environments.every(environment => environment.deployments);
  return health;
}

export function wafHealthOf(summary: EntityWafSummary): WafHealth {
  return {
    webAcl: summary.webAcl,
    blockedLastHour: summary.blockedLastHour,
    baselineBlockedPerHour: summary.baselineBlockedPerHour,
    spike: summary.spike,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The level and the reasons behind it, the worst that applies. Red: something
 * is broken now (an alarm fires, a rollout failed, pods crash-loop, nothing is
 * ready). Amber: worth a look (missing alarm data, a rollout in progress,
 * fewer ready replicas than desired, a WAF block spike). Unknown: a signal
 * could not be read or seen, so green cannot be claimed. Not deployed: a
 * service no environment runs yet ("0/0 ready" is not OK), or a website with
 * no alarm in any environment: its Terraform creates the CloudFront
 * distribution and its alarms together, so none means it never ran.
 */
export function assessHealth(input: {
  type?: string;
  alarms?: AlarmsHealth;
  deployments?: DeploymentsHealth;
  waf?: WafHealth;
  denied: HealthSignal[];
  errors: (AwsOpsErrorEntry & { signal?: HealthSignal })[];
}): { level: HealthLevel; reasons: string[] } {
  const { alarms, deployments, waf } = input;
  const critical: string[] = [];
  const warning: string[] = [];
  if (alarms?.inAlarm) {
    critical.push(`${plural(alarms.inAlarm, 'alarm')} in ALARM`);
  }
  if (deployments) {
    if (deployments.failedRollouts.length) {
      critical.push(`Rollout failed: ${deployments.failedRollouts.join(', ')}`);
    }
    if (deployments.crashLoopingPods.length) {
      critical.push(
        `${plural(deployments.crashLoopingPods.length, 'failing pod')}`,
      );
    }
    if (deployments.desired > 0 && deployments.ready === 0) {
      critical.push('No ready replicas');
    } else if (deployments.ready < deployments.desired) {
      warning.push(
        `${deployments.ready}/${deployments.desired} replicas ready`,
      );
    }
    if (deployments.progressingRollouts.length) {
      warning.push(
        `Rolling out: ${deployments.progressingRollouts.join(', ')}`,
      );
    }
  }
  if (alarms?.insufficientData) {
    warning.push(
      `${plural(alarms.insufficientData, 'alarm')} with insufficient data`,
    );
  }
  if (waf?.spike) {
    warning.push(
      `WAF blocks ${waf.blockedLastHour}/h against a baseline of ${Math.round(
        waf.baselineBlockedPerHour,
      )}/h`,
    );
  }
  // A web ACL without the component's label rule is a configuration gap,
  // not a failed read: expected before the component's Terraform first runs
  // (not deployed), worth a look after.
  const isLabelGap = (error: { name: string; signal?: HealthSignal }) =>
    error.signal === 'waf' && error.name === 'WafLabelRuleMissing';
  const readErrors = input.errors.filter(error => !isLabelGap(error));
  const unknown: string[] = [];
  if (readErrors.length) {
    unknown.push(`${plural(readErrors.length, 'read error')}`);
  }
  if (input.denied.length) {
    unknown.push(`Not visible to you: ${input.denied.join(', ')}`);
  }
  const notDeployed: string[] = [];
  if (deployments?.notDeployed) {
    notDeployed.push('Not deployed yet: no workload in any environment');
  }
  if (
    input.type === 'website' &&
    alarms?.worstState === 'NONE' &&
    !readErrors.some(error => error.signal === 'alarms')
  ) {
    notDeployed.push(
      'Not deployed yet: no CloudFront alarm in any environment',
    );
  }
  if (input.errors.some(isLabelGap) && !notDeployed.length) {
    warning.push('WAF: no label rule for this component (docs/waf.md)');
  }
  const reasons = [...critical, ...warning, ...unknown, ...notDeployed];
  if (critical.length) return { level: 'critical', reasons };
  if (warning.length) return { level: 'warning', reasons };
  if (unknown.length || (!alarms && !deployments && !waf)) {
    return { level: 'unknown', reasons };
  }
  if (notDeployed.length) return { level: 'not-deployed', reasons };
  return { level: 'ok', reasons };
}
