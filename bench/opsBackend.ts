/*
 * What the health overview and timeline benchmarks share: the store, a test
 * backend with the real ops-health plugin on the real EKS, CloudWatch and WAF
 * services, and moto (behind a counting proxy) plus local Kubernetes API
 * servers, seeded from the demo scenario by the demo package's seeders.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ScaffolderService,
  scaffolderServiceRef,
} from '@backstage/plugin-scaffolder-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import awsOpsDemo, {
  loadScenario,
  Scenario,
  seedAlarms,
  seedWafScenario,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  fromStoreFiles,
  startFaultProxy,
  startMotoServer,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { cloudWatchAlarmsServiceFactory } from '@internal/backstage-plugin-cloudwatch-backend';
import { eksDeploymentsServiceFactory } from '@internal/backstage-plugin-eks-backend';
import { wafEventsServiceFactory } from '@internal/backstage-plugin-waf-backend';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import opsHealthPlugin from '../plugins/ops-health-backend/src';
import {
  MOTO_ACCOUNT,
  productionLayoutEnvironments,
  startSimulatedEks,
} from './simulatedEks';

export const REPO = path.resolve(__dirname, '..');

export const appConfig = yaml.parse(
  fs.readFileSync(path.join(REPO, 'app-config.yaml'), 'utf8'),
);

/** The awsOps block; with `demo` the demo scenario's providers replace AWS. */
export type AwsOpsBenchConfig = { demo?: object; [key: string]: unknown };

/** The demo scenario's awsOps block, as the embedded default runs it. */
export const demoAwsOps: AwsOpsBenchConfig = {
  ...appConfig.awsOps,
  demo: { storeServicesDir: path.join(REPO, 'store-services') },
};

/** The scenario and the store's entities: its components and the organisation. */
export async function loadBenchStore(): Promise<{
  scenario: Scenario;
  entities: Entity[];
}> {
  const scenario = await loadScenario({
    storeServicesDir: path.join(REPO, 'store-services'),
  });
  const org = yaml
    .parseAllDocuments(
      fs.readFileSync(path.join(REPO, 'catalog/org.yaml'), 'utf8'),
    )
    .map(doc => doc.toJS() as Entity);
  return {
    scenario,
    entities: [...scenario.store.flatMap(s => s.entities), ...org],
  };
}

/**
 * The ops-health plugin on the real services. `liveTtlSeconds` undefined: the
 * default TTLs the portal runs with. The scaffolder (template runs on the
 * timeline) is a database read, not AWS: it answers with no runs here.
 */
export async function startOpsBackend(
  awsOps: AwsOpsBenchConfig,
  entities: Entity[],
  liveTtlSeconds?: number,
) {
  return startTestBackend({
    features: [
      opsHealthPlugin,
      eksDeploymentsServiceFactory,
      cloudWatchAlarmsServiceFactory,
      wafEventsServiceFactory,
      ...(awsOps.demo ? [awsOpsDemo] : []),
      catalogServiceMock.factory({ entities: entities.map(fromStoreFiles) }),
      createServiceFactory({
        service: scaffolderServiceRef,
        deps: {},
        factory: () =>
          ({
            listTasks: async () => ({ items: [], totalItems: 0 }),
          } as unknown as ScaffolderService),
      }),
      mockServices.rootConfig.factory({
        data: {
          // The store's own files: their components hold every claim they make.
          inbestment: { catalogFiles: STORE_CATALOG_FILES },
          awsOps: {
            ...awsOps,
            ...(liveTtlSeconds ? { cache: { liveTtlSeconds } } : {}),
            eks: appConfig.awsOps.eks,
          },
          opsHealth: appConfig.opsHealth,
        },
      }),
    ],
  });
}

/**
 * moto behind a counting proxy and one Kubernetes API server per cluster,
 * seeded from the scenario through the real AWS APIs: the awsOps block that
 * reads them, the count of AWS calls so far, and how to stop it all.
 */
export async function startSeededAws(scenario: Scenario) {
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  const moto = await startMotoServer();
  const proxy = await startFaultProxy({ target: moto.endpoint });
  const environments = productionLayoutEnvironments;
  const eks = await startSimulatedEks({
    motoEndpoint: moto.endpoint,
    store: scenario.store,
    environments,
  });
  await seedAlarms({
    scenario,
    endpoint: moto.endpoint,
    environments: eks.environments,
  });
  await seedWafScenario(scenario, {
    endpoint: moto.endpoint,
    accountId: MOTO_ACCOUNT,
    environments: environments.map(e => e.name),
  });
  const awsOps: AwsOpsBenchConfig = {
    endpoint: proxy.url,
    accounts: [
      {
        accountId: MOTO_ACCOUNT,
        regions: ['eu-west-1', 'eu-west-2', 'us-east-1'],
      },
    ],
    environments: eks.environments,
  };
  return {
    awsOps,
    count: () => proxy.requests.length,
    /** The AWS calls so far, by API (the proxy's record of each request). */
    requests: () => proxy.requests,
    async close() {
      await eks.close();
      await proxy.close();
      await moto.stop();
    },
  };
}
