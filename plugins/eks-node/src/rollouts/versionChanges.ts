import { EksVersionChange } from '@internal/backstage-plugin-eks-common';
import { EksUpdate } from '../providers/types';

/** The minor version before `version` ('1.35' -> '1.34'), when it has one. */
function previousMinor(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(version);
  if (!match || Number(match[2]) === 0) return undefined;
  return `${match[1]}.${Number(match[2]) - 1}`;
}

/**
 * The Kubernetes version changes of one cluster (no `nodeGroup`) or one of
 * its node groups, oldest first, from its EKS updates (any order; updates
 * other than `VersionUpdate`, or without a `Version` param, are not version
 * changes). `from` is the version of the resource's previous successful
 * version update when it is listed; otherwise, for the control plane, the
 * minor version before (EKS upgrades a control plane one minor version at a
 * time and never downgrades it); for a node group it stays absent (a node
 * group may skip minor versions).
 */
export function toVersionChanges(
  where: { environment: string; cluster: string; nodeGroup?: string },
  updates: EksUpdate[],
): EksVersionChange[] {
  const versionUpdates = updates
    .filter(u => u.type === 'VersionUpdate' && u.params.Version)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  let lastSuccessful: string | undefined;
  return versionUpdates.map(update => {
    const to = update.params.Version;
    const from =
      lastSuccessful ?? (where.nodeGroup ? undefined : previousMinor(to));
    if (update.status === 'Successful') lastSuccessful = to;
    return {
      environment: where.environment,
      cluster: where.cluster,
      ...(where.nodeGroup ? { nodeGroup: where.nodeGroup } : {}),
      updateId: update.id,
      ...(from ? { from } : {}),
      to,
      status: update.status,
      startedAt: update.createdAt,
    };
  });
}
