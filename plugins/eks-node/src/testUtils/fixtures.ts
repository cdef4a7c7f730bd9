import { NamespaceWorkloads } from '../kubernetes/types';

const REGISTRY = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/inbestment';
const DIGEST_NEW = `sha256:${'a'.repeat(64)}`;
const DIGEST_OLD = `sha256:${'b'.repeat(64)}`;

/** A Deployment as the Kubernetes API lists it, labelled with its kubernetes-id. */
export function deployment(
  name: string,
  replicas: number,
  image: string,
  revision: number,
  status: object,
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'inbestment',
      uid: `uid-deploy-${name}`,
      generation: revision,
      creationTimestamp: '2026-01-10T08:00:00Z',
      labels: {
        app: name,
        'backstage.io/kubernetes-id': name,
        tier: 'backend',
      },
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        metadata: { labels: { app: name, 'backstage.io/kubernetes-id': name } },
        spec: {
          containers: [
            {
              name: 'app',
              image,
              ports: [{ containerPort: 8080 }],
              resources: {
                requests: { cpu: '500m', memory: '1Gi' },
                limits: { memory: '1536Mi' },
              },
            },
          ],
        },
      },
    },
    status,
  };
}

/** A ReplicaSet of the Deployment, for its revision; with `image`, the pod template it stands for. */
export function replicaSet(
  deploymentName: string,
  hash: string,
  revision: number,
  replicas: number,
  createdAt: string,
  image?: string,
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deploymentName}-${hash}`,
      namespace: 'inbestment',
      uid: `uid-rs-${hash}`,
      creationTimestamp: createdAt,
      labels: { app: deploymentName, 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: deploymentName,
          uid: `uid-deploy-${deploymentName}`,
          controller: true,
        },
      ],
    },
    spec: {
      replicas,
      ...(image
        ? { template: { spec: { containers: [{ name: 'app', image }] } } }
        : {}),
    },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

function pod(
  rsName: string,
  rsHash: string,
  suffix: string,
  image: string,
  digest: string,
  state: {
    ready: boolean;
    restarts: number;
    state: object;
    lastState?: object;
    phase: string;
  },
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${rsName}-${suffix}`,
      namespace: 'inbestment',
      uid: `uid-pod-${suffix}`,
      creationTimestamp: '2026-11-23T09:00:00Z',
      labels: {
        app: rsName.replace(/-[^-]+$/, ''),
        'pod-template-hash': rsHash,
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rsName,
          uid: `uid-rs-${rsHash}`,
          controller: true,
        },
      ],
    },
    spec: {
      nodeName: 'ip-10-0-1-23.eu-west-1.compute.internal',
      containers: [{ name: 'app', image }],
    },
    status: {
      phase: state.phase,
      conditions: [{ type: 'Ready', status: state.ready ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: 'app',
          ready: state.ready,
          restartCount: state.restarts,
          image,
          imageID: `${image.split(':')[0]}@${digest}`,
          state: state.state,
          lastState: state.lastState ?? {},
        },
      ],
    },
  };
}

const running = { running: { startedAt: '2026-11-23T09:00:10Z' } };

/** A policy/v1 PodDisruptionBudget over the pods labelled `app: <app>`. */
export function podDisruptionBudget(
  name: string,
  app: string,
  budget: { minAvailable?: number | string; maxUnavailable?: number | string },
) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'inbestment', uid: `uid-pdb-${name}` },
    spec: { selector: { matchLabels: { app } }, ...budget },
    status: { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1 },
  };
}

/**
 * One namespace as a Kubernetes API server would list it: checkout-service
 * mid-rollout (2 of 3 updated, one new pod crash-looping) with an autoscaler
 * and a PodDisruptionBudget (minAvailable 2), and payment-service fully
 * rolled out, without either.
 */
export function inbestmentNamespace(): NamespaceWorkloads {
  const checkoutNew = `${REGISTRY}/checkout-service:1.4.2`;
  const checkoutOld = `${REGISTRY}/checkout-service:1.4.1`;
  const payment = `${REGISTRY}/payment-service:2.0.0`;
  return {
    deployments: [
      deployment('checkout-service', 3, checkoutNew, 7, {
        observedGeneration: 7,
        replicas: 4,
        updatedReplicas: 2,
        readyReplicas: 3,
        availableReplicas: 3,
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            lastTransitionTime: '2026-11-20T10:00:00Z',
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            lastTransitionTime: '2026-11-23T09:00:00Z',
          },
        ],
      }),
      deployment('payment-service', 2, payment, 3, {
        observedGeneration: 3,
        replicas: 2,
        updatedReplicas: 2,
        readyReplicas: 2,
        availableReplicas: 2,
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
          },
        ],
      }),
    ] as any,
    replicaSets: [
      replicaSet(
        'checkout-service',
        '7c9f8d6b5d',
        7,
        2,
        '2026-11-23T09:00:00Z',
      ),
      replicaSet(
        'checkout-service',
        '5b6d7c8e9f',
        6,
        2,
        '2026-11-01T12:00:00Z',
      ),
      replicaSet('payment-service', '6f7e8d9c0b', 3, 2, '2026-10-01T12:00:00Z'),
    ] as any,
    pods: [
      pod(
        'checkout-service-7c9f8d6b5d',
        '7c9f8d6b5d',
        'x1a2b',
        checkoutNew,
        DIGEST_NEW,
        { ready: true, restarts: 0, state: running, phase: 'Running' },
      ),
      pod(
        'checkout-service-7c9f8d6b5d',
        '7c9f8d6b5d',
        'x3c4d',
        checkoutNew,
        DIGEST_NEW,
        {
          ready: false,
          restarts: 5,
          phase: 'Running',
          state: {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: 'back-off 2m40s restarting failed container',
            },
          },
          lastState: {
            terminated: {
              reason: 'OOMKilled',
              exitCode: 137,
              finishedAt: '2026-11-23T09:30:00Z',
            },
          },
        },
      ),
      pod(
        'checkout-service-5b6d7c8e9f',
        '5b6d7c8e9f',
        'y5e6f',
        checkoutOld,
        DIGEST_OLD,
        { ready: true, restarts: 0, state: running, phase: 'Running' },
      ),
      pod(
        'checkout-service-5b6d7c8e9f',
        '5b6d7c8e9f',
        'y7g8h',
        checkoutOld,
        DIGEST_OLD,
        { ready: true, restarts: 1, state: running, phase: 'Running' },
      ),
      pod(
        'payment-service-6f7e8d9c0b',
        '6f7e8d9c0b',
        'z1i2j',
        payment,
        DIGEST_OLD,
        { ready: true, restarts: 0, state: running, phase: 'Running' },
      ),
      pod(
        'payment-service-6f7e8d9c0b',
        '6f7e8d9c0b',
        'z3k4l',
        payment,
        DIGEST_OLD,
        { ready: true, restarts: 0, state: running, phase: 'Running' },
      ),
    ] as any,
    autoscalers: [
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'checkout-service', namespace: 'inbestment' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'checkout-service',
          },
          minReplicas: 2,
          maxReplicas: 10,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: 70 },
              },
            },
          ],
        },
        status: {
          currentReplicas: 4,
          desiredReplicas: 3,
          currentMetrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                current: { averageUtilization: 55, averageValue: '110m' },
              },
            },
          ],
        },
      },
    ] as any,
    podDisruptionBudgets: [
      podDisruptionBudget('checkout-service', 'checkout-service', {
        minAvailable: 2,
      }),
    ] as any,
  };
}
