/*
 * Benchmark of GET /api/eks/entities/:kind/:namespace/:name/deployments.
 *
 *   npm run bench:eks
 *
 * For the demo (the scenario's provider) and for the aws source (moto for
 * EKS and local Kubernetes API servers with EKS token checks, both seeded
 * from the same scenario by `seedEks`):
 * - p50/p95 latency for all 16 services under 20 concurrent clients, with a
 *   cold cache (fresh backend) and a warm one;
 * - AWS and Kubernetes calls per minute with 1 and with 50 viewers, each
 *   viewer polling like the EKS tab does (every 15 s), on a fresh backend
 *   over a 2-minute window. Time is compressed by TIME_SCALE (TTLs, poll
 *   interval and window divided by it) and the counts are scaled back to
 *   per-minute figures.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  loadStoreServices,
  scenarioEksProviderFactory,
  ScenarioEksProvider,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  fromStoreFiles,
  startFaultProxy,
  startMotoServer,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import path from 'node:path';
import { baseUrlOf, closeConnections, concurrentRound, timedGet } from './lib';
import eksFeatures from '../plugins/eks-backend/src';
import { demoAwsOpsConfig } from '@internal/backstage-plugin-eks-node/testUtils';
import {
  MOTO_ACCOUNT,
  startSimulatedEks,
  versionSupport,
} from './simulatedEks';
import { createReport } from './report';

const STORE_SERVICES = path.resolve(__dirname, '../store-services');
const CLIENTS = 20;
const WARM_ROUNDS = 5;
const TIME_SCALE = 5;
const LIVE_TTL_S = 15;
const CLUSTER_TTL_S = 60;
const WINDOW_S = 120;
const report = createReport('eks-deployments');

const deploymentsUrl = (baseUrl: string, name: string) =>
  `${baseUrl}/api/eks/entities/component/default/${name}/deployments`;

/** `viewers` open EKS tabs spread over the services, each polling every live TTL. */
async function viewersFor(
  baseUrl: string,
  services: string[],
  viewers: number,
) {
  const intervalMs = (LIVE_TTL_S * 1000) / TIME_SCALE;
  const windowMs = (WINDOW_S * 1000) / TIME_SCALE;
  const end = Date.now() + windowMs;
  await Promise.all(
    Array.from({ length: viewers }, async (_, viewer) => {
      await new Promise(r => setTimeout(r, (viewer * intervalMs) / viewers));
      while (Date.now() < end) {
        await timedGet(
          deploymentsUrl(baseUrl, services[viewer % services.length]),
        );
        await new Promise(r => setTimeout(r, intervalMs));
      }
    }),
  );
}

