import { DEFAULT_KUBERNETES_NAMESPACE } from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsEnvironment,
  Clock,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  cyclePosition,
  ManifestObject,
  seededRandom,
  StoreService,
} from '@internal/backstage-plugin-aws-ops-demo';
import { EksNodeGroup } from '@internal/backstage-plugin-eks-common';
import { createHash } from 'node:crypto';
import { EksConfig } from '../config';
import {
  ContainerState,
  Deployment,
  HorizontalPodAutoscaler,
  NamespaceWorkloads,
  Pod,
  ReplicaSet,
} from '../kubernetes/types';
import { EksApiVersion } from '../versionSupport';
import { ClusterDescription, EksClusterTarget, EksProvider } from './types';

const MINUTE = 60_000;
/** Every this often the rollout service ships a new version. */
const ROLLOUT_PERIOD = 20 * MINUTE;
/** The first part of each rollout period is spent rolling out. */
const ROLLOUT_SHARE = 0.4;
const LOAD_PERIOD = 30 * MINUTE;
const CRASH_BACKOFF = 5 * MINUTE;
/** The crash-looping pod is replaced this often, so its restarts stay believable. */
const CRASH_POD_LIFETIME = 2 * 60 * MINUTE;
/** Services without a story are redeployed about this often. */
const DEPLOY_PERIOD = 3 * 24 * 60 * MINUTE;
/** The story the simulation tells; other services fall back to the first/last one. */
const ROLLOUT_SERVICE = 'checkout-service';
const CRASHING_SERVICE = 'recommendation-service';

function hash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function bumpPatch(tag: string | undefined, by: number): string | undefined {
  const match = /^(v?\d+\.\d+\.)(\d+)(.*)$/.exec(tag ?? '');
  return match ? `${match[1]}${Number(match[2]) + by}${match[3]}` : tag;
}

function withTag(image: string, tag: string | undefined): string {
  const lastColon = image.lastIndexOf(':');
  const base =
    lastColon > image.lastIndexOf('/') ? image.slice(0, lastColon) : image;
  return tag ? `${base}:${tag}` : image;
}

function tagOf(image: string): string | undefined {
  const lastColon = image.lastIndexOf(':');
  return lastColon > image.lastIndexOf('/')
    ? image.slice(lastColon + 1)
    : undefined;
}

interface SimulatedReplicaSet {
  revision: number;
  images: string[];
  createdAt: number;
  pods: number;
  readyPods: number;
}

/**
 * A deterministic simulated AWS account built from the store's own
 * manifests: the same seed and clock give the same clusters and workloads.
 * It tells a story that changes over time: the first environment runs the
 * newer Kubernetes version, the others one behind and near the end of
 * standard support; `checkout-service` rolls out a new version every 20
 * minutes in the first environment; one `recommendation-service` pod
 * crash-loops in the other environments; autoscalers follow a load curve.
 */
export class DemoEksProvider implements EksProvider {
  readonly source = 'demo' as const;

  constructor(
    private readonly options: {
      services: StoreService[];
      environments: AwsOpsEnvironment[];
      eksConfig: EksConfig;
      seed: string;
      clock: Clock;
    },
  ) {}

  /** The supported version closest to its end, and the one after it. */
  private versions(): { newer: string; older: string } {
    const now = this.options.clock();
    const live = [...this.options.eksConfig.versionSupport]
      .filter(v => Date.parse(v.endOfStandardSupport) >= now)
      .sort(
        (a, b) =>
          Date.parse(a.endOfStandardSupport) -
          Date.parse(b.endOfStandardSupport),
      );
    const older = live[0]?.version ?? '1.31';
    return { older, newer: live[1]?.version ?? older };
  }

  /**
   * The simulated EKS version calendar: the config table's versions, with
   * extended support ending a year after standard support, like EKS's.
   */
  async describeClusterVersions(): Promise<EksApiVersion[]> {
    const now = this.options.clock();
    return this.options.eksConfig.versionSupport.map(entry => {
      const standardEnd = Date.parse(entry.endOfStandardSupport);
      const extendedEnd = new Date(standardEnd);
      extendedEnd.setUTCFullYear(extendedEnd.getUTCFullYear() + 1);
      let status = 'STANDARD_SUPPORT';
      if (now >= extendedEnd.getTime()) status = 'UNSUPPORTED';
      else if (now >= standardEnd) status = 'EXTENDED_SUPPORT';
      return {
        version: entry.version,
        status,
        endOfStandardSupport: new Date(standardEnd).toISOString(),
        endOfExtendedSupport: extendedEnd.toISOString(),
      };
    });
  }

