import { DEFAULT_KUBERNETES_NAMESPACE } from '@internal/backstage-plugin-aws-ops-common';
import type {
  ContainerState,
  Deployment,
  HorizontalPodAutoscaler,
  NamespaceWorkloads,
  Pod,
  PodDisruptionBudget,
  ReplicaSet,
} from '@internal/backstage-plugin-eks-node';
import { createHash } from 'node:crypto';
import { Scenario } from '../scenario';
import { ManifestObject } from '../store';
import {
  EksScenarioPod,
  EksScenarioRollout,
  EksScenarioWorkload,
  EksSection,
} from './schema';

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
  /** Earlier revisions of a re-used ReplicaSet (a rollback), oldest first. */
  history: number[];
  tag: string | undefined;
  createdAt: number;
  pods: number;
  readyPods: number;
  /** Where its pods come from: the scenario's pod stories apply to the one marked. */
  storyPods?: boolean;
}

/** How far back the played ReplicaSets go: a day, and the cycle it starts in. */
const HISTORY_MS = 24 * HOUR;
/** Cycles are numbered from here so revisions keep growing over time. */
const REVISION_EPOCH = Date.UTC(2020, 0, 1);

/** The Deployment's Progressing condition, as the controller would have left it. */
interface PlayedProgress {
  status: 'True' | 'False';
  reason: string;
  lastUpdateTime: number;
  lastTransitionTime: number;
}

type RolloutEvent =
  | { kind: 'rollout'; at: number; revision: number; r: EksScenarioRollout }
  | { kind: 'rollback'; at: number; revision: number; r: EksScenarioRollout };

/**
 * The rollouts and rollbacks of the past day up to `now`, oldest first, with
 * their revisions: each cycle's events take the next revisions after the
 * previous cycle's, counted from a fixed epoch, so revisions only grow.
 */
function rolloutEvents(
  clock: Scenario['clock'],
  rollouts: EksScenarioRollout[],
  baseRevision: number,
  now: number,
): RolloutEvent[] {
  const sorted = [...rollouts].sort((a, b) => a.at - b.at);
  const perCycle = sorted.reduce(
    (n, r) => n + (r.rollbackAfter === undefined ? 1 : 2),
    0,
  );
  const events: RolloutEvent[] = [];
  const last = clock.cycleStart(now);
  for (
    let start = last - Math.ceil(HISTORY_MS / clock.cycleMs) * clock.cycleMs;
    start <= last;
    start += clock.cycleMs
  ) {
    let revision =
      baseRevision +
      Math.floor((start - REVISION_EPOCH) / clock.cycleMs) * perCycle;
    for (const r of sorted) {
      const at = start + r.at * MINUTE;
      events.push({ kind: 'rollout', at, revision: ++revision, r });
      if (r.rollbackAfter !== undefined) {
        events.push({
          kind: 'rollback',
          at: at + r.rollbackAfter * MINUTE,
          revision: ++revision,
          r,
        });
      }
    }
  }
  return events.filter(e => e.at <= now);
}

/**
 * The ReplicaSets of a Deployment with rollouts, current first, and its
 * Progressing condition: every rollout of the past day made a new
 * ReplicaSet (the pipeline stamps the pod template, so even a tag seen
 * before is a new revision); a rollback re-uses the ReplicaSet the rollout
 * replaced (its revision moves on, the old one goes to its history).
 */
