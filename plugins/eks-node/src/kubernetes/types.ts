/**
 * The fields of Kubernetes API objects (apps/v1, v1, autoscaling/v2, policy/v1) this
 * plugin reads, as they arrive on the wire (timestamps are ISO strings).
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ kind: string; name: string; uid: string }>;
}

/** Resource quantities by resource name, e.g. `{ cpu: '500m', memory: '1Gi' }`. */
export type ResourceList = Record<string, string>;

export interface Container {
  name: string;
  image: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
}

/** A label selector (matchLabels and matchExpressions), as Deployments and PodDisruptionBudgets carry it. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    /** `In`, `NotIn`, `Exists`, `DoesNotExist`. */
    operator: string;
    values?: string[];
  }>;
}

export interface DeploymentCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface Deployment {
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    /** Seconds before a rollout without progress is ProgressDeadlineExceeded (default 600). */
    progressDeadlineSeconds?: number;
    /** Old ReplicaSets kept (default 10): how far back rollouts can be told. */
    revisionHistoryLimit?: number;
    strategy?: { type?: string };
    selector?: LabelSelector;
    template: {
      /** The pod template's labels: what PodDisruptionBudgets select the pods by. */
      metadata?: { labels?: Record<string, string> };
      spec: { containers: Container[] };
    };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: DeploymentCondition[];
  };
}

export interface ReplicaSet {
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    /** The pod template: the images of the revision the ReplicaSet stands for. */
    template?: { spec?: { containers?: Container[] } };
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
}

export interface ContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; exitCode?: number; finishedAt?: string };
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID?: string;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface Pod {
  metadata: ObjectMeta;
  spec?: { nodeName?: string; containers?: Container[] };
  status?: {
    phase?: string;
    reason?: string;
    containerStatuses?: ContainerStatus[];
  };
}

export interface HorizontalPodAutoscaler {
  metadata: ObjectMeta;
  spec: {
    scaleTargetRef: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: Array<{
      type: string;
      resource?: {
        name: string;
        target?: { averageUtilization?: number };
      };
    }>;
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: Array<{
      type: string;
      resource?: {
        name: string;
        current?: { averageUtilization?: number };
      };
    }>;
  };
}

/** A policy/v1 PodDisruptionBudget. */
export interface PodDisruptionBudget {
  metadata: ObjectMeta;
  spec: {
    /** An absent selector selects no pods; an empty one, every pod of the namespace. */
    selector?: LabelSelector;
    /** A count or a percentage such as `50%`; at most one of the two is set. */
    minAvailable?: number | string;
    maxUnavailable?: number | string;
  };
  status?: {
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    expectedPods?: number;
  };
}

/** Everything the plugin reads from one namespace of one cluster. */
export interface NamespaceWorkloads {
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  pods: Pod[];
  autoscalers: HorizontalPodAutoscaler[];
  /**
   * The namespace's PodDisruptionBudgets; absent when they could not be read
   * (see `podDisruptionBudgetsError`): the rest of the namespace still loads.
   */
  podDisruptionBudgets?: PodDisruptionBudget[];
  /** Why the PodDisruptionBudgets could not be read (e.g. RBAC without policy/poddisruptionbudgets list). */
  podDisruptionBudgetsError?: string;
}
