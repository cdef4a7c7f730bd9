import { EksDeployment } from '@internal/backstage-plugin-eks-common';
import { Deployment, LabelSelector, PodDisruptionBudget } from './types';

/** The revision a ReplicaSet (and its Deployment) stands for. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** Earlier revisions a re-used ReplicaSet stood for (comma-separated), e.g. after a rollback. */
export const REVISION_HISTORY_ANNOTATION =
  'deployment.kubernetes.io/revision-history';

/** Whether `child` names `owner` (a `kind`) in its ownerReferences: by uid, or by name when the owner has none. */
export function isOwnedBy(
  child: {
    metadata: {
      ownerReferences?: Array<{ kind: string; name: string; uid: string }>;
    };
  },
  kind: string,
  owner: { metadata: { name: string; uid?: string } },
): boolean {
  return (child.metadata.ownerReferences ?? []).some(
    ref =>
      ref.kind === kind &&
      (owner.metadata.uid
        ? ref.uid === owner.metadata.uid
        : ref.name === owner.metadata.name),
  );
}

/** The rollout state by the rules of `kubectl rollout status`. */
export function rolloutStateOf(
  deployment: Deployment,
): EksDeployment['rollout'] {
  const status = deployment.status ?? {};
  if (
    (deployment.metadata.generation ?? 0) > (status.observedGeneration ?? 0)
  ) {
    return {
      state: 'progressing',
      reason: 'Waiting for the deployment spec update to be observed',
    };
  }
  const progressing = status.conditions?.find(c => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      state: 'failed',
      reason: progressing.reason,
      message: progressing.message,
    };
  }
  const desired = deployment.spec.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if (updated < desired) {
    return {
      state: 'progressing',
      reason: `${updated} of ${desired} new replicas have been updated`,
    };
  }
  if (total > updated) {
    return {
      state: 'progressing',
      reason: `${total - updated} old replicas are pending termination`,
    };
  }
  if (available < updated) {
    return {
      state: 'progressing',
      reason: `${available} of ${updated} updated replicas are available`,
    };
  }
  return { state: 'complete' };
}

/** Splits `registry/repo:tag@sha256:...` (a registry may carry a port). */
export function parseImage(image: string): {
  repository: string;
  tag?: string;
  digest?: string;
} {
  const [nameAndTag, digest] = image.split('@');
  const lastColon = nameAndTag.lastIndexOf(':');
  if (lastColon > nameAndTag.lastIndexOf('/')) {
    return {
      repository: nameAndTag.slice(0, lastColon),
      tag: nameAndTag.slice(lastColon + 1),
      digest,
    };
  }
  return { repository: nameAndTag, digest };
}

/**
 * Whether a Kubernetes label selector selects `labels`. An absent selector
 * selects nothing (as a PodDisruptionBudget's does in policy/v1); an empty
 * one selects everything. An unknown operator selects nothing.
 */
export function matchesLabelSelector(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ??
    []) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * A count or percentage of `total` as the disruption controller scales it
 * (percentages round up); undefined when it is neither.
 */
function scaledCount(
  value: number | string,
  total: number,
): number | undefined {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value.trim());
  if (percent) return Math.ceil((Number(percent[1]) * total) / 100);
  return /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/**
 * Whether a PodDisruptionBudget keeps at least one of `replicas` pods
 * through voluntary disruptions (drains, node upgrades): `minAvailable` of
 * at least one pod, or a `maxUnavailable` below `replicas`. A budget with
 * neither set (the API server refuses it) or an unreadable value keeps none.
 */
export function disruptionBudgetKeepsPod(
  budget: PodDisruptionBudget,
  replicas: number,
): boolean {
  const { minAvailable, maxUnavailable } = budget.spec;
  if (minAvailable !== undefined) {
    const min = scaledCount(minAvailable, replicas);
    return min !== undefined && min >= 1;
  }
  if (maxUnavailable !== undefined) {
    const max = scaledCount(maxUnavailable, replicas);
    return max !== undefined && max < replicas;
  }
  return false;
}