function playRollouts(
  clock: Scenario['clock'],
  workload: EksScenarioWorkload,
  baseRevision: number,
  desired: number,
  crashing: number,
  now: number,
): { replicaSets: PlayedReplicaSet[]; progress: PlayedProgress } {
  const events = rolloutEvents(clock, workload.rollouts, baseRevision, now);
  const first = events[0];
  // What ran before the day: the first rollout's `from`.
  const base: PlayedReplicaSet = {
    revision: first.revision - 1,
    history: [],
    tag: first.r.from,
    createdAt: first.at - clock.cycleMs,
    pods: 0,
    readyPods: 0,
  };
  const all: PlayedReplicaSet[] = [base];
  let current = base;
  let replaced: PlayedReplicaSet | undefined;
  let currentEvent: RolloutEvent | undefined;
  let stalledBefore = false;
  let trueSince = base.createdAt;
  for (const event of events) {
    // Did the rollout being replaced stall before this event?
    stalledBefore =
      currentEvent?.kind === 'rollout' &&
      currentEvent.r.stalls === true &&
      currentEvent.at + currentEvent.r.minutes * MINUTE <= event.at;
    if (stalledBefore) trueSince = event.at;
    if (event.kind === 'rollout') {
      const rs: PlayedReplicaSet = {
        revision: event.revision,
        history: [],
        tag: event.r.to,
        createdAt: event.at,
        pods: 0,
        readyPods: 0,
      };
      all.push(rs);
      replaced = current;
      current = rs;
    } else {
      const back = replaced ?? base;
      back.history.push(back.revision);
      back.revision = event.revision;
      replaced = current;
      current = back;
    }
    currentEvent = event;
  }

  const event = currentEvent!;
  const elapsed = now - event.at;
  let progress: PlayedProgress;
  const doneAt = event.at + event.r.minutes * MINUTE;
  if (event.kind === 'rollback') {
    // The ReplicaSet it goes back to still has its pods: available at once.
    current.storyPods = !workload.rollouts.some(r => r.stalls);
    current.pods = desired;
    current.readyPods = desired - (current.storyPods ? crashing : 0);
    progress = {
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      lastUpdateTime: event.at,
      lastTransitionTime: trueSince,
    };
  } else if (event.r.stalls) {
    // One new pod (the surge) that never becomes ready; the old ones stay.
    current.pods = 1;
    current.readyPods = 0;
    current.storyPods = true;
    replaced!.pods = desired;
    replaced!.readyPods = desired;
    progress =
      now >= doneAt
        ? {
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            lastUpdateTime: doneAt,
            lastTransitionTime: doneAt,
          }
        : {
            status: 'True',
            reason: 'ReplicaSetUpdated',
            lastUpdateTime: event.at,
            lastTransitionTime: trueSince,
          };
  } else if (elapsed < event.r.minutes * MINUTE) {
    const updated = Math.max(
      1,
      Math.floor((elapsed / (event.r.minutes * MINUTE)) * desired),
    );
    current.pods = updated;
    current.readyPods = updated - 1;
    replaced!.pods = desired - updated + 1;
    replaced!.readyPods = desired - updated + 1;
    progress = {
      status: 'True',
      reason: 'ReplicaSetUpdated',
      lastUpdateTime: event.at,
      lastTransitionTime: trueSince,
    };
  } else {
    current.pods = desired;
    current.readyPods = desired - crashing;
    current.storyPods = true;
    progress = {
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      lastUpdateTime: doneAt,
      lastTransitionTime: trueSince,
    };
  }
  return {
    replicaSets: [current, ...all.filter(rs => rs !== current).reverse()],
    progress,
  };
}

/**
 * The namespace of one environment's cluster at `now`, in the Kubernetes
 * API's shapes: every Deployment of the store's manifests in `namespace`,
 * with its ReplicaSets, pods, autoscaler and PodDisruptionBudget, as the
 * scenario's `eks` section plays them. What the scenario provider returns and what the seeded
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
    podDisruptionBudgets: [],
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
      const component =
        manifest.metadata.labels?.['backstage.io/kubernetes-id'] ??
        service.name;
      const workload: EksScenarioWorkload = section.workloads[component]?.[
        environment
      ] ?? {
        rollouts: [],
        pods: [],
      };
      const hpa =
        workload.autoscaler === false
          ? undefined
          : service.manifests.find(
              m =>
                m.kind === 'HorizontalPodAutoscaler' &&
                m.spec?.scaleTargetRef?.name === manifest.metadata.name,
            );
      playDeployment(out, {
        scenario,
        environment,
        namespace,
        manifest,
        hpa,
        workload,
        load: cluster.load,
        now,
      });
      const budget = workload.disruptionBudget ?? section.disruptionBudget;
      if (budget) {
        out.podDisruptionBudgets!.push(
          playDisruptionBudget(manifest, namespace, budget, out),
        );
      }
    }
  }
  return out;
}

/**
 * The PodDisruptionBudget of a Deployment, named after it and selecting its
 * pods by the Deployment's selector, with the status the disruption
 * controller would give it for the pods just played.
 */
