export interface Config {
  awsOps?: {
    /** Settings of the EKS deployments plugin. */
    eks?: {
      /**
       * Dated EKS standard support table: when standard support of each
       * Kubernetes version ends (AWS EKS Kubernetes release calendar).
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
    };
  };
}
