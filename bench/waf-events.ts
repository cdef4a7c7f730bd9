/*
 * Benchmark of the WAF plugin's AWS reads at simulated store traffic.
 *
 *   npm run bench:waf
 *
 * At the store traffic of the demo scenario (plugins/aws-ops-demo/scenario:
 * moto seeded by its WAF seeder with the two web ACLs, a label rule group
 * per component, 24 hours of AWS/WAFV2 metrics with the real dimensions and
 * the last hour's blocked-request log lines), through a counting proxy in
 * front of moto:
 * - the WAF view: all 28 components x 50 viewers (GET .../events?window=1h),
 *   a cold refresh (empty cache), a warm one (within the cache lifetimes)
 *   and a metrics refresh (metric cache expired, Logs Insights result not);
 * - the per-component summaries the health overview uses: 28 components,
 *   cold and after the metric cache expired.
 * Per refresh: AWS calls by API, bytes read from AWS, time (a refresh past
 * the metric lifetime serves the last data at once, marked stale, and
 * refreshes in the background: its calls are counted after it settles). The
 * calls do not depend on the traffic (metrics first, one bounded Logs
 * Insights query per location); what Logs Insights would scan (and charge)
 * at 20, 200 and 2,000 requests/s is computed from a 1.5 KB WAF log record,
 * and printed apart.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  loadScenario,
  seedWafScenario,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  fromStoreFiles,
  grantAsStoreEntity,
  startMotoServer,
  STORE_CATALOG_FILES,
  memoryCacheService,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  AwsWafProvider,
  readWafConfig,
} from '@internal/backstage-plugin-waf-node';
import http from 'node:http';
import path from 'node:path';
import {
  baseUrlOf,
  closeConnections,
  concurrentRound,
  percentile,
} from './lib';
import { createReport } from './report';
import {
  DefaultWafEventsService,
  wafEventsServiceFactory,
  wafPlugin,
} from '../plugins/waf-backend/src';

const STORE_SERVICES = path.resolve(__dirname, '../store-services');
const RATES = [20, 200, 2000];
const VIEWERS = 50;
const REPLICAS = 2;
const ACCOUNT = '123456789012';
/** A WAF full-log record with the store's headers is 1 to 2 KB. */
const RECORD_BYTES = 1500;
/** CloudWatch Logs Insights, eu-west-1: USD per GB scanned. */
const INSIGHTS_USD_PER_GB = 0.0057;
/** GetMetricData: USD per 1,000 metrics requested. */
const METRICS_USD_PER_1000 = 0.01;
/** Per-account, per-region request quotas (AWS_API_QUOTAS in aws-ops-node). */
const QUOTAS: Record<string, number> = {
  GetMetricData: 50,
  StartQuery: 5,
  GetQueryResults: 5,
  GetWebACL: 5,
  ListWebACLs: 5,
};
const report = createReport('waf-events');

/**
 * Past its lifetime an entry is served stale at once while one refresh runs
 * in the background (aws-ops-node's cache): wait for those refreshes before
 * counting the calls of a round.
 */
const settle = () => new Promise(resolve => setTimeout(resolve, 5000));

