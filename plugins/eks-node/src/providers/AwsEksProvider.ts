import {
  ClusterVersionInformation,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListUpdatesCommand,
  Nodegroup,
  paginateListNodegroups,
  Update,
} from '@aws-sdk/client-eks';
import { NotFoundError } from '@backstage/errors';
import {
  AwsOpsService,
  AwsTarget,
} from '@internal/backstage-plugin-aws-ops-node';
import { EksNodeGroup } from '@internal/backstage-plugin-eks-common';
import { createEksToken } from '../kubernetes/eksToken';
import {
  KubernetesApiReader,
  KubernetesConnection,
  kubernetesStatusOf,
} from '../kubernetes/KubernetesApiReader';
import { NamespaceWorkloads } from '../kubernetes/types';
import { EksApiVersion } from '../versionSupport';
import {
  ClusterDescription,
  EksClusterTarget,
  EksProvider,
  EksUpdate,
  EksUpdateStatus,
} from './types';

/** Tokens are valid 15 minutes; renew well before. */
const TOKEN_REUSE_MS = 10 * 60 * 1000;
/** DescribeClusterVersions page size (the API's maximum is 100). */
const VERSIONS_PAGE_SIZE = 100;

/** ListUpdates page size (the API's maximum is 100). */
const UPDATES_PAGE_SIZE = 100;
/** ListUpdates pages read per cluster or node group: at most 200 update ids. */
export const MAX_UPDATE_PAGES = 2;

const UPDATE_STATUSES: EksUpdateStatus[] = [
  'InProgress',
  'Successful',
  'Failed',
  'Cancelled',
];

/** Our own JSON shape of one DescribeUpdate answer. */
export function toEksUpdate(update: Update, updateId: string): EksUpdate {
  const status = UPDATE_STATUSES.find(s => s === update.status);
  const createdAt =
    update.createdAt && Number.isFinite(update.createdAt.getTime())
      ? update.createdAt.toISOString()
      : new Date(0).toISOString();
  const params: Record<string, string> = {};
  for (const param of update.params ?? []) {
    if (param.type && param.value !== undefined)
      params[param.type] = param.value;
  }
  return {
    id: update.id ?? updateId,
    type: update.type ?? 'Unknown',
    // An unknown status is still running as far as anyone can tell.
    status: status ?? 'InProgress',
    createdAt,
    params,
  };
}

/** Our own shape of one DescribeClusterVersions entry; undefined without a version. */
export function toEksApiVersion(
  info: ClusterVersionInformation,
): EksApiVersion | undefined {
  if (!info.clusterVersion) return undefined;
  const iso = (date: Date | undefined) =>
    date && Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
  const version: EksApiVersion = { version: info.clusterVersion };
  const status = info.versionStatus ?? info.status;
  if (status) version.status = status;
  const endOfStandardSupport = iso(info.endOfStandardSupportDate);
  if (endOfStandardSupport) version.endOfStandardSupport = endOfStandardSupport;
  const endOfExtendedSupport = iso(info.endOfExtendedSupportDate);
  if (endOfExtendedSupport) version.endOfExtendedSupport = endOfExtendedSupport;
  return version;
}

function mapNodeGroup(nodegroup: Nodegroup): EksNodeGroup {
  return {
    name: nodegroup.nodegroupName ?? '',
    status: nodegroup.status ?? 'UNKNOWN',
    desiredSize: nodegroup.scalingConfig?.desiredSize ?? 0,
    minSize: nodegroup.scalingConfig?.minSize ?? 0,
    maxSize: nodegroup.scalingConfig?.maxSize ?? 0,
    instanceTypes: nodegroup.instanceTypes ?? [],
    kubernetesVersion: nodegroup.version,
    healthIssues: (nodegroup.health?.issues ?? []).map(issue => ({
      code: issue.code ?? 'Unknown',
      message: issue.message ?? '',
    })),
  };
}

/** Reads clusters from the EKS API and workloads from each cluster's Kubernetes API. */
export class AwsEksProvider implements EksProvider {
  readonly source = 'aws' as const;
  // Tokens stay in process memory, never in the shared cache store.
  private readonly tokens = new Map<
    string,
    { token: string; expiresAt: number }
  >();

  constructor(
    private readonly awsOps: AwsOpsService,
    private readonly kubernetes = new KubernetesApiReader(),
    private readonly createToken = createEksToken,
  ) {}

