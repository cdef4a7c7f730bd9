/*
 * Benchmark of GET /api/cloudwatch/entities/:kind/:namespace/:name/alarms.
 *
 *   npm run bench:cloudwatch
 *
 * For the demo scenario and for AWS (moto behind a counting proxy, seeded
 * from the same scenario with `seedAlarms`, one region per environment):
 * - p50/p95 latency for all 28 store components under 20 concurrent clients,
 *   with a cold cache (fresh backend) and a warm one, for the default 3h window;
 * - AWS calls of one refresh (every component once) cold and warm, and AWS
 *   calls per minute with 1 and with 50 viewers polling like the Alarms tab
 *   (every 30 s), on a fresh backend over a 2-minute window. Time is
 *   compressed by TIME_SCALE (TTLs, poll interval and window divided by it)
 *   and the counts are scaled back to per-minute figures;
 * - the same for the metrics GetMetricData is asked for (what it is billed
 *   by): chart data is read for the viewed component's alarms only.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  loadScenario,
  ScenarioAlarmsProvider,
  scenarioAlarmsProviderFactory,
  seedAlarms,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  fromStoreFiles,
  startFaultProxy,
  startMotoServer,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { AwsAlarmsProvider } from '@internal/backstage-plugin-cloudwatch-node';
import path from 'node:path';
import {
  cloudWatchAlarmsServiceFactory,
  cloudWatchPlugin,
} from '../plugins/cloudwatch-backend/src';
import { baseUrlOf, closeConnections, concurrentRound, timedGet } from './lib';
import { createReport } from './report';

const STORE_SERVICES = path.resolve(__dirname, '../store-services');
const CLIENTS = 20;
const WARM_ROUNDS = 5;
const TIME_SCALE = 5;
const LIVE_TTL_S = 15;
const METRIC_TTL_S = 60;
const POLL_S = 30;
const WINDOW_S = 120;
const report = createReport('cloudwatch-alarms');
const ACCOUNT = '123456789012';

const alarmsUrl = (baseUrl: string, name: string) =>
  `${baseUrl}/api/cloudwatch/entities/component/default/${name}/alarms?window=3h`;

/** `viewers` open Alarms tabs spread over the components, each polling every POLL_S. */
async function viewersFor(baseUrl: string, names: string[], viewers: number) {
  const intervalMs = (POLL_S * 1000) / TIME_SCALE;
  const end = Date.now() + (WINDOW_S * 1000) / TIME_SCALE;
  await Promise.all(
    Array.from({ length: viewers }, async (_, viewer) => {
      await new Promise(r => setTimeout(r, (viewer * intervalMs) / viewers));
      while (Date.now() < end) {
        await timedGet(alarmsUrl(baseUrl, names[viewer % names.length]), {
          newConnection: true,
        });
        await new Promise(r => setTimeout(r, intervalMs));
      }
    }),
  );
}

async function bench(options: {
  label: string;
  awsOps: object;
  /** Figures measured before the run (e.g. the seeding), recorded in its section. */
  figures?: Record<string, number>;
  /** Backend features on top of the plugin and its service (the demo provider). */
  features?: Parameters<typeof startTestBackend>[0]['features'];
  entities: Entity[];
  awsCalls: () => number;
  /** Metrics GetMetricData was asked for so far. */
  metrics: () => number;
}) {
  const names = options.entities.map(e => e.metadata.name);
  const start = (timeScale: number) =>
    startTestBackend({
      features: [
        cloudWatchPlugin,
        cloudWatchAlarmsServiceFactory,
        ...(options.features ?? []),
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
              cloudwatch: { metricDataTtlSeconds: METRIC_TTL_S / timeScale },
            },
          },
        }),
      ],
    });
  const latencyBackend = await start(1);
  const urls = names.map(name => alarmsUrl(baseUrlOf(latencyBackend), name));
  const beforeCold = options.awsCalls();
  const metricsBeforeCold = options.metrics();
  const cold = await concurrentRound(CLIENTS, urls);
  const coldCalls = options.awsCalls() - beforeCold;
  const coldMetrics = options.metrics() - metricsBeforeCold;
  const beforeOneRefresh = options.awsCalls();
  // One refresh of every component by one client, inside the TTLs.
  for (const url of urls) await timedGet(url);
  const warmRefreshCalls = options.awsCalls() - beforeOneRefresh;
  const warm: number[] = [];
  for (let i = 0; i < WARM_ROUNDS; i++) {
    warm.push(...(await concurrentRound(CLIENTS, urls)));
  }
  await latencyBackend.stop();

  const perMinute = async (viewers: number) => {
    const backend = await start(TIME_SCALE);
    const before = options.awsCalls();
    const metricsBefore = options.metrics();
    await viewersFor(baseUrlOf(backend), names, viewers);
    await backend.stop();
    return {
      calls: (options.awsCalls() - before) * (60 / WINDOW_S),
      metrics: (options.metrics() - metricsBefore) * (60 / WINDOW_S),
    };
  };
  const oneViewer = await perMinute(1);
  const fiftyViewers = await perMinute(50);
  const one = oneViewer.calls;
  const fifty = fiftyViewers.calls;
  const fmt = (n: number) => n.toFixed(1).padStart(7);
  report.section(options.label);
  for (const [name, value] of Object.entries(options.figures ?? {})) {
    report.figure(name, value);
  }
  console.log(
    `latency ms (${names.length} components x ${CLIENTS} clients, window 3h)   p50      p95`,
  );
  console.log(
    `  cold (first round, empty cache)                 ${report.latency(
      'cold',
      cold,
    )}`,
  );
  console.log(
    `  warm (${WARM_ROUNDS} rounds)                                ${report.latency(
      'warm',
      warm,
    )}`,
  );
  console.log('AWS calls');
  console.log(
    `  cold round (${CLIENTS} clients x ${
      names.length
    } components)            ${fmt(
      report.figure('awsCallsColdRound', coldCalls),
    )}`,
  );
  console.log(
    `  one warm refresh of every component             ${fmt(
      report.figure('awsCallsWarmRefreshOfEveryComponent', warmRefreshCalls),
    )}`,
  );
  console.log(
    `  per minute, 1 viewer polling every ${POLL_S} s          ${fmt(
      report.figure('awsCallsPerMinute1Viewer', one),
    )}`,
  );
  console.log(
    `  per minute, 50 viewers polling every ${POLL_S} s        ${fmt(
      report.figure('awsCallsPerMinute50Viewers', fifty),
    )}`,
  );
  console.log('Metrics requested from GetMetricData (billed per metric)');
  console.log(
    `  cold round                                      ${fmt(
      report.figure('metricsRequestedColdRound', coldMetrics),
    )}`,
  );
  console.log(
    `  per minute, 1 viewer                            ${fmt(
      report.figure('metricsRequestedPerMinute1Viewer', oneViewer.metrics),
    )}`,
  );
  console.log(
    `  per minute, 50 viewers                          ${fmt(
      report.figure('metricsRequestedPerMinute50Viewers', fiftyViewers.metrics),
    )}`,
  );
}

