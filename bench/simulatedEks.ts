/*
 * The store's EKS estate on loopback for the aws-source benchmarks: clusters
 * and node groups created in moto through the EKS API, and one Kubernetes API
 * server per cluster (with EKS token checks) serving the workloads the demo
 * provider simulates from store-services/, in the official shapes.
 */
import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  EKSClient,
} from '@aws-sdk/client-eks';
import { ConfigReader } from '@backstage/config';
import {
  StoreService,
} from '@internal/backstage-plugin-aws-ops-demo';
import { readEksConfig } from '@internal/backstage-plugin-eks-node';
import {
  FakeKubernetesServer,
  startFakeKubernetes,
} from '@internal/backstage-plugin-eks-node/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { DemoEksProvider } from '../plugins/eks-node/src/providers/DemoEksProvider';

/** moto's account. */
export const MOTO_ACCOUNT = '123456789012';

/** The EKS standard support table of the embedded default. */
export const versionSupport = (
  yaml.parse(
    fs.readFileSync(path.resolve(__dirname, '../app-config.yaml'), 'utf8'),
  ) as any
).awsOps.eks.versionSupport;

export interface BenchEnvironment {
  name: string;
  region: string;
  eksCluster: string;
}

/** Prod and staging in two regions of moto's account. */
export const benchEnvironments: BenchEnvironment[] = [
  { name: 'prod', region: 'eu-west-1', eksCluster: 'inbestment-prod' },
  { name: 'staging', region: 'eu-west-2', eksCluster: 'inbestment-staging' },
];

export async function startSimulatedEks(options: {
  motoEndpoint: string;
  store: StoreService[];
  environments?: BenchEnvironment[];
}): Promise<{
  /** `awsOps.environments` entries pointing at the local API servers. */
  environments: Array<
    BenchEnvironment & { accountId: string; kubernetesApiUrl: string }
  >;
  kubernetesServers: FakeKubernetesServer[];
  close(): Promise<void>;
}> {
  const environments = options.environments ?? benchEnvironments;
  const simulated = new DemoEksProvider({
    services: options.store,
    environments: environments.map(e => ({ ...e, accountId: MOTO_ACCOUNT })),
    eksConfig: readEksConfig(
      new ConfigReader({ awsOps: { eks: { versionSupport } } }),
    ),
    seed: 'inbestment',
    clock: Date.now,
  });
  const kubernetesServers: FakeKubernetesServer[] = [];
  for (const env of environments) {
    const eks = new EKSClient({
      region: env.region,
      endpoint: options.motoEndpoint,
    });
    await eks.send(
      new CreateClusterCommand({
        name: env.eksCluster,
        version: '1.34',
        roleArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/eks`,
        resourcesVpcConfig: { subnetIds: ['subnet-1'] },
      }),
    );
    for (const nodegroupName of ['general', 'spot']) {
      await eks.send(
        new CreateNodegroupCommand({
          clusterName: env.eksCluster,
          nodegroupName,
          nodeRole: `arn:aws:iam::${MOTO_ACCOUNT}:role/node`,
          subnets: ['subnet-1'],
          scalingConfig: { desiredSize: 3, minSize: 2, maxSize: 8 },
        }),
      );
    }
    const target = {
      environment: env.name,
      accountId: MOTO_ACCOUNT,
      region: env.region,
      clusterName: env.eksCluster,
    };
    kubernetesServers.push(
      await startFakeKubernetes({
        clusterName: env.eksCluster,
        region: env.region,
        accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
        secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
        workloads: {
          inbestment: await simulated.listWorkloads(
            target,
            { apiUrl: '' },
            'inbestment',
          ),
        },
        pageSize: 500,
      }),
    );
  }
  return {
    environments: environments.map((e, i) => ({
      ...e,
      accountId: MOTO_ACCOUNT,
      kubernetesApiUrl: kubernetesServers[i].url,
    })),
    kubernetesServers,
    close: async () => {
      await Promise.all(kubernetesServers.map(s => s.close()));
    },
  };
}