async function bench(options: {
  label: string;
  awsOps: object;
  /** The demo's provider factory, for the demo source. */
  provider?: typeof scenarioEksProviderFactory;
  entities: Entity[];
  services: string[];
  counters: { aws: () => number; kubernetes: () => number };
}) {
  const start = (timeScale: number) =>
    startTestBackend({
      features: [
        eksFeatures,
        ...(options.provider ? [options.provider] : []),
        catalogServiceMock.factory({
          entities: options.entities.map(fromStoreFiles),
        }),
        mockServices.rootConfig.factory({
          data: {
            // The store's own files: their components hold every claim they make.
            inbestment: { catalogFiles: STORE_CATALOG_FILES },
            awsOps: {
              ...options.awsOps,
              cache: { liveTtlSeconds: LIVE_TTL_S / timeScale },
              eks: {
                versionSupport,
                clusterTtlSeconds: CLUSTER_TTL_S / timeScale,
              },
            },
          },
        }),
      ],
    });

  // Latency with the real TTLs: a fresh backend, then rounds within the TTL.
  const latencyBackend = await start(1);
  const urls = options.services.map(name =>
    deploymentsUrl(baseUrlOf(latencyBackend), name),
  );
  const cold = await concurrentRound(CLIENTS, urls);
  const warm: number[] = [];
  for (let i = 0; i < WARM_ROUNDS; i++) {
    warm.push(...(await concurrentRound(CLIENTS, urls)));
  }
  await latencyBackend.stop();

  const perMinute = async (viewers: number) => {
    const backend = await start(TIME_SCALE);
    const awsBefore = options.counters.aws();
    const k8sBefore = options.counters.kubernetes();
    await viewersFor(baseUrlOf(backend), options.services, viewers);
    await backend.stop();
    return {
      aws: (options.counters.aws() - awsBefore) * (60 / WINDOW_S),
      kubernetes: (options.counters.kubernetes() - k8sBefore) * (60 / WINDOW_S),
    };
  };
  const one = await perMinute(1);
  const fifty = await perMinute(50);
  const fmt = (n: number) => n.toFixed(1).padStart(7);
  report.section(options.label);
  console.log(
    `latency ms (${options.services.length} services x ${CLIENTS} clients)   p50      p95`,
  );
  console.log(
    `  cold (first round, empty cache)        ${report.latency('cold', cold)}`,
  );
  console.log(
    `  warm (${WARM_ROUNDS} rounds)                       ${report.latency(
      'warm',
      warm,
    )}`,
  );
  console.log(
    `calls per minute (viewers poll every ${LIVE_TTL_S} s)   AWS   Kubernetes`,
  );
  console.log(
    `  1 viewer                               ${fmt(
      report.figure('awsCallsPerMinute1Viewer', one.aws),
    )}  ${fmt(
      report.figure('kubernetesCallsPerMinute1Viewer', one.kubernetes),
    )}`,
  );
  console.log(
    `  50 viewers                             ${fmt(
      report.figure('awsCallsPerMinute50Viewers', fifty.aws),
    )}  ${fmt(
      report.figure('kubernetesCallsPerMinute50Viewers', fifty.kubernetes),
    )}`,
  );
}

async function main() {
  const store = await loadStoreServices(STORE_SERVICES);
  const entities = store
    .flatMap(s => s.entities)
    .filter(e => e.kind === 'Component' && e.spec?.type === 'service');
  const services = entities.map(e => e.metadata.name);
  console.log(
    `EKS deployments route benchmark: ${services.length} services, Node ${process.version}, time scale 1/${TIME_SCALE}`,
  );

  // Demo (the scenario's provider): count the simulated AWS and Kubernetes calls.
  const calls = { aws: 0, kubernetes: 0 };
  const proto = ScenarioEksProvider.prototype;
  const { describeCluster, listWorkloads, describeClusterVersions } = proto;
  proto.describeCluster = function (...args) {
    calls.aws++;
    return describeCluster.apply(this, args);
  };
  proto.describeClusterVersions = function () {
    calls.aws++;
    return describeClusterVersions.apply(this);
  };
  proto.listWorkloads = function (...args) {
    calls.kubernetes += 4;
    return listWorkloads.apply(this, args);
  };
  await bench({
    label: 'demo (scenario provider)',
    awsOps: demoAwsOpsConfig(STORE_SERVICES),
    provider: scenarioEksProviderFactory,
    entities,
    services,
    counters: { aws: () => calls.aws, kubernetes: () => calls.kubernetes },
  });
  Object.assign(proto, {
    describeCluster,
    listWorkloads,
    describeClusterVersions,
  });

  // aws source: moto behind a counting proxy, seeded from the demo scenario,
  // and Kubernetes API servers serving the scenario's workloads.
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  const moto = await startMotoServer();
  const proxy = await startFaultProxy({ target: moto.endpoint });
  const eks = await startSimulatedEks({ motoEndpoint: moto.endpoint, store });
  await bench({
    label: 'aws source (moto + Kubernetes API servers on loopback)',
    awsOps: {
      endpoint: proxy.url,
      accounts: [
        { accountId: MOTO_ACCOUNT, regions: ['eu-west-1', 'eu-west-2'] },
      ],
      environments: eks.environments,
    },
    entities,
    services,
    counters: {
      aws: () => proxy.requests.length,
      kubernetes: () =>
        eks.kubernetesServers.reduce((sum, s) => sum + s.requests.length, 0),
    },
  });
  await eks.close();
  await proxy.close();
  await moto.stop();
  closeConnections();
  report.write();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
