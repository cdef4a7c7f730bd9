import { DEFAULT_KUBERNETES_NAMESPACE } from '@internal/backstage-plugin-aws-ops-common';
import type {
  ContainerState,
  Deployment,
  HorizontalPodAutoscaler,
  NamespaceWorkloads,
  Pod,
  ReplicaSet,
} from '@internal/backstage-plugin-eks-node';
import { createHash } from 'node:crypto';
import { Scenario } from '../scenario';
import { ManifestObject } from '../store';
import { EksSection, EksScenarioPod, EksScenarioWorkload } from './schema';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function hash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

const iso = (ms: number) => new Date(ms).toISOString();

function withTag(image: string, tag: string | undefined): string {
  const lastColon = image.lastIndexOf(':');
  const base =
    lastColon > image.lastIndexOf('/') ? image.slice(0, lastColon) : image;
  return tag ? `${base}:${tag}` : image;
}

/** The curve's value at `minute` (linear between points, wrapping over the cycle). */
export function loadAt(
  curve: Array<[number, number]>,
  minute: number,
  cycleMinutes: number,
): number {
  const points = [...curve].sort((a, b) => a[0] - b[0]);
  const after = points.findIndex(([m]) => m > minute);
  const [m1, v1] =
    after === 0 || after === -1 ? points[points.length - 1] : points[after - 1];
  const [m2, v2] = after === -1 ? points[0] : points[after];
  const from = m1 > minute ? m1 - cycleMinutes : m1;
  const to = m2 <= from ? m2 + cycleMinutes : m2;
  return to === from ? v1 : v1 + ((v2 - v1) * (minute - from)) / (to - from);
}

interface PlayedReplicaSet {
  revision: number;
  tag: string | undefined;
  createdAt: number;
  pods: number;
  readyPods: number;
}

/**
 * The namespace of one environment's cluster at `now`, in the Kubernetes
 * API's shapes: every Deployment of the store's manifests in `namespace`,
 * with its ReplicaSets, pods and autoscaler, as the scenario's `eks` section
 * plays them. What the scenario provider returns and what the seeded
 * Kubernetes API servers answer.
 */
export function scenarioWorkloads(
  scenario: Scenario,
  section: EksSection,
  environment: string,
  namespace: string,
  now: number = scenario.clock.now(),
): NamespaceWorkloads {
  const out: NamespaceWorkloads = {
    deployments: [],
    replicaSets: [],
    pods: [],
    autoscalers: [],
  };
  const cluster = section.clusters[environment];
  if (!cluster) return out;
  for (const service of scenario.store) {
    for (const manifest of service.manifests) {
      if (
        manifest.kind !== 'Deployment' ||
        (manifest.metadata.namespace ?? DEFAULT_KUBERNETES_NAMESPACE) !==
          namespace
      ) {
        continue;
      }
      const hpa = service.manifests.find(
        m =>
          m.kind === 'HorizontalPodAutoscaler' &&
          m.spec?.scaleTargetRef?.name === manifest.metadata.name,
      );
      const component =
        manifest.metadata.labels?.['backstage.io/kubernetes-id'] ??
        service.name;
      playDeployment(out, {
        scenario,
        environment,
        namespace,
        manifest,
        hpa,
        workload: section.workloads[component]?.[environment] ?? {
          rollouts: [],
          pods: [],
        },
        load: cluster.load,
        now,
      });
    }
  }
  return out;
}