  async describeCluster(target: EksClusterTarget): Promise<ClusterDescription> {
    const index = this.environmentIndexByName(target.environment);
    const { newer, older } = this.versions();
    const version = index === 0 ? newer : older;
    const random = seededRandom(`${this.options.seed}:${target.clusterName}`);
    const nodeGroups: EksNodeGroup[] =
      index === 0
        ? [
            {
              name: 'general',
              status: 'ACTIVE',
              desiredSize: 4,
              minSize: 3,
              maxSize: 8,
              instanceTypes: ['m6i.large'],
              kubernetesVersion: version,
              healthIssues: [],
            },
            {
              name: 'spot',
              status: 'ACTIVE',
              desiredSize: 2,
              minSize: 0,
              maxSize: 6,
              instanceTypes: ['m6i.large', 'm5.large'],
              kubernetesVersion: version,
              healthIssues: [],
            },
          ]
        : [
            {
              name: 'general',
              status: 'ACTIVE',
              desiredSize: 2,
              minSize: 1,
              maxSize: 4,
              instanceTypes: ['t3.large'],
              kubernetesVersion: version,
              healthIssues: [],
            },
          ];
    return {
      cluster: {
        name: target.clusterName,
        arn: `arn:aws:eks:${target.region}:${target.accountId}:cluster/${target.clusterName}`,
        accountId: target.accountId,
        region: target.region,
        kubernetesVersion: version,
        platformVersion: `eks.${5 + Math.floor(random() * 10)}`,
        status: 'ACTIVE',
        healthIssues: [],
        nodeGroups,
      },
      connection: {
        apiUrl: `https://${hash(target.clusterName, 32).toUpperCase()}.gr7.${
          target.region
        }.eks.amazonaws.com`,
      },
    };
  }

