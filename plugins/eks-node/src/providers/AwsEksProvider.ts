import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  Nodegroup,
  paginateListNodegroups,
} from '@aws-sdk/client-eks';
import { NotFoundError } from '@backstage/errors';
import { AwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import { EksNodeGroup } from '@internal/backstage-plugin-eks-common';
import { createEksToken } from '../kubernetes/eksToken';
import {
  KubernetesApiReader,
  KubernetesConnection,
} from '../kubernetes/KubernetesApiReader';
import { NamespaceWorkloads } from '../kubernetes/types';
import { ClusterDescription, EksClusterTarget, EksProvider } from './types';

/** Tokens are valid 15 minutes; renew well before. */
const TOKEN_REUSE_MS = 10 * 60 * 1000;

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
  ) {}

  async describeCluster(target: EksClusterTarget): Promise<ClusterDescription> {
    const eks = await this.awsOps.clients.getClient(EKSClient, target);
    const { cluster } = await eks.send(
      new DescribeClusterCommand({ name: target.clusterName }),
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
      connection: { apiUrl, caData: cluster.certificateAuthority?.data },
    };
  }

  async listWorkloads(
    target: EksClusterTarget,
    connection: KubernetesConnection,
    namespace: string,
  ): Promise<NamespaceWorkloads> {
    return this.kubernetes.listNamespace(
      connection,
      await this.tokenFor(target),
      namespace,
    );
  }

  private async tokenFor(target: EksClusterTarget): Promise<string> {
    const key = `${target.accountId}/${target.region}/${target.clusterName}`;
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) {
      return cached.token;
    }
    const token = await createEksToken({
      credentials: await this.awsOps.clients.getCredentials(target.accountId),
      region: target.region,
      clusterName: target.clusterName,
    });
    this.tokens.set(key, { token, expiresAt: Date.now() + TOKEN_REUSE_MS });
    return token;
  }
}
