import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_EKS_CLUSTER_ARNS,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  AwsOpsErrorEntry,
  DEFAULT_KUBERNETES_NAMESPACE,
} from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsService,
  Clock,
  readListAnnotation,
  toErrorEntry,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  EksDeploymentsResponse,
  EksEnvironment,
} from '@internal/backstage-plugin-eks-common';
import { EksConfig } from '../config';
import { EksDeploymentsService } from './types';
import { compileLabelSelector } from '../kubernetes/labelSelector';
import { LabelledDeployment, mapWorkloads } from '../kubernetes/mapWorkloads';
import {
  ClusterDescription,
  EksClusterTarget,
  EksProvider,
} from '../providers/types';
import { evaluateVersionSupport } from '../versionSupport';

/** The selector an entity's workloads carry, from its annotations; none without them. */
export function labelSelectorOf(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const explicit = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR]?.trim();
  if (explicit) return explicit;
  const id = annotations[ANNOTATION_KUBERNETES_ID]?.trim();
  return id ? `${ANNOTATION_KUBERNETES_ID}=${id}` : undefined;
}

/**
 * Builds the deployments response of one entity. Clusters and namespaces are
 * read once per cache lifetime for all entities and viewers; an entity only
 * filters the cached namespace listing by its labels.
 */
export class DefaultEksDeploymentsService implements EksDeploymentsService {
  constructor(
    private readonly options: {
      awsOps: AwsOpsService;
      eksConfig: EksConfig;
      provider: EksProvider;
      clock: Clock;
    },
  ) {}

  async getDeployments(entity: Entity): Promise<EksDeploymentsResponse> {
    const { provider, clock } = this.options;
    const entityRef = stringifyEntityRef(entity);
    const labelSelector = labelSelectorOf(entity);
    const response: EksDeploymentsResponse = {
      source: provider.source,
      fetchedAt: new Date(clock()).toISOString(),
      entityRef,
      labelSelector,
      environments: [],
      errors: [],
    };
    if (!labelSelector) {
      return response;
    }
    let matches: (labels: Record<string, string>) => boolean;
    try {
      matches = compileLabelSelector(labelSelector);
    } catch (error) {
      response.errors.push(toErrorEntry({}, error));
      return response;
    }
    const namespace =
      entity.metadata.annotations?.[ANNOTATION_KUBERNETES_NAMESPACE]?.trim() ||
      DEFAULT_KUBERNETES_NAMESPACE;
    const { targets, errors } = this.resolveClusters(entity);
    response.errors.push(...errors);

    const results = await Promise.all(
      targets.map(target => this.readEnvironment(target, namespace, matches)),
    );
    for (const result of results) {
      response.environments.push(result.environment);
      response.errors.push(...result.errors);
      if (result.fetchedAt && result.fetchedAt < response.fetchedAt) {
        response.fetchedAt = result.fetchedAt;
      }
    }
    return response;
  }

  /** Clusters of the entity's environments plus those its ARN annotation names. */
  private resolveClusters(entity: Entity): {
    targets: EksClusterTarget[];
    errors: AwsOpsErrorEntry[];
  } {
    const { resolver } = this.options.awsOps;
    const { environments, errors } = resolver.resolveEnvironments(entity);
    const targets: EksClusterTarget[] = environments
      .filter(env => env.eksCluster)
      .map(env => ({
        environment: env.name,
        accountId: env.accountId,
        region: env.region,
        clusterName: env.eksCluster!,
        kubernetesApiUrl: env.kubernetesApiUrl,
      }));
    for (const arn of readListAnnotation(entity, ANNOTATION_EKS_CLUSTER_ARNS) ??
      []) {
      try {
        const parsed = resolver.parseArn(arn, 'eks');
        const clusterName = /^cluster\/([\w-]+)$/.exec(parsed.resource)?.[1];
        if (!clusterName) {
          throw new Error(`'${arn}' is not an EKS cluster ARN`);
        }
        const known = targets.some(
          t =>
            t.accountId === parsed.accountId &&
            t.region === parsed.region &&
            t.clusterName === clusterName,
        );
        if (!known) {
          targets.push({
            environment: clusterName,
            accountId: parsed.accountId,
            region: parsed.region,
            clusterName,
          });
        }
      } catch (error) {
        errors.push(
          toErrorEntry(
            { cluster: arn },
            error instanceof Error && error.name === 'Error'
              ? Object.assign(error, { name: 'InputError' })
              : error,
          ),
        );
      }
    }
    return { targets, errors };
  }

  private async readEnvironment(
    target: EksClusterTarget,
    namespace: string,
    matches: (labels: Record<string, string>) => boolean,
  ): Promise<{
    environment: EksEnvironment;
    errors: AwsOpsErrorEntry[];
    fetchedAt?: string;
  }> {
    const { awsOps, eksConfig, provider, clock } = this.options;
    const scope = {
      environment: target.environment,
      accountId: target.accountId,
      region: target.region,
      cluster: target.clusterName,
    };
    const environment: EksEnvironment = {
      name: target.environment,
      accountId: target.accountId,
      region: target.region,
      namespace,
    };
    const clusterKey = `eks:${provider.source}:cluster:${target.accountId}:${target.region}:${target.clusterName}`;
    let described;
    try {
      described = await awsOps.cache.getOrLoad<ClusterDescription>(
        clusterKey,
        {
          ttlMs: eksConfig.clusterTtlMs,
          failureTtlMs: awsOps.config.cache.liveTtlMs,
        },
        () => provider.describeCluster(target),
      );
    } catch (error) {
      return { environment, errors: [toErrorEntry(scope, error)] };
    }
    const { cluster, connection } = described.value;
    environment.cluster = {
      ...cluster,
      versionSupport: evaluateVersionSupport(
        cluster.kubernetesVersion,
        eksConfig,
        clock(),
      ),
    };
    try {
      const workloads = await awsOps.cache.getOrLoad<LabelledDeployment[]>(
        `eks:${provider.source}:workloads:${target.accountId}:${target.region}:${target.clusterName}:${namespace}`,
        {
          ttlMs: awsOps.config.cache.liveTtlMs,
          failureTtlMs: awsOps.config.cache.liveTtlMs,
        },
        async () =>
          mapWorkloads(
            await provider.listWorkloads(target, connection, namespace),
          ),
      );
      environment.deployments = workloads.value
        .filter(item => matches(item.labels))
        .map(item => item.deployment);
      const fetchedAt =
        workloads.fetchedAt < described.fetchedAt
          ? workloads.fetchedAt
          : described.fetchedAt;
      return { environment, errors: [], fetchedAt };
    } catch (error) {
      return {
        environment,
        errors: [toErrorEntry(scope, error)],
        fetchedAt: described.fetchedAt,
      };
    }
  }
}
