import {
  EksAutoscaler,
  EksContainerImage,
  EksDeployment,
  EksDisruptionBudget,
  EksPod,
} from '@internal/backstage-plugin-eks-common';
import {
  deriveRollouts,
  DeploymentRollout,
  disruptionBudgetKeepsPod,
  isOwnedBy,
  matchesLabelSelector,
  parseImage,
  REVISION_ANNOTATION,
  rolloutStateOf,
} from '@internal/backstage-plugin-eks-node';
import type {
  ContainerStatus,
  Deployment,
  HorizontalPodAutoscaler,
  NamespaceWorkloads,
  Pod,
  ReplicaSet,
} from '@internal/backstage-plugin-eks-node';

/** A mapped Deployment with the labels entities are matched against. */
export interface LabelledDeployment {
  labels: Record<string, string>;
  deployment: EksDeployment;
  /** Its rollouts from its ReplicaSets (`deriveRollouts`), oldest first. */
  rollouts: DeploymentRollout[];
}

function digestOf(status: ContainerStatus): string | undefined {
  return /sha256:[a-f0-9]{64}/.exec(status.imageID ?? '')?.[0];
}

function podStatusText(pod: Pod): string {
  if (pod.metadata.deletionTimestamp) {
    return 'Terminating';
  }
  for (const container of pod.status?.containerStatuses ?? []) {
    const reason =
      container.state?.waiting?.reason ?? container.state?.terminated?.reason;
    if (reason) {
      return reason;
    }
  }
  return pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
}

function mapPod(pod: Pod, revision: string | undefined): EksPod {
  const statuses = pod.status?.containerStatuses ?? [];
  const lastTermination = statuses
    .map(s => s.lastState?.terminated?.reason ?? s.state?.terminated?.reason)
    .find(Boolean);
  return {
    name: pod.metadata.name,
    phase: pod.status?.phase ?? 'Unknown',
    status: podStatusText(pod),
    readyContainers: statuses.filter(s => s.ready).length,
    totalContainers: pod.spec?.containers?.length ?? statuses.length,
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    node: pod.spec?.nodeName,
    createdAt: pod.metadata.creationTimestamp,
    lastTerminationReason: lastTermination,
    revision,
  };
}

function mapAutoscaler(hpa: HorizontalPodAutoscaler): EksAutoscaler {
  const cpuTarget = hpa.spec.metrics?.find(m => m.resource?.name === 'cpu');
  const cpuCurrent = hpa.status?.currentMetrics?.find(
    m => m.resource?.name === 'cpu',
  );
  return {
    name: hpa.metadata.name,
    minReplicas: hpa.spec.minReplicas ?? 1,
    maxReplicas: hpa.spec.maxReplicas,
    currentReplicas: hpa.status?.currentReplicas ?? 0,
    desiredReplicas: hpa.status?.desiredReplicas ?? 0,
    currentCpuUtilization: cpuCurrent?.resource?.current?.averageUtilization,
    targetCpuUtilization: cpuTarget?.resource?.target?.averageUtilization,
  };
}

function mapImages(
  deployment: Deployment,
  currentPods: Pod[],
): EksContainerImage[] {
  return deployment.spec.template.spec.containers.map(container => {
    const parsed = parseImage(container.image);
    const digests = new Set(
      currentPods
        .flatMap(pod => pod.status?.containerStatuses ?? [])
        .filter(s => s.name === container.name)
        .map(digestOf)
        .filter(Boolean),
    );
    return {
      container: container.name,
      image: container.image,
      repository: parsed.repository,
      tag: parsed.tag,
      digest:
        parsed.digest ?? (digests.size === 1 ? [...digests][0] : undefined),
    };
  });
}

/**
 * The namespace's PodDisruptionBudgets that select the Deployment's pods (by
 * its pod template's labels, else its selector's matchLabels), or why they
 * could not be read.
 */
