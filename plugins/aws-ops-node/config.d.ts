export interface Config {
  /** Shared settings of the AWS ops plugins (EKS, CloudWatch, WAF, access audit). */
  awsOps?: {
    /**
     * URL that replaces the endpoint of every AWS SDK client (LocalStack, moto,
     * VPC endpoints). Never taken from the catalog.
     */
    endpoint?: string;
    /** The allowlist: the only accounts and regions that may be queried. */
    accounts?: Array<{
      /** 12-digit AWS account id. */
      accountId: string;
      /** Regions of this account that may be queried. */
      regions: string[];
    }>;
    /** Named deployment environments; each lives in one allowlisted account and region. */
    environments?: Array<{
      /** Environment name used by the `aws-ops.io/environments` annotation, e.g. `prod`. */
      name: string;
      accountId: string;
      region: string;
      /** Name of the environment's EKS cluster. */
      eksCluster?: string;
      /**
       * Replaces the Kubernetes API server URL returned by DescribeCluster
       * (private endpoints, tests).
       */
      kubernetesApiUrl?: string;
    }>;
    /** Cache lifetimes. */
    cache?: {
      /** Seconds live state (workloads, cluster status) is reused. Default 15. */
      liveTtlSeconds?: number;
      /** Seconds resource lookups (lists of resources) are reused. Default 300. */
      lookupTtlSeconds?: number;
      /** Entries each replica keeps parsed in memory (least recently used go first). Default 5000. */
      maxLocalEntries?: number;
      /**
       * Seconds past its lifetime the last good read is still served (marked
       * stale) while refreshes fail, e.g. during throttling. Default 86400.
       */
      maxStaleSeconds?: number;
    };
    /**
     * Backend replicas that share each AWS account's API quotas; each replica
     * keeps its calls of a throttled API under `quota / replicas`. Default 2.
     */
    replicas?: number;
  };
  inbestment?: {
    /**
     * The store's reviewed catalog files (globs relative to the backend's
     * working directory). Entities that originate from them may claim any AWS
     * resource inside the awsOps allowlist; every other entity only resources
     * named after itself (docs/annotations.md).
     */
    catalogFiles?: string[];
  };
}
