/**
 * The fields of Kubernetes API objects (apps/v1, v1, autoscaling/v2) this
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

export interface Container {
  name: string;
  image: string;
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
    selector?: { matchLabels?: Record<string, string> };
    template: { spec: { containers: Container[] } };
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

/** Everything the plugin reads from one namespace of one cluster. */
export interface NamespaceWorkloads {
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  pods: Pod[];
  autoscalers: HorizontalPodAutoscaler[];
}