/** Counts the metrics each provider's getMetricData is asked for. */
const requestedMetrics = { count: 0 };
for (const provider of [ScenarioAlarmsProvider, AwsAlarmsProvider]) {
  const original = provider.prototype.getMetricData;
  provider.prototype.getMetricData = function count(
    this: InstanceType<typeof provider>,
    ...args: Parameters<typeof original>
  ) {
    requestedMetrics.count += args[1].length;
    return original.apply(this, args);
  };
}

async function main() {
  const scenario = await loadScenario({ storeServicesDir: STORE_SERVICES });
  const entities = scenario.store
    .flatMap(s => s.entities)
    .filter(
      e =>
        e.kind === 'Component' &&
        ['service', 'website'].includes(String(e.spec?.type)),
    );
  console.log(
    `CloudWatch alarms route benchmark: ${entities.length} components, Node ${process.version}, time scale 1/${TIME_SCALE}`,
  );

  // Demo scenario: count the calls it stands in for.
  let demoCalls = 0;
  const describe = ScenarioAlarmsProvider.prototype.describeAlarms;
  const metrics = ScenarioAlarmsProvider.prototype.getMetricData;
  ScenarioAlarmsProvider.prototype.describeAlarms = function count(...args) {
    demoCalls++;
    return describe.apply(this, args);
  };
  ScenarioAlarmsProvider.prototype.getMetricData = function count(...args) {
    demoCalls += Math.ceil(args[1].length / 500);
    return metrics.apply(this, args);
  };
  const environments = [
    { name: 'prod', accountId: '111122223333', region: 'eu-west-1' },
    { name: 'staging', accountId: '444455556666', region: 'eu-west-1' },
  ];
  await bench({
    label: 'demo scenario',
    awsOps: {
      accounts: environments.map(e => ({
        accountId: e.accountId,
        regions: [e.region],
      })),
      environments,
      demo: { storeServicesDir: STORE_SERVICES },
    },
    features: [scenarioAlarmsProviderFactory],
    entities,
    awsCalls: () => demoCalls,
    metrics: () => requestedMetrics.count,
  });
  ScenarioAlarmsProvider.prototype.describeAlarms = describe;
  ScenarioAlarmsProvider.prototype.getMetricData = metrics;

  // AWS: moto behind a counting proxy, seeded from the same scenario (alarms,
  // their states now and 3 hours of datapoints).
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  const moto = await startMotoServer();
  const proxy = await startFaultProxy({ target: moto.endpoint });
  const motoEnvironments = [
    { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
    { name: 'staging', accountId: ACCOUNT, region: 'eu-west-2' },
  ];
  const seedStarted = Date.now();
  const seeded = await seedAlarms({
    scenario,
    endpoint: moto.endpoint,
    environments: motoEnvironments,
    hours: 3,
  });
  const seedSeconds = Number(((Date.now() - seedStarted) / 1000).toFixed(1));
  console.log(
    `\nmoto seeded from the scenario with ${seeded.alarms} metric alarms and ${seeded.datapoints} datapoints in 2 regions in ${seedSeconds} s (${seeded.skipped.length} composite alarms left out: moto has none)`,
  );
  await bench({
    label: 'AWS provider (moto on loopback)',
    figures: { seedSeconds },
    awsOps: {
      endpoint: proxy.url,
      accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1', 'eu-west-2'] }],
      environments: motoEnvironments,
    },
    entities,
    awsCalls: () => proxy.requests.length,
    metrics: () => requestedMetrics.count,
  });
  await proxy.close();
  await moto.stop();
  closeConnections();
  report.write();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