  async describeCluster(target: EksClusterTarget): Promise<ClusterDescription> {
    const eks = await this.awsOps.clients.getClient(EKSClient, target);
    const { cluster } = await this.awsOps.limits.schedule(
      'eks:DescribeCluster',
      target,
      () => eks.send(new DescribeClusterCommand({ name: target.clusterName })),
    );
    if (!cluster) {
      throw new NotFoundError(`EKS cluster ${target.clusterName} not found`);
    }
    const nodegroupNames: string[] = [];
    for await (const page of paginateListNodegroups(
      { client: eks },
      { clusterName: target.clusterName },
    )) {
      nodegroupNames.push(...(page.nodegroups ?? []));
    }
    const nodegroups = await Promise.all(
      nodegroupNames.map(async nodegroupName => {
        const { nodegroup } = await eks.send(
          new DescribeNodegroupCommand({
            clusterName: target.clusterName,
            nodegroupName,
          }),
        );
        return mapNodeGroup(nodegroup ?? { nodegroupName });
      }),
    );
    const apiUrl = target.kubernetesApiUrl ?? cluster.endpoint;
    if (!apiUrl) {
      throw new NotFoundError(
        `EKS cluster ${target.clusterName} has no API server endpoint yet (status ${cluster.status})`,
      );
    }
    return {
      cluster: {
        name: cluster.name ?? target.clusterName,
        arn: cluster.arn ?? '',
        accountId: target.accountId,
        region: target.region,
        kubernetesVersion: cluster.version ?? 'unknown',
        platformVersion: cluster.platformVersion ?? 'unknown',
        status: cluster.status ?? 'UNKNOWN',
        healthIssues: (cluster.health?.issues ?? []).map(issue => ({
          code: issue.code ?? 'Unknown',
          message: issue.message ?? '',
        })),
        nodeGroups: nodegroups.sort((a, b) => a.name.localeCompare(b.name)),
      },
      connection: {
        apiUrl,
        caData: cluster.certificateAuthority?.data,
        ...(cluster.arn ? { clusterArn: cluster.arn } : {}),
      },
    };
  }

  /**
   * Every EKS Kubernetes version of the region with its support status and
   * end dates (`includeAll`, so versions past extended support are listed
   * too), all pages.
   */
  async describeClusterVersions(target: AwsTarget): Promise<EksApiVersion[]> {
    const eks = await this.awsOps.clients.getClient(EKSClient, target);
    const versions: EksApiVersion[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await this.awsOps.limits.schedule(
        'eks:DescribeClusterVersions',
        target,
        () =>
          eks.send(
            new DescribeClusterVersionsCommand({
              clusterType: 'eks',
              includeAll: true,
              maxResults: VERSIONS_PAGE_SIZE,
              nextToken: token,
            }),
          ),
      );
      for (const info of page.clusterVersions ?? []) {
        const version = toEksApiVersion(info);
        if (version) versions.push(version);
      }
      nextToken = page.nextToken || undefined;
    } while (nextToken);
    return versions;
  }

  /**
   * Update ids of the cluster or one node group: up to `MAX_UPDATE_PAGES`
   * pages of 100 (ListUpdates), so one read is bounded whatever the history.
   */
  async listUpdates(
    target: EksClusterTarget,
    nodegroupName?: string,
  ): Promise<string[]> {
    const eks = await this.awsOps.clients.getClient(EKSClient, target);
    const ids: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const token = nextToken;
      const page = await this.awsOps.limits.schedule(
        'eks:ListUpdates',
        target,
        () =>
          eks.send(
            new ListUpdatesCommand({
              name: target.clusterName,
              nodegroupName,
              maxResults: UPDATES_PAGE_SIZE,
              nextToken: token,
            }),
          ),
      );
      ids.push(...(page.updateIds ?? []));
      nextToken = page.nextToken || undefined;
      pages++;
    } while (nextToken && pages < MAX_UPDATE_PAGES);
    return ids;
  }

  async describeUpdate(
    target: EksClusterTarget,
    updateId: string,
    nodegroupName?: string,
  ): Promise<EksUpdate> {
    const eks = await this.awsOps.clients.getClient(EKSClient, target);
    const { update } = await this.awsOps.limits.schedule(
      'eks:DescribeUpdate',
      target,
      () =>
        eks.send(
          new DescribeUpdateCommand({
            name: target.clusterName,
            updateId,
            nodegroupName,
          }),
        ),
    );
    if (!update) {
      throw new NotFoundError(
        `EKS update ${updateId} of ${target.clusterName} not found`,
      );
    }
    return toEksUpdate(update, updateId);
  }

  /**
   * The namespace's workloads. A 401 means the cluster refused the token
   * (expired early, credentials rotated): it is dropped and the read is tried
   * once more with a newly signed one.
   */
  async listWorkloads(
    target: EksClusterTarget,
    connection: KubernetesConnection,
    namespace: string,
  ): Promise<NamespaceWorkloads> {
    const key = `${target.accountId}/${target.region}/${target.clusterName}`;
    try {
      return await this.kubernetes.listNamespace(
        connection,
        await this.tokenFor(key, target, connection),
        namespace,
      );
    } catch (error) {
      if (kubernetesStatusOf(error) !== 401) throw error;
      this.tokens.delete(key);
      return this.kubernetes.listNamespace(
        connection,
        await this.tokenFor(key, target, connection),
        namespace,
      );
    }
  }

  private async tokenFor(
    key: string,
    target: EksClusterTarget,
    connection: KubernetesConnection,
  ): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) {
      return cached.token;
    }
    const token = await this.createToken({
      credentials: await this.awsOps.clients.getCredentials(target.accountId),
      region: target.region,
      clusterName: target.clusterName,
      clusterArn: connection.clusterArn,
    });
    this.tokens.set(key, { token, expiresAt: Date.now() + TOKEN_REUSE_MS });
    return token;
  }
}
