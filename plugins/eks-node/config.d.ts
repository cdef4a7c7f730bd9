export interface Config {
  awsOps?: {
    /** Settings of the EKS deployments plugin. */
    eks?: {
      /**
       * Dated EKS standard support table: when standard support of each
       * Kubernetes version ends (AWS EKS Kubernetes release calendar). The
       * fallback for versions the EKS API (DescribeClusterVersions) does not
       * list, or when it cannot be read.
       */
      versionSupport?: Array<{
        /** Kubernetes minor version, e.g. '1.31'. */
        version: string;
        /** ISO date, e.g. '2025-11-26'. */
        endOfStandardSupport: string;
      }>;
      /** Days before the end of standard support a cluster is flagged. Default 90. */
      warnDaysBeforeEnd?: number;
      /** Seconds cluster and node group descriptions are reused. Default 60. */
      clusterTtlSeconds?: number;
      /**
       * Seconds a region's EKS version calendar (DescribeClusterVersions) is
       * reused. Default 21600 (6 h); the dates change a few times a year.
       */
      versionsTtlSeconds?: number;
      /**
       * Seconds a cluster's and each node group's update list (EKS
       * ListUpdates) is reused. Default 300. Finished updates (DescribeUpdate)
       * never change and are kept as long as the cache keeps anything.
       */
      updatesTtlSeconds?: number;
    };
  };
}