function playDeployment(
  out: NamespaceWorkloads,
  options: {
    scenario: Scenario;
    environment: string;
    namespace: string;
    manifest: ManifestObject;
    hpa: ManifestObject | undefined;
    workload: EksScenarioWorkload;
    load: Array<[number, number]>;
    now: number;
  },
): void {
  const { scenario, environment, namespace, manifest, hpa, workload, now } =
    options;
  const { clock } = scenario;
  const name = manifest.metadata.name;
  const key = `eks:${environment}:${name}`;
  const containers: Array<{ name: string; image: string }> =
    manifest.spec?.template?.spec?.containers ?? [];
  const manifestTag = /:([^:/]+)$/.exec(containers[0]?.image ?? '')?.[1];
  const baseRevision = 2 + Math.floor(clock.jitter(`${key}:revision`) * 8);

  // Replicas: the autoscaler follows the load curve (shifted per component
  // so they do not move in lockstep); otherwise the manifest's count.
  const minReplicas = hpa?.spec?.minReplicas ?? manifest.spec?.replicas ?? 2;
  const maxReplicas = hpa?.spec?.maxReplicas ?? minReplicas;
  const targetCpu = hpa?.spec?.metrics?.find(
    (m: any) => m.resource?.name === 'cpu',
  )?.resource?.target?.averageUtilization;
  const shift = clock.jitter(`${key}:load`) * clock.cycleMinutes;
  const load = loadAt(
    workload.load ?? options.load,
    (clock.minutesIntoCycle(now) + shift) % clock.cycleMinutes,
    clock.cycleMinutes,
  );
  const desired = hpa
    ? Math.round(minReplicas + load * (maxReplicas - minReplicas))
    : workload.replicas ?? manifest.spec?.replicas ?? 2;
  const currentCpu = targetCpu
    ? Math.round(targetCpu * (0.6 + 0.6 * load))
    : undefined;

  const crashing = workload.pods.filter(p => p.waiting).length;
  const replicaSets: PlayedReplicaSet[] = [];
  const rollouts = [...workload.rollouts].sort((a, b) => a.at - b.at);
  if (rollouts.length > 0) {
    // The latest rollout at or before now, and the one before it.
    const occurrences = rollouts
      .map((r, index) => ({
        r,
        index,
        at: clock.lastOccurrence(r.at, now),
      }))
      .sort((a, b) => b.at - a.at);
    const [latest, previous] = [
      occurrences[0],
      occurrences[1] ?? {
        ...occurrences[0],
        at: occurrences[0].at - clock.cycleMs,
      },
    ];
    const revision = baseRevision + latest.index + 1;
    const elapsed = (now - latest.at) / MINUTE;
    if (elapsed < latest.r.minutes) {
      const updated = Math.max(
        1,
        Math.floor((elapsed / latest.r.minutes) * desired),
      );
      replicaSets.push(
        {
          revision,
          tag: latest.r.to,
          createdAt: latest.at,
          pods: updated,
          readyPods: updated - 1,
        },
        {
          revision: revision - 1,
          tag: latest.r.from,
          createdAt: previous.at,
          pods: desired - updated + 1,
          readyPods: desired - updated + 1,
        },
      );
    } else {
      replicaSets.push({
        revision,
        tag: latest.r.to,
        createdAt: latest.at,
        pods: desired,
        readyPods: desired - crashing,
      });
    }
  } else {
    const hoursAgo =
      workload.deployedHoursAgo ??
      1 + Math.floor(clock.jitter(`${key}:deployed`) * 71);
    replicaSets.push({
      revision: baseRevision,
      tag: workload.tag ?? manifestTag,
      createdAt: clock.cycleStart(now) - hoursAgo * HOUR,
      pods: desired,
      readyPods: desired - crashing,
    });
  }

  const current = replicaSets[0];
  const total = replicaSets.reduce((sum, rs) => sum + rs.pods, 0);
  const ready = replicaSets.reduce((sum, rs) => sum + rs.readyPods, 0);
  const deploymentUid = hash(`${key}:deployment`, 32);
  const labels = manifest.metadata.labels ?? {};
  const progressing = replicaSets.length > 1;
  const rsName = (revision: number) =>
    `${name}-${hash(`${key}:${revision}`, 10)}`;
  const deployment: Deployment = {
    metadata: {
      name,
      namespace,
      uid: deploymentUid,
      generation: current.revision,
      creationTimestamp: iso(clock.cycleStart(now) - 200 * 24 * HOUR),
      labels,
      annotations: {
        'deployment.kubernetes.io/revision': String(current.revision),
      },
    },
    spec: {
      replicas: desired,
      strategy: { type: manifest.spec?.strategy?.type ?? 'RollingUpdate' },
      selector: manifest.spec?.selector,
      template: {
        spec: {
          containers: containers.map(c => ({
            name: c.name,
            image: withTag(c.image, current.tag),
          })),
        },
      },
    },
    status: {
      observedGeneration: current.revision,
      replicas: total,
      readyReplicas: ready,
      updatedReplicas: current.pods,
      availableReplicas: ready,
      conditions: [
        {
          type: 'Available',
          status: ready >= Math.max(1, desired - 1) ? 'True' : 'False',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
          lastTransitionTime: iso(current.createdAt),
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: progressing ? 'ReplicaSetUpdated' : 'NewReplicaSetAvailable',
          message: progressing
            ? `ReplicaSet "${rsName(current.revision)}" is progressing.`
            : `ReplicaSet "${rsName(
                current.revision,
              )}" has successfully progressed.`,
          lastTransitionTime: iso(current.createdAt),
        },
      ],
    },
  };
  out.deployments.push(deployment);

  for (const [rsIndex, played] of replicaSets.entries()) {
    const rsUid = hash(`${key}:rs:${played.revision}`, 32);
    const replicaSet: ReplicaSet = {
      metadata: {
        name: rsName(played.revision),
        namespace,
        uid: rsUid,
        creationTimestamp: iso(played.createdAt),
        labels,
        annotations: {
          'deployment.kubernetes.io/revision': String(played.revision),
        },
        ownerReferences: [{ kind: 'Deployment', name, uid: deploymentUid }],
      },
      spec: { replicas: played.pods },
      status: { replicas: played.pods, readyReplicas: played.readyPods },
    };
    out.replicaSets.push(replicaSet);
    for (let i = 0; i < played.pods; i++) {
      // The scenario's pods are those of the current, finished ReplicaSet.
      const story =
        rsIndex === 0 && !progressing
          ? workload.pods.find(p => p.index === i)
          : undefined;
      out.pods.push(
        playPod({
          scenario,
          environment,
          namespace,
          replicaSet,
          played,
          index: i,
          ready: story?.waiting ? false : i < played.readyPods,
          story,
          containers,
          labels,
          now,
        }),
      );
    }
  }

  if (hpa) {
    const autoscaler: HorizontalPodAutoscaler = {
      metadata: {
        name: hpa.metadata.name,
        namespace,
        labels: hpa.metadata.labels,
      },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name },
        minReplicas,
        maxReplicas,
        metrics: hpa.spec?.metrics,
      },
      status: {
        currentReplicas: total,
        desiredReplicas: desired,
        currentMetrics:
          currentCpu === undefined
            ? []
            : [
                {
                  type: 'Resource',
                  resource: {
                    name: 'cpu',
                    current: { averageUtilization: currentCpu },
                  },
                },
              ],
      },
    };
    out.autoscalers.push(autoscaler);
  }
}

