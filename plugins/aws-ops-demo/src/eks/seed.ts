import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  EKSClient,
} from '@aws-sdk/client-eks';
import {
  FakeKubernetesServer,
  startFakeKubernetes,
} from '@internal/backstage-plugin-eks-node/testUtils';
import { Scenario } from '../scenario';
import { readEksSection } from './schema';
import { scenarioWorkloads } from './workloads';

/** Where one environment's cluster lives in the emulator. */
export interface EksSeedEnvironment {
  name: string;
  region: string;
  eksCluster: string;
}

export interface SeededEks {
  /** The environments with the URL of their cluster's Kubernetes API (`awsOps.environments[].kubernetesApiUrl`). */
  environments: Array<EksSeedEnvironment & { kubernetesApiUrl: string }>;
  kubernetesServers: FakeKubernetesServer[];
  close(): Promise<void>;
}

/**
 * Writes the scenario's `eks` section into moto through the EKS API (one
 * cluster per environment at the scenario's version, its node groups) and
 * starts one Kubernetes API server per cluster on loopback that checks the
 * EKS token (signed with `credentials`) and answers the scenario's workloads
 * as they are at the time of each request. moto has no
 * DescribeClusterVersions and fixes the platform version, so those two stay
 * with the config table and moto.
 */
export async function seedEks(options: {
  endpoint: string;
  scenario: Scenario;
  environments: EksSeedEnvironment[];
  accountId: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}): Promise<SeededEks> {
  const { scenario, accountId } = options;
  const section = readEksSection(scenario);
  const credentials = options.credentials ?? {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
  };
  const kubernetesServers: FakeKubernetesServer[] = [];
  const close = () =>
    Promise.all(kubernetesServers.map(s => s.close())).then(() => {});
  try {
    for (const env of options.environments) {
      const cluster = section.clusters[env.name];
      if (!cluster) {
        throw new Error(
          `${scenario.file}: eks.clusters has no cluster for environment '${env.name}'`,
        );
      }
      const eks = new EKSClient({
        region: env.region,
        endpoint: options.endpoint,
        credentials,
      });
      await eks.send(
        new CreateClusterCommand({
          name: env.eksCluster,
          version: cluster.version,
          roleArn: `arn:aws:iam::${accountId}:role/eks-cluster`,
          resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
        }),
      );
      for (const group of cluster.nodeGroups) {
        await eks.send(
          new CreateNodegroupCommand({
            clusterName: env.eksCluster,
            nodegroupName: group.name,
            version: cluster.version,
            nodeRole: `arn:aws:iam::${accountId}:role/eks-node`,
            subnets: ['subnet-1'],
            instanceTypes: group.instanceTypes,
            scalingConfig: {
              desiredSize: group.desiredSize,
              minSize: group.minSize,
              maxSize: group.maxSize,
            },
          }),
        );
      }
      kubernetesServers.push(
        await startFakeKubernetes({
          clusterName: env.eksCluster,
          region: env.region,
          ...credentials,
          workloads: namespace =>
            scenarioWorkloads(scenario, section, env.name, namespace),
          pageSize: 500,
        }),
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    environments: options.environments.map((env, i) => ({
      ...env,
      kubernetesApiUrl: kubernetesServers[i].url,
    })),
    kubernetesServers,
    close,
  };
}
