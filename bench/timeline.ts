/*
 * Benchmark of GET /api/ops-health/entities/:kind/:namespace/:name/timeline,
 * each store component's timeline (6 h window, the page's default).
 *
 *   npm run bench:timeline
 *
 * For the demo scenario and for AWS (moto behind a counting proxy and local
 * Kubernetes API servers, seeded from the same scenario):
 * - p50/p95 latency with 20 concurrent clients each opening the timeline of
 *   every store component, cold (a fresh backend) and warm (5 more rounds);
 * - AWS calls per refresh of every component's timeline (every timeline read
 *   once per viewer), cold, warm (inside the cache TTL) and after the
 *   live-state TTL (shortened to 3 s here) expired, by API, for 1 and 20
 *   viewers.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { baseUrlOf, closeConnections, concurrentRound, timedGet } from './lib';
import {
  AwsOpsBenchConfig,
  demoAwsOps,
  loadBenchStore,
  startOpsBackend,
  startSeededAws,
} from './opsBackend';
import { createReport } from './report';

const CLIENTS = 20;
const WARM_ROUNDS = 5;
const LIVE_TTL_S = 3;
const WINDOW = '6h';
const report = createReport('timeline');

function timelineUrls(
  backend: Parameters<typeof baseUrlOf>[0],
  components: Entity[],
): string[] {
  return components.map(
    c =>
      `${baseUrlOf(backend)}/api/ops-health/entities/component/${
        c.metadata.namespace ?? 'default'
      }/${c.metadata.name}/timeline?window=${WINDOW}`,
  );
}

async function latency(awsOps: AwsOpsBenchConfig, entities: Entity[]) {
  const components = entities.filter(e => e.kind === 'Component');
  const backend = await startOpsBackend(awsOps, entities);
  const urls = timelineUrls(backend, components);
  const cold = await concurrentRound(CLIENTS, urls);
  const warm: number[] = [];
  for (let i = 0; i < WARM_ROUNDS; i++) {
    warm.push(...(await concurrentRound(CLIENTS, urls)));
  }
  // What a viewer gets: events, correlations and read errors over the store.
  const bodies = await Promise.all(
    urls.map(url =>
      fetch(url, {
        headers: { authorization: mockCredentials.user.header() },
      }).then(res => res.json()),
    ),
  );
  await backend.stop();
  return {
    cold,
    warm,
    events: bodies.reduce((n, b) => n + b.events.length, 0),
    correlations: bodies.reduce((n, b) => n + b.correlations.length, 0),
    withErrors: bodies.filter(b => b.errors.length > 0).length,
    correlated: bodies
      .filter(b => b.correlations.length > 0)
      .map(b => String(b.entityRef).split('/')[1]),
  };
}

/** AWS calls of one refresh of every timeline by `viewers` viewers: cold, warm, after the live TTL. */
async function callsPerRefresh(
  awsOps: AwsOpsBenchConfig,
  entities: Entity[],
  viewers: number,
  requests: () => string[],
) {
  const components = entities.filter(e => e.kind === 'Component');
  const backend = await startOpsBackend(awsOps, entities, LIVE_TTL_S);
  const urls = timelineUrls(backend, components);
  const refresh = async (settleMs = 0) => {
    const before = requests().length;
    await Promise.all(
      Array.from({ length: viewers }, async () => {
        for (const url of urls) {
          const { status } = await timedGet(url);
          if (status !== 200) throw new Error(`${url}: status ${status}`);
        }
      }),
    );
    // Expired data is served at once and refreshed in the background: count
    // the calls of that refresh too.
    await new Promise(r => setTimeout(r, settleMs));
    return requests().slice(before);
  };
  const cold = await refresh();
  const warm = await refresh();
  await new Promise(r => setTimeout(r, LIVE_TTL_S * 1000 + 200));
  const expired = await refresh(2000);
  await backend.stop();
  return { cold, warm, expired };
}

/**
 * The API of a proxied call: the JSON protocols' `X-Amz-Target` operation,
 * else the REST method and path with the names left out (EKS).
 */
function apiOf(call: string): string {
  const target = /target=(\S+)/.exec(call)?.[1];
  if (target) return target.split('.').pop()!;
  const [method, url] = call.split(' ');
  const [pathname, query = ''] = url.split('?');
  return `${method} ${pathname
    .replace(/\/clusters\/[^/]+/, '/clusters/{name}')
    .replace(/\/node-groups\/[^/]+/, '/node-groups/{name}')}${
    query.includes('nodegroupName') ? ' (node group)' : ''
  }`;
}

/** `DescribeAlarmHistory 3, GetMetricData 2, ...`, most called first. */
function byApi(calls: string[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const api = apiOf(call);
    counts.set(api, (counts.get(api) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([api, n]) => `${api} ${n}`)
    .join(', ');
}

async function bench(options: {
  label: string;
  awsOps: AwsOpsBenchConfig;
  entities: Entity[];
  requests?: () => string[];
}) {
  const n = options.entities.filter(e => e.kind === 'Component').length;
  const result = await latency(options.awsOps, options.entities);
  report.section(options.label);
  console.log(
    `events over all timelines: ${report.figure(
      'events',
      result.events,
    )}, correlations: ${report.figure('correlations', result.correlations)} (${
      result.correlated.join(', ') || 'none'
    }), timelines with a read error: ${report.figure(
      'timelines with a read error',
      result.withErrors,
    )}`,
  );
  console.log(
    `latency ms (${n} components' timelines, ${CLIENTS} clients)   p50      p95`,
  );
  console.log(
    `  cold (fresh backend)                            ${report.latency(
      'cold',
      result.cold,
    )}`,
  );
  console.log(
    `  warm (${WARM_ROUNDS} rounds per client)                    ${report.latency(
      'warm',
      result.warm,
    )}`,
  );
  if (!options.requests) return;
  console.log(
    `AWS calls per refresh of all ${n} timelines (live TTL ${LIVE_TTL_S} s)   cold   warm   after TTL`,
  );
  for (const viewers of [1, CLIENTS]) {
    const calls = await callsPerRefresh(
      options.awsOps,
      options.entities,
      viewers,
      options.requests,
    );
    const key = `AWS calls per refresh of all timelines, ${viewers} viewer(s)`;
    report.figure(`${key}: cold`, calls.cold.length);
    report.figure(`${key}: warm`, calls.warm.length);
    report.figure(`${key}: after TTL`, calls.expired.length);
    console.log(
      `  ${String(viewers).padStart(
        2,
      )} viewer(s)                                     ${String(
        calls.cold.length,
      ).padStart(5)}  ${String(calls.warm.length).padStart(5)}  ${String(
        calls.expired.length,
      ).padStart(9)}`,
    );
    console.log(`     cold by API: ${byApi(calls.cold)}`);
    console.log(`     after TTL by API: ${byApi(calls.expired)}`);
  }
}

async function main() {
  const { scenario, entities } = await loadBenchStore();
  const components = entities.filter(e => e.kind === 'Component');
  console.log(
    `Timeline benchmark: ${components.length} components, window ${WINDOW}, Node ${process.version}`,
  );
  await bench({
    label: 'demo scenario (app-config.yaml)',
    awsOps: demoAwsOps,
    entities,
  });
  const aws = await startSeededAws(scenario);
  await bench({
    label: 'AWS (moto + Kubernetes API servers on loopback)',
    awsOps: aws.awsOps,
    entities,
    requests: aws.requests,
  });
  await aws.close();
  closeConnections();
  report.write();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