function playPod(options: {
  scenario: Scenario;
  environment: string;
  namespace: string;
  replicaSet: ReplicaSet;
  played: PlayedReplicaSet;
  index: number;
  ready: boolean;
  story: EksScenarioPod | undefined;
  containers: Array<{ name: string; image: string }>;
  labels: Record<string, string>;
  now: number;
}): Pod {
  const { scenario, replicaSet, played, index, ready, story, now } = options;
  const { clock } = scenario;
  const rsUid = replicaSet.metadata.uid!;
  const podKey = `${rsUid}:${index}`;
  const node = `ip-10-${
    Math.floor(clock.jitter(`${podKey}:subnet`) * 3) * 16 + 1
  }-${10 + Math.floor(clock.jitter(`${podKey}:host`) * 200)}.compute.internal`;
  const createdAt =
    story?.createdAt !== undefined
      ? Math.max(played.createdAt, clock.lastOccurrence(story.createdAt, now))
      : played.createdAt + index * 20_000;
  let restarts = story?.restarts ?? 0;
  if (story?.restartEveryMinutes) {
    restarts =
      1 + Math.floor((now - createdAt) / (story.restartEveryMinutes * MINUTE));
  }
  let state: ContainerState = { waiting: { reason: 'ContainerCreating' } };
  if (story?.waiting) {
    state = {
      waiting: {
        reason: story.waiting,
        message: `back-off ${
          story.restartEveryMinutes ?? 5
        }m0s restarting failed container`,
      },
    };
  } else if (ready) {
    state = { running: { startedAt: iso(createdAt + 15_000) } };
  }
  const image = (c: { image: string }) => withTag(c.image, played.tag);
  return {
    metadata: {
      name: `${replicaSet.metadata.name}-${hash(podKey, 5)}`,
      namespace: options.namespace,
      uid: hash(`${podKey}:pod`, 32),
      creationTimestamp: iso(createdAt),
      labels: options.labels,
      ownerReferences: [
        { kind: 'ReplicaSet', name: replicaSet.metadata.name, uid: rsUid },
      ],
    },
    spec: {
      nodeName: node,
      containers: options.containers.map(c => ({
        name: c.name,
        image: image(c),
      })),
    },
    status: {
      phase: ready || story?.waiting ? 'Running' : 'Pending',
      containerStatuses: options.containers.map(c => ({
        name: c.name,
        ready,
        restartCount: restarts,
        image: image(c),
        imageID: `${image(c).replace(/:[^:/]+$/, '')}@sha256:${createHash(
          'sha256',
        )
          .update(image(c))
          .digest('hex')}`,
        state,
        lastState: story?.lastTermination
          ? {
              terminated: {
                reason: story.lastTermination.reason,
                exitCode: story.lastTermination.exitCode,
              },
            }
          : undefined,
      })),
    },
  };
}
