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
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { baseUrlOf, closeConnections, concurrentRound, timedGet } from './lib';
import {
  AwsOpsBenchConfig,
  demoAwsOps,
  loadBenchStore,
  startOpsBackend as startBackend,
  startSeededAws,
} from './opsBackend';
import { createReport } from './report';

const CLIENTS = 20;
const WARM_REQUESTS = 10;
const LIVE_TTL_S = 3;
const report = createReport('ops-health');

function overviewUrl(backend: Parameters<typeof baseUrlOf>[0]) {
  return `${baseUrlOf(backend)}/api/ops-health/components`;
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
  const { scenario, entities } = await loadBenchStore();
  const components = entities.filter(e => e.kind === 'Component');
  console.log(
    `Health overview benchmark: ${components.length} components, Node ${process.version}`,
  );

  await bench({
    label: 'demo scenario (app-config.yaml)',
    awsOps: demoAwsOps,
    store: entities,
  });

  const aws = await startSeededAws(scenario);
  await bench({
    label: 'AWS (moto + Kubernetes API servers on loopback)',
    awsOps: aws.awsOps,
    store: entities,
    count: aws.count,
  });
  await aws.close();
  closeConnections();
  report.write();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