function mapDisruptionBudgets(
  deployment: Deployment,
  workloads: NamespaceWorkloads,
): Pick<EksDeployment, 'disruptionBudgets' | 'disruptionBudgetsError'> {
  if (!workloads.podDisruptionBudgets) {
    return {
      disruptionBudgetsError:
        workloads.podDisruptionBudgetsError ??
        'PodDisruptionBudgets were not read',
    };
  }
  const podLabels =
    deployment.spec.template.metadata?.labels ??
    deployment.spec.selector?.matchLabels ??
    {};
  const replicas = deployment.spec.replicas ?? 1;
  return {
    disruptionBudgets: workloads.podDisruptionBudgets
      .filter(pdb => matchesLabelSelector(pdb.spec.selector, podLabels))
      .map(
        (pdb): EksDisruptionBudget => ({
          name: pdb.metadata.name,
          ...(pdb.spec.minAvailable !== undefined
            ? { minAvailable: pdb.spec.minAvailable }
            : {}),
          ...(pdb.spec.maxUnavailable !== undefined
            ? { maxUnavailable: pdb.spec.maxUnavailable }
            : {}),
          keepsPodAvailable: disruptionBudgetKeepsPod(pdb, replicas),
          ...(pdb.status?.disruptionsAllowed !== undefined
            ? { disruptionsAllowed: pdb.status.disruptionsAllowed }
            : {}),
        }),
      )
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function mapDeployment(
  deployment: Deployment,
  workloads: NamespaceWorkloads,
): EksDeployment {
  const revision = deployment.metadata.annotations?.[REVISION_ANNOTATION];
  const replicaSets = workloads.replicaSets.filter(rs =>
    isOwnedBy(rs, 'Deployment', deployment),
  );
  const revisionOf = (rs: ReplicaSet) =>
    rs.metadata.annotations?.[REVISION_ANNOTATION];
  const currentReplicaSet = replicaSets.find(rs => revisionOf(rs) === revision);
  const pods = replicaSets.flatMap(rs =>
    workloads.pods
      .filter(pod => isOwnedBy(pod, 'ReplicaSet', rs))
      .map(pod => ({ pod, revision: revisionOf(rs) })),
  );
  const autoscaler = workloads.autoscalers.find(
    hpa =>
      hpa.spec.scaleTargetRef.kind === 'Deployment' &&
      hpa.spec.scaleTargetRef.name === deployment.metadata.name,
  );
  const status = deployment.status ?? {};
  return {
    name: deployment.metadata.name,
    namespace: deployment.metadata.namespace ?? '',
    replicas: {
      desired: deployment.spec.replicas ?? 1,
      ready: status.readyReplicas ?? 0,
      updated: status.updatedReplicas ?? 0,
      available: status.availableReplicas ?? 0,
    },
    strategy: deployment.spec.strategy?.type ?? 'RollingUpdate',
    rollout: rolloutStateOf(deployment),
    revision,
    lastRolloutAt: currentReplicaSet?.metadata.creationTimestamp,
    conditions: (status.conditions ?? []).map(c => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
      lastTransitionTime: c.lastTransitionTime,
    })),
    images: mapImages(
      deployment,
      pods.filter(p => p.revision === revision).map(p => p.pod),
    ),
    pods: pods
      .map(({ pod, revision: podRevision }) => mapPod(pod, podRevision))
      .sort((a, b) => a.name.localeCompare(b.name)),
    autoscaler: autoscaler && mapAutoscaler(autoscaler),
    resources: deployment.spec.template.spec.containers.map(container => ({
      container: container.name,
      requests: { ...container.resources?.requests },
      limits: { ...container.resources?.limits },
    })),
    ...mapDisruptionBudgets(deployment, workloads),
  };
}

/**
 * Maps every Deployment of a namespace, with its ReplicaSets' pods and its
 * autoscaler, to our response shape. Done once per namespace and cached;
 * entities then pick their deployments by label.
 */
export function mapWorkloads(
  workloads: NamespaceWorkloads,
): LabelledDeployment[] {
  return workloads.deployments
    .map(deployment => ({
      labels: deployment.metadata.labels ?? {},
      deployment: mapDeployment(deployment, workloads),
      rollouts: deriveRollouts(deployment, workloads.replicaSets),
    }))
    .sort((a, b) => a.deployment.name.localeCompare(b.deployment.name));
}