/** Counts the calls (by API) and response bytes that pass to moto. */
async function startCountingProxy(target: string) {
  const upstream = new URL(target);
  const calls: Record<string, number> = {};
  let bytes = 0;
  let metricQueries = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('latin1');
      const target = String(req.headers['x-amz-target'] ?? '');
      const api =
        target.split('.')[1] ??
        /\/operation\/(\w+)/.exec(req.url ?? '')?.[1] ??
        /(?:^|&)Action=(\w+)/.exec(text)?.[1] ??
        'unknown';
      calls[api] = (calls[api] ?? 0) + 1;
      if (api === 'GetMetricData') {
        // JSON, CBOR or query: count the queries' ids in the request.
        metricQueries += (text.match(/MetricStat/g) ?? []).length;
      }
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        up => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.on('data', c => {
            bytes += c.length;
          });
          up.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    snapshot: () => ({ calls: { ...calls }, bytes, metricQueries }),
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

type Snapshot = ReturnType<
  Awaited<ReturnType<typeof startCountingProxy>>['snapshot']
>;

function diff(before: Snapshot, after: Snapshot) {
  const calls: Record<string, number> = {};
  for (const [api, n] of Object.entries(after.calls)) {
    const d = n - (before.calls[api] ?? 0);
    if (d) calls[api] = d;
  }
  return {
    calls,
    total: Object.values(calls).reduce((a, b) => a + b, 0),
    bytes: after.bytes - before.bytes,
    metricQueries: after.metricQueries - before.metricQueries,
  };
}

const describeCalls = (calls: Record<string, number>) =>
  Object.entries(calls)
    .sort()
    .map(([api, n]) => `${api} ${n}`)
    .join(', ') || 'none';

async function main() {
  const scenario = await loadScenario({ storeServicesDir: STORE_SERVICES });
  const entities = scenario.store
    .flatMap(s => s.entities)
    .filter(
      e =>
        e.kind === 'Component' &&
        (e.spec?.type === 'service' || e.spec?.type === 'website'),
    );
  console.log(
    `WAF benchmark: ${entities.length} components x ${VIEWERS} viewers, ${REPLICAS} replicas, Node ${process.version}`,
  );
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  const moto = await startMotoServer();
  const proxy = await startCountingProxy(moto.endpoint);
  try {
    await run(scenario, entities, moto, proxy);
  } finally {
    await proxy.close();
    await moto.stop();
    closeConnections();
  }
  report.write();
}

async function run(
  scenario: Awaited<ReturnType<typeof loadScenario>>,
  entities: Entity[],
  moto: Awaited<ReturnType<typeof startMotoServer>>,
  proxy: Awaited<ReturnType<typeof startCountingProxy>>,
) {
  const metricsTtlSeconds = 20;
  const awsOps = {
    endpoint: proxy.url,
    replicas: REPLICAS,
    accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1', 'us-east-1'] }],
    // Staging in the same account and region: the same web ACL locations.
    environments: [
      { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
      { name: 'staging', accountId: ACCOUNT, region: 'eu-west-1' },
    ],
    // A shorter metric lifetime than the default 60 s, so a metrics refresh is measured sooner.
    waf: { metricsTtlSeconds },
  };

  /** Measured GetMetricData/Insights calls of the last rate's refreshes. */
  const measured: Record<string, Record<string, number>> = {};
  const metricsRequested: Record<string, number> = {};
  {
    const seedStarted = Date.now();
    const seeded = await seedWafScenario(scenario, {
      endpoint: moto.endpoint,
      accountId: ACCOUNT,
      environments: ['prod', 'staging'],
    });
    report.section('scenario traffic');
    console.log(
      `moto seeded from the scenario in ${(
        (Date.now() - seedStarted) /
        1000
      ).toFixed(1)} s: ${seeded.metricPoints} metric points, ${
        seeded.logLines
      } log lines`,
    );
    report.figure('metric points seeded', seeded.metricPoints);
    report.figure('log lines seeded', seeded.logLines);

    // The WAF view: every component, 50 viewers, through the route.
    const backend = await startTestBackend({
      features: [
        wafPlugin,
        wafEventsServiceFactory,
        catalogServiceMock.factory({ entities: entities.map(fromStoreFiles) }),
        mockServices.rootConfig.factory({
          data: { awsOps, inbestment: { catalogFiles: STORE_CATALOG_FILES } },
        }),
      ],
    });
    const urls = entities.map(
      e =>
        `${baseUrlOf(backend)}/api/waf/entities/component/default/${
          e.metadata.name
        }/events?window=1h`,
    );
    const rounds: Array<[string, () => Promise<void>]> = [
      ['view cold', async () => {}],
      ['view warm', async () => {}],
      [
        'view metrics refresh',
        () => new Promise(r => setTimeout(r, metricsTtlSeconds * 1000 + 100)),
      ],
    ];
    console.log(
      'refresh                    time ms  p95 ms   calls  bytes read   AWS calls by API',
    );
    for (const [label, before] of rounds) {
      await before();
      const start = proxy.snapshot();
      const started = Date.now();
      const latencies = await concurrentRound(VIEWERS, urls);
      const ms = Date.now() - started;
      await settle();
      const d = diff(start, proxy.snapshot());
      report.figure(`${label} time ms`, ms);
      report.figure(`${label} p95 ms`, percentile(latencies, 95));
      report.figure(`${label} AWS calls`, d.total);
      report.figure(`${label} AWS calls by API`, describeCalls(d.calls));
      report.figure(`${label} bytes read`, d.bytes);
      report.figure(`${label} metrics requested`, d.metricQueries);
      measured[label] = d.calls;
      metricsRequested[label] = d.metricQueries;
      console.log(
        `${label.padEnd(25)} ${String(ms).padStart(8)} ${percentile(
          latencies,
          95,
        )
          .toFixed(0)
          .padStart(7)} ${String(d.total).padStart(7)} ${String(
          d.bytes,
        ).padStart(11)}   ${describeCalls(d.calls)}`,
      );
    }
    await backend.stop();

    // The health overview's summaries: the service it calls, 28 components at once.
    const config = new ConfigReader({ awsOps });
    const ops = createAwsOpsService(
      config,
      mockServices.rootLogger({ level: 'none' }),
      memoryCacheService(),
    );
    const wafConfig = readWafConfig(config);
    const service = new DefaultWafEventsService({
      awsOps: ops,
      wafConfig,
      clock: Date.now,
      provider: new AwsWafProvider(ops, {
        queryTimeoutMs: 30_000,
        pollMs: 100,
      }),
    });
    const claims = await Promise.all(entities.map(e => grantAsStoreEntity(e)));
    for (const label of ['summaries cold', 'summaries metrics refresh']) {
      if (label !== 'summaries cold') {
        await new Promise(r => setTimeout(r, metricsTtlSeconds * 1000 + 100));
      }
      const start = proxy.snapshot();
      const started = Date.now();
      const summaries = await Promise.all(
        claims.map(c => service.getEntitySummary(c)),
      );
      const ms = Date.now() - started;
      await settle();
      const d = diff(start, proxy.snapshot());
      const errors = summaries.flatMap(s => s.errors);
      if (errors.length) throw new Error(JSON.stringify(errors[0]));
      report.figure(`${label} time ms`, ms);
      report.figure(`${label} AWS calls`, d.total);
      report.figure(`${label} AWS calls by API`, describeCalls(d.calls));
      report.figure(`${label} bytes read`, d.bytes);
      report.figure(`${label} metrics requested`, d.metricQueries);
      measured[label] = d.calls;
      metricsRequested[label] = d.metricQueries;
      console.log(
        `${label.padEnd(25)} ${String(ms).padStart(8)} ${''.padStart(
          7,
        )} ${String(d.total).padStart(7)} ${String(d.bytes).padStart(
          11,
        )}   ${describeCalls(d.calls)}`,
      );
    }
  }

  // The budget per account and region with the default lifetimes: metrics
  // 60 s, Logs Insights 300 s, GetWebACL 3600 s. Two replicas that do not
  // share a cache (the worst case; with the shared Redis they share reads)
  // each read once per lifetime, whatever the number of viewers.
  report.section(
    `budget of both web ACL locations together (${REPLICAS} replicas, ${VIEWERS} viewers, default lifetimes)`,
  );
  const view = measured['view metrics refresh'];
  // A refresh makes the same reads as the cold round (same keys), GetWebACL aside.
  const summaries = measured['summaries cold'];
  const cold = measured['view cold'];
  const perLocation: Record<string, number> = {
    GetMetricData:
      (REPLICAS *
        ((view.GetMetricData ?? 0) + (summaries.GetMetricData ?? 0))) /
      60,
    StartQuery: (REPLICAS * (cold.StartQuery ?? 0)) / 300,
    GetQueryResults: (REPLICAS * (cold.GetQueryResults ?? 0)) / 300,
    GetWebACL: (REPLICAS * (cold.GetWebACL ?? 0)) / 3600,
  };
  for (const [api, perSecond] of Object.entries(perLocation)) {
    const share = (100 * perSecond) / QUOTAS[api];
    console.log(
      `${api.padEnd(16)} ${perSecond.toFixed(3)} calls/s = ${share.toFixed(
        1,
      )}% of ${QUOTAS[api]}/s`,
    );
    report.figure(`${api} calls/s`, Number(perSecond.toFixed(3)));
    report.figure(`${api} share of quota %`, Number(share.toFixed(1)));
  }
  for (const rate of RATES) {
    const gb = (rate * 15 * 60 * RECORD_BYTES) / 1e9;
    const usd = gb * INSIGHTS_USD_PER_GB;
    console.log(
      `${rate} req/s: Logs Insights query scans ${gb.toFixed(
        2,
      )} GB = $${usd.toFixed(
        4,
      )}; at most 12 queries/h per web ACL and replica while someone views = $${(
        usd *
        12 *
        24 *
        30
      ).toFixed(0)}/month ceiling per web ACL location`,
    );
    report.figure(
      `${rate} req/s Insights USD per query`,
      Number(usd.toFixed(4)),
    );
  }
  const metricsPerMinute =
    metricsRequested['view metrics refresh'] +
    metricsRequested['summaries cold'];
  const metricsUsdMonth =
    (REPLICAS * metricsPerMinute * 60 * 24 * 30 * METRICS_USD_PER_1000) / 1000;
  console.log(
    `GetMetricData: ${metricsPerMinute} metrics requested per minute per replica (view of every component + summaries) = $${metricsUsdMonth.toFixed(
      0,
    )}/month for ${REPLICAS} replicas viewed around the clock ($${METRICS_USD_PER_1000} per 1,000), at any traffic`,
  );
  report.figure(
    'GetMetricData USD per month, 2 replicas, always viewed',
    Number(metricsUsdMonth.toFixed(1)),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
