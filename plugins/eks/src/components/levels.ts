import { StatusLevel } from '@internal/backstage-plugin-aws-ops-react';
import {
  EksPod,
  EksRolloutState,
  EksVersionSupportStatus,
  isPodFailing,
} from '@internal/backstage-plugin-eks-common';

export const rolloutLevel: Record<EksRolloutState, StatusLevel> = {
  complete: 'ok',
  progressing: 'pending',
  failed: 'error',
};

export const versionSupportLevel: Record<EksVersionSupportStatus, StatusLevel> =
  {
    supported: 'ok',
    'ending-soon': 'warning',
    ended: 'error',
    unknown: 'neutral',
  };

export function podLevel(pod: EksPod): StatusLevel {
  if (isPodFailing(pod)) return 'error';
  if (pod.status === 'Running' && pod.readyContainers === pod.totalContainers)
    return 'ok';
  if (pod.status === 'Succeeded') return 'neutral';
  return 'pending';
}

/** What the version chip says, e.g. "1.34 · standard support ends in 9 d". */
export function versionSupportText(
  version: string,
  support: {
    status: EksVersionSupportStatus;
    daysLeft?: number;
    endOfStandardSupport?: string;
  },
): string {
  switch (support.status) {
    case 'ending-soon':
      return `Kubernetes ${version} · standard support ends in ${support.daysLeft} d (${support.endOfStandardSupport})`;
    case 'ended':
      return `Kubernetes ${version} · standard support ended ${support.endOfStandardSupport} (extended support)`;
    case 'supported':
      return `Kubernetes ${version}`;
    default:
      return `Kubernetes ${version} · not in the support table`;
  }
}
