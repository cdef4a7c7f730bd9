import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import { AwsOpsErrorEntry } from '@internal/backstage-plugin-aws-ops-common';
import { AwsOpsClaimsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  EksDeployment,
  EksEnvironment,
} from '@internal/backstage-plugin-eks-common';
import { EksDeploymentsService } from '@internal/backstage-plugin-eks-node';
import {
  createServiceFactRetriever,
  describeErrors,
  ServiceFacts,
  unreadable,
  unreadableFacts,
} from './serviceFacts';

/** The facts read from the service's Deployments in the environment. */
const WORKLOAD_FACTS = [
  'prodReplicas',
  'hasHpa',
  'hasPdb',
  'hasResourceRequests',
  'hasResourceLimits',
];
/** The facts read from the environment's cluster. */
const CLUSTER_FACTS = ['clusterVersion', 'clusterVersionSupported'];

/**
 * The replicas a Deployment keeps at the least: its autoscaler's
 * minReplicas when one targets it, else its spec.replicas.
 */
function floorReplicas(deployment: EksDeployment): number {
  return deployment.autoscaler?.minReplicas ?? deployment.replicas.desired;
}

/** The name deploy/rollout.sh gives a canary: the Deployment's name and this. */
const CANARY_SUFFIX = '-canary';

/**
 * Without deploy/rollout.sh's canaries: a one-pod copy of a Deployment named
 * `<deployment>-canary`, without autoscaler or budget, that lives only while a
 * canary release is watched. It is the release being tried, not how the
 * service runs, so the facts are read from the Deployment it is a copy of.
 */
function withoutCanaries(deployments: EksDeployment[]): EksDeployment[] {
  const names = new Set(deployments.map(d => d.name));
  return deployments.filter(
    d =>
      !(
        d.name.endsWith(CANARY_SUFFIX) &&
        names.has(d.name.slice(0, -CANARY_SUFFIX.length))
      ),
  );
}

/** The workload facts over every Deployment of the service in the environment. */
function workloadFacts(deployments: EksDeployment[]): ServiceFacts {
  const result: ServiceFacts = {
    facts: {
      prodReplicas: Math.min(...deployments.map(floorReplicas)),
      hasHpa: deployments.every(d => d.autoscaler !== undefined),
    },
  };
  const readErrors: Record<string, string> = {};
  const unreadBudgets = deployments.find(d => !d.disruptionBudgets);
  if (unreadBudgets) {
    readErrors.hasPdb = `the PodDisruptionBudgets of ${
      unreadBudgets.namespace
    } could not be read: ${
      unreadBudgets.disruptionBudgetsError ?? 'not listed'
    }`;
  } else {
    result.facts.hasPdb = deployments.every(d =>
      d.disruptionBudgets!.some(b => b.keepsPodAvailable),
    );
  }
  const unreadResources = deployments.find(d => !d.resources);
  if (unreadResources) {
    const reason = `the containers of Deployment ${unreadResources.name} were not read`;
    readErrors.hasResourceRequests = reason;
    readErrors.hasResourceLimits = reason;
  } else {
    const containers = deployments.flatMap(d => d.resources!);
    result.facts.hasResourceRequests = containers.every(
      c => Boolean(c.requests.cpu) && Boolean(c.requests.memory),
    );
    result.facts.hasResourceLimits = containers.every(c =>
      Boolean(c.limits.memory),
    );
  }
  if (Object.keys(readErrors).length) result.readErrors = readErrors;
  return result;
}

/** The cluster facts of the environment, or why they are unknown. */
function clusterFacts(
  environment: EksEnvironment,
  errors: AwsOpsErrorEntry[],
): ServiceFacts {
  const { cluster } = environment;
  if (!cluster) {
    return {
      facts: {},
      readErrors: unreadableFacts(
        CLUSTER_FACTS,
        describeErrors(errors) ||
          `the ${environment.name} cluster could not be read`,
      ),
    };
  }
  const { status } = cluster.versionSupport;
  if (status === 'unknown') {
    return {
      facts: { clusterVersion: cluster.kubernetesVersion },
      readErrors: {
        clusterVersionSupported: `the end of EKS standard support for Kubernetes ${cluster.kubernetesVersion} is not known: the EKS API (DescribeClusterVersions) did not say and awsOps.eks.versionSupport does not list it`,
      },
    };
  }
  return {
    facts: {
      clusterVersion: cluster.kubernetesVersion,
      // `ending-soon` is still inside standard support.
      clusterVersionSupported: status !== 'ended',
    },
  };
}

