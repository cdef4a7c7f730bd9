/*
 * Benchmark of GET /api/ops-health/components, the on-call overview of all
 * 28 store components.
 *
 *   npm run bench:health
 *
 * For the demo scenario and for AWS (moto behind a counting proxy, seeded
 * from the same scenario by the demo package's seeders: EKS clusters,
 * CloudWatch alarms and metrics, web ACLs with the component label rules and
 * their AWS/WAFV2 label metrics, created through the real APIs, plus local
 * Kubernetes API servers):
 * - p50/p95 latency under 20 concurrent clients with the default cache TTLs,
 *   cold (a fresh backend, every client's first request) and warm (10 more
 *   requests per client);
 * - AWS calls per refresh of the page: cold, warm (inside the cache TTL), and
 *   after the live-state TTL (shortened to 3 s here) expired; for 14 and 28 components and for 1 and
 *   20 viewers, to show the count depends on neither.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import awsOpsDemo, {
  loadScenario,
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
import { baseUrlOf, closeConnections, concurrentRound, timedGet } from './lib';
import {
  MOTO_ACCOUNT,
  productionLayoutEnvironments,
  startSimulatedEks,
} from './simulatedEks';
import { createReport } from './report';

const REPO = path.resolve(__dirname, '..');
const CLIENTS = 20;
const WARM_REQUESTS = 10;
const LIVE_TTL_S = 3;
const report = createReport('ops-health');

const appConfig = yaml.parse(
  fs.readFileSync(path.join(REPO, 'app-config.yaml'), 'utf8'),
);

function overviewUrl(backend: Parameters<typeof baseUrlOf>[0]) {
  return `${baseUrlOf(backend)}/api/ops-health/components`;
}

/** The awsOps block; with `demo` the demo scenario's providers replace AWS. */
type AwsOpsBenchConfig = { demo?: object; [key: string]: unknown };

/** `liveTtlSeconds` undefined: the default TTLs the portal runs with. */
async function startBackend(
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
      mockServices.rootConfig.factory({
        data: {
          // The store's own files: their components hold every claim they make.
          inbestment: { catalogFiles: STORE_CATALOG_FILES },
          awsOps: {
            ...awsOps,
            ...(liveTtlSeconds ? { cache: { liveTtlSeconds } } : {}),
            eks: appConfig.awsOps.eks,
          },
        },
      }),
    ],
  });
}

async function latency(awsOps: AwsOpsBenchConfig, entities: Entity[]) {
  const backend = await startBackend(awsOps, entities);
  const url = overviewUrl(backend);
  const cold = await concurrentRound(CLIENTS, [url]);
  const warm: number[] = [];
  for (let i = 0; i < WARM_REQUESTS; i++) {
    warm.push(...(await concurrentRound(CLIENTS, [url])));
  }
  const overview = await fetch(url, {
    headers: { authorization: mockCredentials.user.header() },
  }).then(res => res.json());
  const readErrors = overview.components.filter(
    (c: { errors: unknown[] }) => c.errors.length > 0,
  ).length;
  await backend.stop();
  return { cold, warm, readErrors };
}

/** AWS calls of one refresh by `viewers` concurrent viewers, cold, warm and after the live TTL. */
async function callsPerRefresh(
  awsOps: AwsOpsBenchConfig,
  entities: Entity[],
  viewers: number,
  count: () => number,
) {
  const backend = await startBackend(awsOps, entities, LIVE_TTL_S);
  const url = overviewUrl(backend);
  const refresh = async (settleMs = 0) => {
    const before = count();
    await Promise.all(
      Array.from({ length: viewers }, async () => {
        const { status } = await timedGet(url);
        if (status !== 200) throw new Error(`status ${status}`);
      }),
    );
    // Expired data is served at once and refreshed in the background: count
    // the calls of that refresh too.
    await new Promise(r => setTimeout(r, settleMs));
    return count() - before;
  };
  const cold = await refresh();
  const warm = await refresh();
  await new Promise(r => setTimeout(r, LIVE_TTL_S * 1000 + 200));
  const expired = await refresh(2000);
  await backend.stop();
  return { cold, warm, expired };
}

async function bench(options: {
  label: string;
  awsOps: AwsOpsBenchConfig;
  store: Entity[];
  count?: () => number;
}) {
  const components = options.store.filter(e => e.kind === 'Component');
  const others = options.store.filter(e => e.kind !== 'Component');
  const { cold, warm, readErrors } = await latency(
    options.awsOps,
    options.store,
  );
  report.section(options.label);
  console.log(
    `components with a read error: ${report.figure(
      'components with a read error',
      readErrors,
    )}`,
  );
  console.log(
    `latency ms (whole page, ${components.length} components, ${CLIENTS} clients)   p50      p95`,
  );
  console.log(
    `  cold (fresh backend)                              ${report.latency(
      'cold',
      cold,
    )}`,
  );
  console.log(
    `  warm (${WARM_REQUESTS} requests per client)                   ${report.latency(
      'warm',
      warm,
    )}`,
  );
  if (!options.count) return;
  console.log(
    `AWS calls per refresh (live TTL ${LIVE_TTL_S} s)      cold   warm   after TTL`,
  );
  const half = [...components.slice(0, components.length / 2), ...others];
  for (const [entities, viewers] of [
    [half, 1],
    [options.store, 1],
    [options.store, CLIENTS],
  ] as const) {
    const calls = await callsPerRefresh(
      options.awsOps,
      [...entities],
      viewers,
      options.count,
    );
    const n = entities.filter(e => e.kind === 'Component').length;
    const key = `AWS calls per refresh, ${n} components, ${viewers} viewer(s)`;
    report.figure(`${key}: cold`, calls.cold);
    report.figure(`${key}: warm`, calls.warm);
    report.figure(`${key}: after TTL`, calls.expired);
    console.log(
      `  ${String(n).padStart(2)} components, ${String(viewers).padStart(
        2,
      )} viewer(s)              ${String(calls.cold).padStart(5)}  ${String(
        calls.warm,
      ).padStart(5)}  ${String(calls.expired).padStart(9)}`,
    );
  }
}

async function main() {
  const scenario = await loadScenario({
    storeServicesDir: path.join(REPO, 'store-services'),
  });
  const store = scenario.store;
  const org = yaml
    .parseAllDocuments(
      fs.readFileSync(path.join(REPO, 'catalog/org.yaml'), 'utf8'),
    )
    .map(doc => doc.toJS() as Entity);
  const entities = [...store.flatMap(s => s.entities), ...org];
  const components = entities.filter(e => e.kind === 'Component');
  console.log(
    `Health overview benchmark: ${components.length} components, Node ${process.version}`,
  );

  await bench({
    label: 'demo scenario (app-config.yaml)',
    awsOps: {
      ...appConfig.awsOps,
      demo: { storeServicesDir: path.join(REPO, 'store-services') },
    },
    store: entities,
  });

  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  const moto = await startMotoServer();
  const proxy = await startFaultProxy({ target: moto.endpoint });
  const environments = productionLayoutEnvironments;
  const eks = await startSimulatedEks({
    motoEndpoint: moto.endpoint,
    store,
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
  await bench({
    label: 'AWS (moto + Kubernetes API servers on loopback)',
    awsOps: {
      endpoint: proxy.url,
      accounts: [
        {
          accountId: MOTO_ACCOUNT,
          regions: ['eu-west-1', 'eu-west-2', 'us-east-1'],
        },
      ],
      environments: eks.environments,
    },
    store: entities,
    count: () => proxy.requests.length,
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
