/*
 * The store's EKS estate on loopback for the aws-source benchmarks and the
 * local production run: the demo scenario's clusters and node groups created
 * in moto through the EKS API, and one Kubernetes API server per cluster
 * (with EKS token checks) serving the scenario's workloads, by `seedEks` of
 * the demo package.
 */
import {
  loadScenario,
  seedEks,
  StoreService,
} from '@internal/backstage-plugin-aws-ops-demo';
import type { FakeKubernetesServer } from '@internal/backstage-plugin-eks-node/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

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

/**
 * The production layout in moto's one account: prod and staging both in
 * eu-west-1 (the local production run and the health overview benchmark).
 */
export const productionLayoutEnvironments: BenchEnvironment[] = [
  { name: 'prod', region: 'eu-west-1', eksCluster: 'inbestment-prod' },
  { name: 'staging', region: 'eu-west-1', eksCluster: 'inbestment-staging' },
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
  const scenario = await loadScenario({
    storeServicesDir: path.resolve(__dirname, '../store-services'),
  });
  const seeded = await seedEks({
    endpoint: options.motoEndpoint,
    scenario: { ...scenario, store: options.store },
    environments: options.environments ?? benchEnvironments,
    accountId: MOTO_ACCOUNT,
  });
  return {
    ...seeded,
    environments: seeded.environments.map(e => ({
      ...e,
      accountId: MOTO_ACCOUNT,
    })),
  };
}
