import { parse as parseArn, validate as isArn } from '@aws-sdk/util-arn-parser';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  AwsOpsErrorEntry,
  AwsOpsStale,
} from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsService,
  claimErrors,
  Clock,
  Fetched,
  GrantedClaims,
  oldestStale,
  toErrorEntry,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  EksDeploymentsResponse,
  EksEnvironment,
} from '@internal/backstage-plugin-eks-common';
import {
  ClusterDescription,
  EksApiVersion,
  EksClusterTarget,
  EksConfig,
  EksDeploymentsService,
  EksProvider,
  evaluateVersionSupport,
} from '@internal/backstage-plugin-eks-node';
import { compileLabelSelector } from './labelSelector';
import { LabelledDeployment, mapWorkloads } from './mapWorkloads';

/** EKS cluster names: a letter or digit, then letters, digits, `-` and `_`. */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

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

  async getDeployments(claims: GrantedClaims): Promise<EksDeploymentsResponse> {
    const { provider, clock } = this.options;
    const { entity, entityRef, links } = claims;
    const response: EksDeploymentsResponse = {
      source: provider.source,
      fetchedAt: new Date(clock()).toISOString(),
      entityRef,
      // What the entity claims; a refused claim is searched nowhere and explained in errors.
      labelSelector: claims.claimed.kubernetes?.selector,
      environments: [],
      errors: claimErrors(claims, [
        'kubernetes-id',
        'kubernetes-label-selector',
        'eks-cluster-arn',
      ]),
    };
    if (!links.kubernetes) {
      return response;
    }
    let matches: (labels: Record<string, string>) => boolean;
    try {
      matches = compileLabelSelector(links.kubernetes.selector);
    } catch (error) {
      response.errors.push(toErrorEntry({}, error));
      return response;
    }
    const { namespace } = links.kubernetes;
    const { targets, errors } = this.resolveClusters(
      entity,
      links.eksClusterArns,
    );
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
    const stale = oldestStale(results);
    if (stale) response.stale = stale;
    return response;
  }

  /** Clusters of the entity's environments plus those its ARN annotation names. */
  private resolveClusters(
    entity: Entity,
    clusterArns: string[],
  ): {
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
    for (const arn of clusterArns) {
      try {
        if (!isArn(arn)) {
          throw new InputError(`'${arn}' is not an ARN`);
        }
        const [resourceType, clusterName, ...rest] =
          parseArn(arn).resource.split('/');
        if (
          resourceType !== 'cluster' ||
          !CLUSTER_NAME.test(clusterName ?? '') ||
          rest.length > 0
        ) {
          throw new InputError(`'${arn}' is not an EKS cluster ARN`);
        }
        // In the allowlist (account and region), or refused.
        const parsed = resolver.parseArn(arn, 'eks');
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
    stale?: AwsOpsStale;
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
    const versions = await this.readVersions(target);
    environment.cluster = {
      ...cluster,
      versionSupport: evaluateVersionSupport(
        cluster.kubernetesVersion,
        eksConfig,
        clock(),
        versions?.value,
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
      const stale = oldestStale([described, workloads, versions]);
      return {
        environment,
        errors: [],
        fetchedAt,
        ...(stale ? { stale } : {}),
      };
    } catch (error) {
      const stale = oldestStale([described, versions]);
      return {
        environment,
        errors: [toErrorEntry(scope, error)],
        fetchedAt: described.fetchedAt,
        ...(stale ? { stale } : {}),
      };
    }
  }

  /**
   * The EKS version calendar of the cluster's region (DescribeClusterVersions),
   * shared by every cluster and entity there for `versionsTtlSeconds`.
   * Undefined when it cannot be read (no permission, an emulator without it):
   * the config table then stands in.
   */
  private async readVersions(
    target: EksClusterTarget,
  ): Promise<Fetched<EksApiVersion[]> | undefined> {
    const { awsOps, eksConfig, provider } = this.options;
    try {
      return await awsOps.cache.getOrLoad<EksApiVersion[]>(
        `eks:${provider.source}:versions:${target.region}`,
        {
          ttlMs: eksConfig.versionsTtlMs,
          failureTtlMs: awsOps.config.cache.lookupTtlMs,
        },
        () => provider.describeClusterVersions(target),
      );
    } catch {
      return undefined;
    }
  }
}