function playDisruptionBudget(
  manifest: ManifestObject,
  namespace: string,
  budget: { minAvailable?: number | string; maxUnavailable?: number | string },
  out: NamespaceWorkloads,
): PodDisruptionBudget {
  const name = manifest.metadata.name;
  const deployment = out.deployments.find(d => d.metadata.name === name);
  const expected = deployment?.spec.replicas ?? 0;
  const healthy = deployment?.status?.readyReplicas ?? 0;
  const scaled = (value: number | string) =>
    typeof value === 'number'
      ? value
      : Math.ceil((parseInt(value, 10) * expected) / 100);
  const desiredHealthy =
    budget.minAvailable !== undefined
      ? scaled(budget.minAvailable)
      : Math.max(0, expected - scaled(budget.maxUnavailable ?? 0));
  return {
    metadata: {
      name,
      namespace,
      uid: hash(`pdb:${namespace}:${name}`, 32),
      labels: manifest.metadata.labels,
    },
    spec: {
      selector: manifest.spec?.selector,
      ...budget,
    },
    status: {
      expectedPods: expected,
      currentHealthy: healthy,
      desiredHealthy,
      disruptionsAllowed: Math.max(0, healthy - desiredHealthy),
    },
  };
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
  const containers: Array<{
    name: string;
    image: string;
    resources?: {
      requests?: Record<string, string>;
      limits?: Record<string, string>;
    };
  }> = manifest.spec?.template?.spec?.containers ?? [];
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
  let replicaSets: PlayedReplicaSet[];
  let progress: PlayedProgress;
  if (workload.rollouts.length > 0) {
    ({ replicaSets, progress } = playRollouts(
      clock,
      workload,
      baseRevision,
      desired,
      crashing,
      now,
    ));
  } else {
    const hoursAgo =
      workload.deployedHoursAgo ??
      1 + Math.floor(clock.jitter(`${key}:deployed`) * 71);
    const createdAt = clock.cycleStart(now) - hoursAgo * HOUR;
    replicaSets = [
      {
        revision: baseRevision,
        history: [],
        tag: workload.tag ?? manifestTag,
        createdAt,
        pods: desired,
        readyPods: desired - crashing,
        storyPods: true,
      },
    ];
    progress = {
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      lastUpdateTime: createdAt,
      lastTransitionTime: createdAt,
    };
  }

  const current = replicaSets[0];
  const total = replicaSets.reduce((sum, rs) => sum + rs.pods, 0);
  const ready = replicaSets.reduce((sum, rs) => sum + rs.readyPods, 0);
  const deploymentUid = hash(`${key}:deployment`, 32);
  const labels = manifest.metadata.labels ?? {};
  // Named (and identified) by the revision it was created for: a re-used
  // ReplicaSet keeps its name.
  const rsName = (rs: PlayedReplicaSet) =>
    `${name}-${hash(`${key}:${rs.history[0] ?? rs.revision}`, 10)}`;
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
      progressDeadlineSeconds: manifest.spec?.progressDeadlineSeconds ?? 600,
      // Enough to keep the day of rollouts the scenario plays.
      revisionHistoryLimit: Math.max(10, replicaSets.length),
      strategy: { type: manifest.spec?.strategy?.type ?? 'RollingUpdate' },
      selector: manifest.spec?.selector,
      template: {
        metadata: { labels: manifest.spec?.template?.metadata?.labels },
        spec: {
          containers: containers.map(c => ({
            name: c.name,
            image: withTag(c.image, current.tag),
            ...(c.resources ? { resources: c.resources } : {}),
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
          status: progress.status,
          reason: progress.reason,
          message:
            {
              NewReplicaSetAvailable: `ReplicaSet "${rsName(
                current,
              )}" has successfully progressed.`,
              ProgressDeadlineExceeded: `ReplicaSet "${rsName(
                current,
              )}" has timed out progressing.`,
            }[progress.reason] ??
            `ReplicaSet "${rsName(current)}" is progressing.`,
          lastUpdateTime: iso(progress.lastUpdateTime),
          lastTransitionTime: iso(progress.lastTransitionTime),
        },
      ],
    },
  };
  out.deployments.push(deployment);

  for (const played of replicaSets) {
    const rsUid = hash(`${key}:rs:${played.history[0] ?? played.revision}`, 32);
    const replicaSet: ReplicaSet = {
      metadata: {
        name: rsName(played),
        namespace,
        uid: rsUid,
        creationTimestamp: iso(played.createdAt),
        labels,
        annotations: {
          'deployment.kubernetes.io/revision': String(played.revision),
          ...(played.history.length > 0
            ? {
                'deployment.kubernetes.io/revision-history':
                  played.history.join(','),
              }
            : {}),
        },
        ownerReferences: [{ kind: 'Deployment', name, uid: deploymentUid }],
      },
      spec: {
        replicas: played.pods,
        template: {
          spec: {
            containers: containers.map(c => ({
              name: c.name,
              image: withTag(c.image, played.tag),
            })),
          },
        },
      },
      status: {
        replicas: played.pods,
        readyReplicas: played.readyPods,
        availableReplicas: played.readyPods,
      },
    };
    out.replicaSets.push(replicaSet);
    for (let i = 0; i < played.pods; i++) {
      // The scenario's pod stories: those of the current ReplicaSet once
      // rolled out, or of the rollout that stalls.
      const story = played.storyPods
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
