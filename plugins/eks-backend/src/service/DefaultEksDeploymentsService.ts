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
  EksRollout,
  EksVersionChange,
  EntityEksChangesResponse,
} from '@internal/backstage-plugin-eks-common';
import {
  ClusterDescription,
  EksApiVersion,
  EksClusterTarget,
  EksConfig,
  EksDeploymentsService,
  EksProvider,
  EksUpdate,
  evaluateVersionSupport,
  toVersionChanges,
} from '@internal/backstage-plugin-eks-node';
import { compileLabelSelector } from './labelSelector';
import { LabelledDeployment, mapWorkloads } from './mapWorkloads';

/**
 * How long an update's first DescribeUpdate is reused: a finished update
 * (Successful, Failed, Cancelled) never changes, so as long as the cache
 * keeps anything (its maximum staleness, a day by default, ends it sooner).
 * One first seen in progress is followed under a second key at the live TTL.
 */
const FINISHED_UPDATE_TTL_MS = 7 * 24 * 3600_000;

/** A rollout is in the range when it started, ended or ran inside it. */
function overlaps(
  rollout: { startedAt: string; endedAt?: string; outcome: string },
  range: { start: number; end: number },
): boolean {
  const started = Date.parse(rollout.startedAt);
  let ended = rollout.endedAt ? Date.parse(rollout.endedAt) : started;
  // Still rolling (or stuck) without an end: it runs until now.
  if (
    !rollout.endedAt &&
    (rollout.outcome === 'progressing' || rollout.outcome === 'stalled')
  ) {
    ended = Infinity;
  }
  return started <= range.end && ended >= range.start;
}

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
    const { provider } = this.options;
    const scope = this.entityScope(claims);
    const response: EksDeploymentsResponse = {
      source: provider.source,
      fetchedAt: scope.fetchedAt,
      entityRef: claims.entityRef,
      // What the entity claims; a refused claim is searched nowhere and explained in errors.
      labelSelector: claims.claimed.kubernetes?.selector,
      environments: [],
      errors: scope.errors,
    };
    if (!scope.workloads) return response;
    const { namespace, matches, targets } = scope.workloads;
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

  async getChanges(
    claims: GrantedClaims,
    range: { start: number; end: number },
  ): Promise<EntityEksChangesResponse> {
    const { provider } = this.options;
    const scope = this.entityScope(claims);
    const response: EntityEksChangesResponse = {
      source: provider.source,
      fetchedAt: scope.fetchedAt,
      entityRef: claims.entityRef,
      start: new Date(range.start).toISOString(),
      end: new Date(range.end).toISOString(),
      rollouts: [],
      versionChanges: [],
      errors: scope.errors,
    };
    if (!scope.workloads) return response;
    const { namespace, matches, targets } = scope.workloads;
    const results = await Promise.all(
      targets.map(target =>
        this.readChanges(target, namespace, matches, range),
      ),
    );
    for (const result of results) {
      response.rollouts.push(...result.rollouts);
      response.versionChanges.push(...result.versionChanges);
      response.errors.push(...result.errors);
      if (result.fetchedAt && result.fetchedAt < response.fetchedAt) {
        response.fetchedAt = result.fetchedAt;
      }
    }
    response.rollouts.sort(
      (a, b) =>
        a.startedAt.localeCompare(b.startedAt) ||
        a.environment.localeCompare(b.environment),
    );
    response.versionChanges.sort(
      (a, b) =>
        a.startedAt.localeCompare(b.startedAt) ||
        a.environment.localeCompare(b.environment),
    );
    const stale = oldestStale(results);
    if (stale) response.stale = stale;
    return response;
  }

  /**
   * What both reads start from: the claim errors, and when the entity holds
   * a Kubernetes claim, its namespace, label matcher and clusters.
   */
  private entityScope(claims: GrantedClaims): {
    fetchedAt: string;
    errors: AwsOpsErrorEntry[];
    workloads?: {
      namespace: string;
      matches: (labels: Record<string, string>) => boolean;
      targets: EksClusterTarget[];
    };
  } {
    const { entity, links } = claims;
    const fetchedAt = new Date(this.options.clock()).toISOString();
    const errors = claimErrors(claims, [
      'kubernetes-id',
      'kubernetes-label-selector',
      'eks-cluster-arn',
    ]);
    if (!links.kubernetes) return { fetchedAt, errors };
    let matches: (labels: Record<string, string>) => boolean;
    try {
      matches = compileLabelSelector(links.kubernetes.selector);
    } catch (error) {
      errors.push(toErrorEntry({}, error));
      return { fetchedAt, errors };
    }
    const resolved = this.resolveClusters(entity, links.eksClusterArns);
    errors.push(...resolved.errors);
    return {
      fetchedAt,
      errors,
      workloads: {
        namespace: links.kubernetes.namespace,
        matches,
        targets: resolved.targets,
      },
    };
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
    const { eksConfig, clock } = this.options;
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
    let described;
    try {
      described = await this.describeCluster(target);
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
      const workloads = await this.readWorkloads(target, connection, namespace);
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

  /** The cluster and its node groups, shared by every entity on it for `clusterTtlSeconds`. */
  private describeCluster(
    target: EksClusterTarget,
  ): Promise<Fetched<ClusterDescription>> {
    const { awsOps, eksConfig, provider } = this.options;
    return awsOps.cache.getOrLoad<ClusterDescription>(
      `eks:${provider.source}:cluster:${target.accountId}:${target.region}:${target.clusterName}`,
      {
        ttlMs: eksConfig.clusterTtlMs,
        failureTtlMs: awsOps.config.cache.liveTtlMs,
      },
      () => provider.describeCluster(target),
    );
  }

  /** The namespace's mapped Deployments and their rollouts, shared by every entity in it. */
  private readWorkloads(
    target: EksClusterTarget,
    connection: ClusterDescription['connection'],
    namespace: string,
  ): Promise<Fetched<LabelledDeployment[]>> {
    const { awsOps, provider } = this.options;
    return awsOps.cache.getOrLoad<LabelledDeployment[]>(
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
  }

  /**
   * One environment's rollouts of the entity's Deployments in the range and
   * the version changes of its cluster and node groups. The cluster, the
   * namespace's workloads and the updates each fail on their own, as an
   * error entry next to what did load.
   */
  private async readChanges(
    target: EksClusterTarget,
    namespace: string,
    matches: (labels: Record<string, string>) => boolean,
    range: { start: number; end: number },
  ): Promise<{
    rollouts: EksRollout[];
    versionChanges: EksVersionChange[];
    errors: AwsOpsErrorEntry[];
    fetchedAt?: string;
    stale?: AwsOpsStale;
  }> {
    const scope = {
      environment: target.environment,
      accountId: target.accountId,
      region: target.region,
      cluster: target.clusterName,
    };
    const out = {
      rollouts: [] as EksRollout[],
      versionChanges: [] as EksVersionChange[],
      errors: [] as AwsOpsErrorEntry[],
    };
    let described: Fetched<ClusterDescription>;
    try {
      described = await this.describeCluster(target);
    } catch (error) {
      return { ...out, errors: [toErrorEntry(scope, error)] };
    }
    const fetched: Array<{ fetchedAt: string; stale?: AwsOpsStale }> = [
      described,
    ];
    const [workloads, updates] = await Promise.all([
      this.readWorkloads(target, described.value.connection, namespace).then(
        value => ({ value }),
        (error: unknown) => ({ error }),
      ),
      this.readVersionChanges(target, described.value.cluster),
    ]);
    if ('error' in workloads) {
      out.errors.push(toErrorEntry(scope, workloads.error));
    } else {
      fetched.push(workloads.value);
      for (const item of workloads.value.value) {
        if (!matches(item.labels)) continue;
        for (const rollout of item.rollouts ?? []) {
          if (overlaps(rollout, range)) {
            out.rollouts.push({ environment: target.environment, ...rollout });
          }
        }
      }
    }
    // The cluster's and its node groups' update lists usually fail alike
    // (permission, an emulator without the API): one entry per message.
    const seen = new Set<string>();
    for (const error of updates.errors) {
      const entry = toErrorEntry(scope, error);
      if (seen.has(entry.message)) continue;
      seen.add(entry.message);
      out.errors.push(entry);
    }
    fetched.push(...updates.fetched);
    out.versionChanges.push(
      ...updates.changes.filter(change => {
        const started = Date.parse(change.startedAt);
        return (
          started <= range.end &&
          (started >= range.start || change.status === 'InProgress')
        );
      }),
    );
    const fetchedAt = fetched
      .map(f => f.fetchedAt)
      .reduce((a, b) => (a < b ? a : b));
    const stale = oldestStale(fetched);
    return { ...out, fetchedAt, ...(stale ? { stale } : {}) };
  }

  /**
   * Version changes of the cluster and each of its node groups: one bounded
   * ListUpdates read per resource every `updatesTtlSeconds`, and DescribeUpdate
   * per update id, cached per id (a finished update never changes: kept as
   * long as the cache keeps anything; one in progress: `liveTtlSeconds`).
   */
  private async readVersionChanges(
    target: EksClusterTarget,
    cluster: ClusterDescription['cluster'],
  ): Promise<{
    changes: EksVersionChange[];
    errors: unknown[];
    fetched: Array<{ fetchedAt: string; stale?: AwsOpsStale }>;
  }> {
    const { awsOps, eksConfig, provider } = this.options;
    const base = `eks:${provider.source}:updates:${target.accountId}:${target.region}:${target.clusterName}`;
    const resources: Array<string | undefined> = [
      undefined,
      ...cluster.nodeGroups.map(group => group.name),
    ];
    const results = await Promise.all(
      resources
        .map(async nodeGroup => {
          const key = `${base}:${nodeGroup ?? ''}`;
          const ids = await awsOps.cache.getOrLoad<string[]>(
            key,
            {
              ttlMs: eksConfig.updatesTtlMs,
              // A list that cannot be read (no eks:ListUpdates, an emulator
              // without it) is asked again per lookup TTL, as the version
              // calendar is, not by every refresh of every replica.
              failureTtlMs: awsOps.config.cache.lookupTtlMs,
            },
            () => provider.listUpdates(target, nodeGroup),
          );
          const updates = await Promise.all(
            ids.value.map(async id => {
              const describe = () =>
                provider.describeUpdate(target, id, nodeGroup);
              const first = await awsOps.cache.getOrLoad<EksUpdate>(
                `${key}:${id}`,
                {
                  ttlMs: FINISHED_UPDATE_TTL_MS,
                  failureTtlMs: awsOps.config.cache.liveTtlMs,
                },
                describe,
              );
              if (
                first.value.status !== 'InProgress' ||
                Date.parse(first.fetchedAt) >
                  this.options.clock() - awsOps.config.cache.liveTtlMs
              ) {
                return first;
              }
              // Seen in progress: followed under its own key at the live TTL
              // until it finishes.
              return awsOps.cache.getOrLoad<EksUpdate>(
                `${key}:${id}:live`,
                {
                  ttlMs: awsOps.config.cache.liveTtlMs,
                  failureTtlMs: awsOps.config.cache.liveTtlMs,
                },
                describe,
              );
            }),
          );
          return {
            changes: toVersionChanges(
              {
                environment: target.environment,
                cluster: cluster.name,
                nodeGroup,
              },
              updates.map(u => u.value),
            ),
            fetched: [ids, ...updates],
          };
        })
        .map(p =>
          p.then(
            value => ({ value }),
            (error: unknown) => ({ error }),
          ),
        ),
    );
    const out = {
      changes: [] as EksVersionChange[],
      errors: [] as unknown[],
      fetched: [] as Array<{ fetchedAt: string; stale?: AwsOpsStale }>,
    };
    for (const result of results) {
      if ('error' in result) {
        out.errors.push(result.error);
      } else {
        out.changes.push(...result.value.changes);
        out.fetched.push(...result.value.fetched);
      }
    }
    return out;
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
