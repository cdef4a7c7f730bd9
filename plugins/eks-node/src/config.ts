import { Config } from '@backstage/config';

export interface EksVersionSupportEntry {
  version: string;
  endOfStandardSupport: string;
}

/** The parsed `awsOps.eks` config block. */
export interface EksConfig {
  versionSupport: EksVersionSupportEntry[];
  warnDaysBeforeEnd: number;
  clusterTtlMs: number;
  /** How long the region's DescribeClusterVersions calendar is reused. */
  versionsTtlMs: number;
  /** How long a cluster's or node group's update list (ListUpdates) is reused. */
  updatesTtlMs: number;
}

export function readEksConfig(root: Config): EksConfig {
  const config = root.getOptionalConfig('awsOps.eks');
  const versionSupport = (
    config?.getOptionalConfigArray('versionSupport') ?? []
  ).map(entry => ({
    version: entry.getString('version'),
    endOfStandardSupport: entry.getString('endOfStandardSupport'),
  }));
  for (const entry of versionSupport) {
    if (Number.isNaN(Date.parse(entry.endOfStandardSupport))) {
      throw new Error(
        `awsOps.eks.versionSupport ${entry.version}: '${entry.endOfStandardSupport}' is not a date`,
      );
    }
  }
  return {
    versionSupport,
    warnDaysBeforeEnd: config?.getOptionalNumber('warnDaysBeforeEnd') ?? 90,
    clusterTtlMs: (config?.getOptionalNumber('clusterTtlSeconds') ?? 60) * 1000,
    versionsTtlMs:
      (config?.getOptionalNumber('versionsTtlSeconds') ?? 21_600) * 1000,
    updatesTtlMs:
      (config?.getOptionalNumber('updatesTtlSeconds') ?? 300) * 1000,
  };
}
