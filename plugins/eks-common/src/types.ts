import { AwsOpsResponse } from '@internal/backstage-plugin-aws-ops-common';

/** Where a cluster's Kubernetes version stands against EKS standard support. */
export type EksVersionSupportStatus =
  /** Inside standard support and not near its end. */
  | 'supported'
  /** Standard support ends within `awsOps.eks.warnDaysBeforeEnd` days. */
  | 'ending-soon'
  /**
   * Past the end of standard support (extended support, extra cost, or past
   * that too: see `unsupported`). Also every version older than all the
   * versions the EKS API or the config table know.
   */
  | 'ended'
  /** Neither the EKS API nor the config table know the version, and it is not older than all they know. */
  | 'unknown';

export interface EksVersionSupport {
  status: EksVersionSupportStatus;
  /**
   * Where the dates come from: the EKS API (DescribeClusterVersions) or the
   * `awsOps.eks.versionSupport` table (when the API could not be read or does
   * not list the version).
   */
  source?: 'eks-api' | 'config';
  /** ISO date standard support ends, when known. */
  endOfStandardSupport?: string;
  /** ISO date extended support ends, when known (EKS API only). */
  endOfExtendedSupport?: string;
  /** Days until (negative: since) the end of standard support. */
  daysLeft?: number;
  /** Past the end of extended support too (EKS API status UNSUPPORTED), or older than every known version. */
  unsupported?: boolean;
}

export interface EksHealthIssue {
  code: string;
  message: string;
}

export interface EksNodeGroup {
  name: string;
  status: string;
  desiredSize: number;
  minSize: number;
  maxSize: number;
  instanceTypes: string[];
  kubernetesVersion?: string;
  healthIssues: EksHealthIssue[];
}

export interface EksCluster {
  name: string;
  arn: string;
  region: string;
  accountId: string;
  kubernetesVersion: string;
  platformVersion: string;
  status: string;
  versionSupport: EksVersionSupport;
  healthIssues: EksHealthIssue[];
  nodeGroups: EksNodeGroup[];
}

/** Deployment rollout state, as `kubectl rollout status` would judge it. */
export type EksRolloutState = 'complete' | 'progressing' | 'failed';

export interface EksCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface EksContainerImage {
  container: string;
  /** Full image reference from the Deployment spec. */
  image: string;
  repository: string;
  tag?: string;
  /** `sha256:...` digest the running pods report, when they agree on one. */
  digest?: string;
}

export interface EksPod {
  name: string;
  /** Pod phase: Pending, Running, Succeeded, Failed, Unknown. */
  phase: string;
  /** What `kubectl get pods` shows in STATUS, e.g. CrashLoopBackOff. */
  status: string;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  node?: string;
  /** ISO creation time; the UI derives the age. */
  createdAt?: string;
  /** Reason the last terminated container stopped, e.g. OOMKilled, Error. */
  lastTerminationReason?: string;
  /** ReplicaSet revision the pod belongs to. */
  revision?: string;
}

export interface EksAutoscaler {
  name: string;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  /** Current average CPU utilisation against its target, in percent. */
  currentCpuUtilization?: number;
  targetCpuUtilization?: number;
}

/** What one container of a Deployment's pod template requests and is limited to. */
export interface EksContainerResources {
  container: string;
  /** Resource name to quantity, e.g. `{ cpu: '500m', memory: '1Gi' }`; empty when none. */
  requests: Record<string, string>;
  limits: Record<string, string>;
}

/** A policy/v1 PodDisruptionBudget that selects a Deployment's pods. */
export interface EksDisruptionBudget {
  name: string;
  /** A count or a percentage, e.g. `1` or `50%`. */
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  /**
   * Whether it keeps at least one of the Deployment's replicas through
   * voluntary disruptions: minAvailable >= 1, or maxUnavailable < replicas.
   */
  keepsPodAvailable: boolean;
  /** Evictions it allows right now, when the cluster says. */
  disruptionsAllowed?: number;
}

export interface EksDeployment {
  name: string;
  namespace: string;
  replicas: {
    desired: number;
    ready: number;
    updated: number;
    available: number;
  };
  strategy: string;
  rollout: { state: EksRolloutState; reason?: string; message?: string };
  revision?: string;
  /** ISO time the current ReplicaSet was created (the last rollout). */
  lastRolloutAt?: string;
  conditions: EksCondition[];
  images: EksContainerImage[];
  pods: EksPod[];
  autoscaler?: EksAutoscaler;
  /** Requests and limits of each container of the pod template. */
  resources?: EksContainerResources[];
  /**
   * The PodDisruptionBudgets that select its pods (empty: none). Absent when
   * the namespace's budgets could not be read (see `disruptionBudgetsError`).
   */
  disruptionBudgets?: EksDisruptionBudget[];
  /** Why the PodDisruptionBudgets could not be read. */
  disruptionBudgetsError?: string;
}

/** One environment (cluster + namespace) an entity runs in. */
export interface EksEnvironment {
  name: string;
  accountId: string;
  region: string;
  namespace: string;
  /** Absent when the cluster could not be read (see `errors`). */
  cluster?: EksCluster;
  /** Absent when the workloads could not be read (see `errors`). */
  deployments?: EksDeployment[];
}

/** `GET /api/eks/entities/:kind/:namespace/:name/deployments` */
export interface EksDeploymentsResponse extends AwsOpsResponse {
  entityRef: string;
  /** The label selector workloads were matched with; absent without annotations. */
  labelSelector?: string;
  environments: EksEnvironment[];
}

/**
 * How a rollout ended: `completed` (its ReplicaSet became the available one),
 * `progressing` (still rolling), `stalled` (the Deployment's progress deadline
 * was exceeded), `rolled-back` (a later revision went back to an older
 * ReplicaSet's pod template), `superseded` (a newer rollout started before
 * this one completed).
 */
export type EksRolloutOutcome =
  | 'completed'
  | 'progressing'
  | 'stalled'
  | 'rolled-back'
  | 'superseded';

/** One rollout of a Deployment, from its ReplicaSets and their revision annotations. */
export interface EksRollout {
  environment: string;
  deployment: string;
  /** `deployment.kubernetes.io/revision` of the ReplicaSet the rollout moved to. */
  revision: string;
  /** Image tag (or image) of the first container after the rollout, e.g. `4.9.1`. */
  version: string;
  /** Per container: the image before (absent for the first revision) and after. */
  images: Array<{ container: string; from?: string; to: string }>;
  /** ISO time the rollout started (the ReplicaSet's creation, or its re-use on a rollback). */
  startedAt: string;
  /** ISO time it completed, when known. */
  endedAt?: string;
  outcome: EksRolloutOutcome;
}

/** A Kubernetes version change of a cluster or one of its node groups (EKS `ListUpdates`, `VersionUpdate`). */
export interface EksVersionChange {
  environment: string;
  cluster: string;
  /** Absent for the control plane. */
  nodeGroup?: string;
  updateId: string;
  /** Kubernetes version before, when EKS says. */
  from?: string;
  to: string;
  status: 'InProgress' | 'Successful' | 'Failed' | 'Cancelled';
  /** ISO time the update was created. */
  startedAt: string;
}

/** `GET /api/eks/entities/:kind/:namespace/:name/changes` */
export interface EntityEksChangesResponse extends AwsOpsResponse {
  entityRef: string;
  start: string;
  end: string;
  /** Rollouts of the entity's Deployments that started or ended inside the range, oldest first. */
  rollouts: EksRollout[];
  /** Version changes of the clusters the entity runs on, oldest first. */
  versionChanges: EksVersionChange[];
}