/**
 * The EKS facts of one service in `environment`, from the claims gate and
 * the EKS deployments service: the cluster (DescribeCluster, cached per
 * `awsOps.eks.clusterTtlSeconds`; the version calendar per
 * `versionsTtlSeconds`) and the namespace's workloads (five Kubernetes list
 * calls per namespace, cached per `awsOps.cache.liveTtlSeconds` and shared by
 * every service in it).
 */
export async function readEksFacts(
  entity: Entity,
  options: {
    claims: AwsOpsClaimsService;
    deployments: EksDeploymentsService;
    environment: string;
  },
): Promise<ServiceFacts> {
  const { environment } = options;
  const allFacts = [...WORKLOAD_FACTS, ...CLUSTER_FACTS];
  const granted = await options.claims.grant(entity);
  const response = await options.deployments.getDeployments(granted);
  const inEnvironment = (error: AwsOpsErrorEntry) =>
    !error.scope.environment || error.scope.environment === environment;
  const errors = response.errors.filter(inEnvironment);
  const env = response.environments.find(e => e.name === environment);
  if (!env) {
    let reason = describeErrors(errors);
    if (!reason) {
      reason = granted.claimed.kubernetes
        ? `${granted.entityRef} has no ${environment} EKS cluster to read its workloads from`
        : `${granted.entityRef} claims no Kubernetes workloads (annotation backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector)`;
    }
    return unreadable(allFacts, reason);
  }
  const cluster = clusterFacts(env, errors);
  let workloads: ServiceFacts;
  if (!env.deployments) {
    workloads = {
      facts: {},
      readErrors: unreadableFacts(
        WORKLOAD_FACTS,
        describeErrors(errors) ||
          `the workloads of namespace ${env.namespace} could not be read`,
      ),
    };
  } else if (env.deployments.length === 0) {
    workloads = {
      facts: {},
      readErrors: unreadableFacts(
        WORKLOAD_FACTS,
        `no Deployment in namespace ${
          env.namespace
        } of the ${environment} cluster matches ${
          response.labelSelector ?? 'the entity'
        }`,
      ),
    };
  } else {
    workloads = workloadFacts(withoutCanaries(env.deployments));
  }
  const readErrors = { ...workloads.readErrors, ...cluster.readErrors };
  return {
    facts: { ...workloads.facts, ...cluster.facts },
    ...(Object.keys(readErrors).length ? { readErrors } : {}),
  };
}

/**
 * `inbestmentEksFacts`: how each service runs in prod on EKS (replicas,
 * autoscaler, disruption budget, requests and limits) and whether its
 * cluster's Kubernetes version is inside EKS standard support.
 */
export function createEksFactRetriever(options: {
  catalog: CatalogService;
  claims: AwsOpsClaimsService;
  deployments: EksDeploymentsService;
  /** The environment the facts are about (default `prod`). */
  environment?: string;
}): FactRetriever {
  const environment = options.environment ?? 'prod';
  return createServiceFactRetriever({
    id: 'inbestmentEksFacts',
    version: '0.1.0',
    title: 'EKS workloads',
    description:
      "How the service's prod Deployments run on EKS (replicas, autoscaler, PodDisruptionBudget, requests and limits) and whether the cluster's Kubernetes version is inside EKS standard support",
    catalog: options.catalog,
    schema: {
      prodReplicas: {
        type: 'integer',
        description:
          "The fewest replicas any of the service's prod Deployments keeps: its HorizontalPodAutoscaler's minReplicas, else spec.replicas",
      },
      hasHpa: {
        type: 'boolean',
        description:
          'Every prod Deployment is the target of a HorizontalPodAutoscaler',
      },
      hasPdb: {
        type: 'boolean',
        description:
          "Every prod Deployment's pods are selected by a policy/v1 PodDisruptionBudget that keeps at least one pod (minAvailable >= 1 or maxUnavailable < replicas)",
      },
      hasResourceRequests: {
        type: 'boolean',
        description:
          'Every container of every prod Deployment requests cpu and memory',
      },
      hasResourceLimits: {
        type: 'boolean',
        description:
          'Every container of every prod Deployment has a memory limit',
      },
      clusterVersion: {
        type: 'string',
        description:
          "The Kubernetes version of the prod cluster's control plane",
      },
      clusterVersionSupported: {
        type: 'boolean',
        description:
          "EKS standard support for the prod cluster's Kubernetes version has not ended",
      },
    },
    read: entity =>
      readEksFacts(entity, {
        claims: options.claims,
        deployments: options.deployments,
        environment,
      }),
  });
}
