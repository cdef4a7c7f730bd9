import { AwsOpsSource } from '@internal/backstage-plugin-aws-ops-common';
import { AwsTarget } from '@internal/backstage-plugin-aws-ops-node';
import { EksCluster } from '@internal/backstage-plugin-eks-common';
import { KubernetesConnection } from '../kubernetes/KubernetesApiReader';
import { NamespaceWorkloads } from '../kubernetes/types';
import { EksApiVersion } from '../versionSupport';

/** One EKS cluster to read, already inside the allowlist. */
export interface EksClusterTarget extends AwsTarget {
  /** Environment name, or the cluster name for clusters named by ARN. */
  environment: string;
  clusterName: string;
  /** Config override of the API server URL DescribeCluster returns. */
  kubernetesApiUrl?: string;
}

/** A cluster as the EKS API describes it, and how to reach its Kubernetes API. */
export interface ClusterDescription {
  cluster: Omit<EksCluster, 'versionSupport'>;
  connection: KubernetesConnection;
}

/** The status of an EKS update (DescribeUpdate). */
export type EksUpdateStatus =
  | 'InProgress'
  | 'Successful'
  | 'Failed'
  | 'Cancelled';

/** One update of a cluster or node group, as EKS DescribeUpdate describes it (our JSON shape). */
export interface EksUpdate {
  id: string;
  /** `VersionUpdate`, `ConfigUpdate`, `EndpointAccessUpdate`, ... */
  type: string;
  status: EksUpdateStatus;
  /** ISO time EKS created the update. */
  createdAt: string;
  /** The update's params by type, e.g. `Version`, `PlatformVersion`, `ReleaseVersion`. */
  params: Record<string, string>;
}

/**
 * Where cluster and workload data come from: real AWS or the simulated
 * account. Both return the same shapes, so mapping, caching and the route do
 * not know which one runs.
 */
export interface EksProvider {
  readonly source: AwsOpsSource;
  describeCluster(target: EksClusterTarget): Promise<ClusterDescription>;
  /** The EKS version calendar of the target's region (DescribeClusterVersions). */
  describeClusterVersions(target: AwsTarget): Promise<EksApiVersion[]>;
  listWorkloads(
    target: EksClusterTarget,
    connection: KubernetesConnection,
    namespace: string,
  ): Promise<NamespaceWorkloads>;
  /**
   * Ids of the updates of the cluster, or of one of its node groups
   * (EKS ListUpdates), as many as one bounded read returns.
   */
  listUpdates(
    target: EksClusterTarget,
    nodegroupName?: string,
  ): Promise<string[]>;
  /** One update (EKS DescribeUpdate). */
  describeUpdate(
    target: EksClusterTarget,
    updateId: string,
    nodegroupName?: string,
  ): Promise<EksUpdate>;
}
