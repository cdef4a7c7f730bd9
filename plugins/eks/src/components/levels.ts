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

/** `2026-12-02T00:00:00.000Z` or `2026-12-02` -> `2026-12-02`. */
function day(date: string | undefined): string {
  return (date ?? '').slice(0, 10);
}

/** What the version chip says, e.g. "1.34 · standard support ends in 9 d". */
export function versionSupportText(
  version: string,
  support: {
    status: EksVersionSupportStatus;
    daysLeft?: number;
    endOfStandardSupport?: string;
    endOfExtendedSupport?: string;
    unsupported?: boolean;
  },
): string {
  switch (support.status) {
    case 'ending-soon':
      return `Kubernetes ${version} · standard support ends in ${
        support.daysLeft
      } d (${day(support.endOfStandardSupport)})`;
    case 'ended':
      if (!support.endOfStandardSupport) {
        return `Kubernetes ${version} · standard and extended support ended (older than every supported version)`;
      }
      if (support.unsupported) {
        return `Kubernetes ${version} · standard support ended ${day(
          support.endOfStandardSupport,
        )}, extended support ended${
          support.endOfExtendedSupport
            ? ` ${day(support.endOfExtendedSupport)}`
            : ''
        }`;
      }
      return `Kubernetes ${version} · standard support ended ${day(
        support.endOfStandardSupport,
      )} (extended support${
        support.endOfExtendedSupport
          ? ` until ${day(support.endOfExtendedSupport)}`
          : ''
      })`;
    case 'supported':
      return `Kubernetes ${version}`;
    default:
      return `Kubernetes ${version} · not in the EKS API or the support table`;
  }
}