  async listWorkloads(
    target: EksClusterTarget,
    _connection: unknown,
    namespace: string,
  ): Promise<NamespaceWorkloads> {
    const workloads: NamespaceWorkloads = {
      deployments: [],
      replicaSets: [],
      pods: [],
      autoscalers: [],
    };
    const withDeployments = this.options.services.filter(s =>
      s.manifests.some(m => m.kind === 'Deployment'),
    );
    const rolloutService =
      withDeployments.find(s => s.name === ROLLOUT_SERVICE) ??
      withDeployments[0];
    const crashingService =
      withDeployments.find(s => s.name === CRASHING_SERVICE) ??
      withDeployments[withDeployments.length - 1];
    const index = this.environmentIndexByName(target.environment);
    for (const service of withDeployments) {
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
        this.simulate(workloads, target, namespace, manifest, hpa, {
          rollingOut: index === 0 && service === rolloutService,
          crashing: index > 0 && service === crashingService,
        });
      }
    }
    return workloads;
  }

  private simulate(
    out: NamespaceWorkloads,
    target: EksClusterTarget,
    namespace: string,
    manifest: ManifestObject,
    hpaManifest: ManifestObject | undefined,
    story: { rollingOut: boolean; crashing: boolean },
  ): void {
    const now = this.options.clock();
    const name = manifest.metadata.name;
    const key = `${this.options.seed}:${target.environment}:${name}`;
    const random = seededRandom(key);
    const containers: Array<{ name: string; image: string }> =
      manifest.spec?.template?.spec?.containers ?? [];
    const baseRevision = 2 + Math.floor(random() * 8);
    const isFirstEnvironment =
      this.environmentIndexByName(target.environment) === 0;
    // Non-first environments sometimes run a newer patch: staging goes first.
    const stagingAhead = !isFirstEnvironment && random() < 0.3 ? 1 : 0;
    const imagesAt = (bump: number) =>
      containers.map(c => withTag(c.image, bumpPatch(tagOf(c.image), bump)));

    // Replica count follows a load curve through the autoscaler.
    const minReplicas =
      hpaManifest?.spec?.minReplicas ?? manifest.spec?.replicas ?? 2;
    const maxReplicas = hpaManifest?.spec?.maxReplicas ?? minReplicas;
    const targetCpu = hpaManifest?.spec?.metrics?.find(
      (m: any) => m.resource?.name === 'cpu',
    )?.resource?.target?.averageUtilization;
    const load =
      0.5 + 0.5 * Math.sin(2 * Math.PI * cyclePosition(now, LOAD_PERIOD, key));
    // Staging takes a fraction of production's traffic.
    const trafficShare = isFirstEnvironment ? 1 : 0.2;
    const desired = hpaManifest
      ? Math.round(
          minReplicas + load * trafficShare * (maxReplicas - minReplicas),
        )
      : manifest.spec?.replicas ?? 2;
    const currentCpu = targetCpu
      ? Math.round(targetCpu * (0.6 + 0.6 * load))
      : undefined;

    const replicaSets: SimulatedReplicaSet[] = [];
    let revision = baseRevision;
    if (story.rollingOut) {
      const cycle = Math.floor(now / ROLLOUT_PERIOD);
      const position = (now % ROLLOUT_PERIOD) / ROLLOUT_PERIOD;
      const startedAt = cycle * ROLLOUT_PERIOD;
      revision = baseRevision + (cycle % 50) + 1;
      const bump = (cycle % 50) + 1;
      if (position < ROLLOUT_SHARE) {
        const updated = Math.max(
          1,
          Math.floor((position / ROLLOUT_SHARE) * desired),
        );
        replicaSets.push(
          {
            revision,
            images: imagesAt(bump),
            createdAt: startedAt,
            pods: updated,
            readyPods: updated - 1,
          },
          {
            revision: revision - 1,
            images: imagesAt(bump - 1),
            createdAt: startedAt - ROLLOUT_PERIOD,
            pods: desired - updated + 1,
            readyPods: desired - updated + 1,
          },
        );
      } else {
        replicaSets.push({
          revision,
          images: imagesAt(bump),
          createdAt: startedAt,
          pods: desired,
          readyPods: desired,
        });
      }
    } else {
      const deployedAt =
        now - cyclePosition(now, DEPLOY_PERIOD, key) * DEPLOY_PERIOD;
      replicaSets.push({
        revision,
        images: imagesAt(stagingAhead),
        createdAt: Math.floor(deployedAt / 1000) * 1000,
        pods: desired,
        readyPods: story.crashing ? desired - 1 : desired,
      });
    }

    const current = replicaSets[0];
    const total = replicaSets.reduce((sum, rs) => sum + rs.pods, 0);
    const ready = replicaSets.reduce((sum, rs) => sum + rs.readyPods, 0);
    const deploymentUid = hash(`${key}:deployment`, 32);
    const labels = manifest.metadata.labels ?? {};
    const rollingOut =
      current.pods < desired ||
      total > current.pods ||
      current.readyPods < current.pods;
    const deployment: Deployment = {
      metadata: {
        name,
        namespace,
        uid: deploymentUid,
        generation: revision,
        creationTimestamp: iso(now - 200 * 24 * 60 * MINUTE),
        labels,
        annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      },
      spec: {
        replicas: desired,
        strategy: { type: manifest.spec?.strategy?.type ?? 'RollingUpdate' },
        selector: manifest.spec?.selector,
        template: {
          spec: {
            containers: containers.map((c, i) => ({
              name: c.name,
              image: current.images[i],
            })),
          },
        },
      },
      status: {
        observedGeneration: revision,
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
            reason:
              rollingOut && !story.crashing
                ? 'ReplicaSetUpdated'
                : 'NewReplicaSetAvailable',
            message:
              rollingOut && !story.crashing
                ? `ReplicaSet "${name}-${hash(
                    `${key}:${revision}`,
                    10,
                  )}" is progressing.`
                : `ReplicaSet "${name}-${hash(
                    `${key}:${revision}`,
                    10,
                  )}" has successfully progressed.`,
            lastTransitionTime: iso(current.createdAt),
          },
        ],
      },
    };
    out.deployments.push(deployment);

    for (const simulated of replicaSets) {
      const rsName = `${name}-${hash(`${key}:${simulated.revision}`, 10)}`;
      const rsUid = hash(`${key}:rs:${simulated.revision}`, 32);
      const replicaSet: ReplicaSet = {
        metadata: {
          name: rsName,
          namespace,
          uid: rsUid,
          creationTimestamp: iso(simulated.createdAt),
          labels,
          annotations: {
            'deployment.kubernetes.io/revision': String(simulated.revision),
          },
          ownerReferences: [{ kind: 'Deployment', name, uid: deploymentUid }],
        },
        spec: { replicas: simulated.pods },
        status: {
          replicas: simulated.pods,
          readyReplicas: simulated.readyPods,
        },
      };
      out.replicaSets.push(replicaSet);
      for (let i = 0; i < simulated.pods; i++) {
        out.pods.push(
          this.simulatePod(
            target,
            namespace,
            rsName,
            rsUid,
            simulated,
            i,
            containers,
            labels,
            story.crashing && i === simulated.pods - 1,
          ),
        );
      }
    }

    if (hpaManifest) {
      const autoscaler: HorizontalPodAutoscaler = {
        metadata: {
          name: hpaManifest.metadata.name,
          namespace,
          labels: hpaManifest.metadata.labels,
        },
        spec: {
          scaleTargetRef: { kind: 'Deployment', name },
          minReplicas,
          maxReplicas,
          metrics: hpaManifest.spec?.metrics,
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

  private environmentIndexByName(environment: string): number {
    return Math.max(
      0,
      this.options.environments.findIndex(e => e.name === environment),
    );
  }

  private simulatePod(
    target: EksClusterTarget,
    namespace: string,
    rsName: string,
    rsUid: string,
    replicaSet: SimulatedReplicaSet,
    index: number,
    containers: Array<{ name: string }>,
    labels: Record<string, string>,
    crashLooping: boolean,
  ): Pod {
    const now = this.options.clock();
    const podKey = `${rsUid}:${index}`;
    const random = seededRandom(podKey);
    const envIndex = this.environmentIndexByName(target.environment);
    const node = `ip-10-${envIndex}-${1 + Math.floor(random() * 3) * 16}-${
      10 + Math.floor(random() * 200)
    }.${target.region}.compute.internal`;
    const createdAt = crashLooping
      ? Math.max(
          replicaSet.createdAt,
          now -
            cyclePosition(now, CRASH_POD_LIFETIME, podKey) * CRASH_POD_LIFETIME,
        )
      : replicaSet.createdAt + index * 20_000;
    const ready = index < replicaSet.readyPods;
    const occasionalRestart = random() < 0.15 ? 1 : 0;
    const restarts = crashLooping
      ? 1 + Math.floor((now - createdAt) / CRASH_BACKOFF)
      : occasionalRestart;
    const lastTerminated =
      restarts > 0
        ? {
            terminated: {
              reason: crashLooping ? 'Error' : 'OOMKilled',
              exitCode: crashLooping ? 1 : 137,
            },
          }
        : undefined;
    let state: ContainerState = { waiting: { reason: 'ContainerCreating' } };
    if (crashLooping) {
      state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: 'back-off 5m0s restarting failed container',
        },
      };
    } else if (ready) {
      state = { running: { startedAt: iso(createdAt + 15_000) } };
    }
    return {
      metadata: {
        name: `${rsName}-${hash(podKey, 5)}`,
        namespace,
        uid: hash(`${podKey}:pod`, 32),
        creationTimestamp: iso(createdAt),
        labels,
        ownerReferences: [{ kind: 'ReplicaSet', name: rsName, uid: rsUid }],
      },
      spec: {
        nodeName: node,
        containers: containers.map((c, i) => ({
          name: c.name,
          image: replicaSet.images[i],
        })),
      },
      status: {
        phase: ready || crashLooping ? 'Running' : 'Pending',
        containerStatuses: containers.map((c, i) => ({
          name: c.name,
          ready,
          restartCount: restarts,
          image: replicaSet.images[i],
          imageID: `${replicaSet.images[i].replace(
            /:[^:/]+$/,
            '',
          )}@sha256:${createHash('sha256')
            .update(replicaSet.images[i])
            .digest('hex')}`,
          state,
          lastState: lastTerminated,
        })),
      },
    };
  }
}
