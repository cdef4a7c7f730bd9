/*
 * The portal's backend at catalog scale: 10,000 generated entities (see
 * catalogScale/generate.ts) registered through `inbestment.catalogFiles`,
 * next to the store's own files.
 *
 *   npm run bench:catalog-scale -- [--db sqlite|postgres] [--label NAME]
 *     [--processing-interval-s N] [--build development|production] [--replicas 1|2]
 *
 * --build production runs the production deployment of
 * src/replicas.test.ts instead (its harness, packages/backend/src/__testUtils__/replicas.ts):
 * the unpacked backend bundle with the image's start command and
 * app-config.production.yaml, one PostgreSQL, Redis, moto seeded like the
 * demo, the local OIDC provider and nginx, with 1 or 2 replicas behind nginx
 * (with --db sqlite: 1 replica on SQLite files instead of the PostgreSQL);
 * the demo users sign in through OIDC. The bench's overlay is merged into the
 * bundle's app-config.local-production.yaml: the generated files, the static
 * token that polls ingestion, and a rate limit high enough not to answer the
 * measured load with 429 (the limiter is not what is measured). Uses the
 * replica test's ports (7891-7898): do not run both at once.
 *
 * Otherwise it starts the development backend (packages/backend/src/index.ts with the
 * loader `backstage-cli package start` uses, NODE_ENV=development, but without
 * its file watcher, so an edit elsewhere in the work tree cannot restart it
 * mid-run) on 127.0.0.1:7411 with app-config.yaml and an overlay: its own
 * SQLite directory, or its own PostgreSQL cluster (initdb/pg_ctl in the temp
 * dir, 127.0.0.1:54311). The default auth policy stays on: ingestion is polled
 * with a static external access token that exists only in the overlay, and
 * every measured request is made with a demo user's token (the e2e tests'
 * sign-in).
 *
 * Measures: time from spawn until every generated entity is served and the
 * last service's relations (and their reverse side) are stitched; by-name and
 * the catalog list page query p50/p95 under 20 clients; the health overview
 * with 500+ services for on-call (allowed everything) and a developer (owner
 * conditions resolved per entity); backend RSS. Writes
 * bench/results/catalog-scale-<db>-<label>.json and prints a summary.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { percentile } from './lib';
import { BENCH_TAG, generateCatalog, Layout } from './catalogScale/generate';
import * as production from '../packages/backend/src/__testUtils__/replicas';

const REPO = path.resolve(__dirname, '..');
const BACKEND_DIR = path.join(REPO, 'packages/backend');
const PORT = Number(process.env.CATALOG_BENCH_PORT ?? 7411);
const PG_PORT = Number(process.env.CATALOG_BENCH_PG_PORT ?? 54311);
const DEVELOPMENT_BASE = `http://127.0.0.1:${PORT}`;
const CLIENTS = 20;
const INGEST_TIMEOUT_MS =
  Number(process.env.CATALOG_BENCH_INGEST_TIMEOUT_S ?? 1500) * 1000;

function arg(name: string, fallback: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const DB = arg('db', 'sqlite') as 'sqlite' | 'postgres';
const LAYOUT = arg('layout', 'repos') as Layout;
const LABEL = arg('label', 'current');
/**
 * `catalog.processingInterval` in seconds; Backstage's default (100-150 s)
 * when unset. A long one shows what the processing loop costs the reads.
 */
const PROCESSING_INTERVAL_S = arg('processing-interval-s', '');
const BUILD = arg('build', 'development') as 'development' | 'production';
const REPLICAS = Number(arg('replicas', '1'));
if (
  BUILD === 'production' &&
  !(REPLICAS === 1 || (REPLICAS === 2 && DB === 'postgres'))
)
  throw new Error(
    '--build production runs 1 replica, or 2 on PostgreSQL (replicas cannot share SQLite files)',
  );

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface Reply {
  ms: number;
  status: number;
  body: string;
}

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      })
      .on('error', reject);
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const round1 = (n: number) => Math.round(n * 10) / 10;

function loadAverage() {
  const [one, five, fifteen] = os.loadavg().map(n => Math.round(n * 100) / 100);
  return {
    one,
    five,
    fifteen,
    uptime: execFileSync('uptime', { encoding: 'utf8' }).trim(),
  };
}

function memoryOf(pid: number) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return {
      rssMiB: Math.round(kb('VmRSS') / 1024),
      peakRssMiB: Math.round(kb('VmHWM') / 1024),
    };
  } catch {
    return { rssMiB: 0, peakRssMiB: 0 };
  }
}

/**
 * `clients` concurrent clients, each requesting `perClient` URLs (every
 * client starts at its own offset in the list). Latencies of all answers,
 * status counts, and the first non-200 answer.
 */
async function load(
  clients: number,
  perClient: number,
  urls: string[],
  headers: Record<string, string>,
) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let firstError: string | undefined;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < perClient; i++) {
        const url = urls[(client * perClient + i) % urls.length];
        const reply = await get(url, headers);
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
        if (reply.status === 200) latencies.push(reply.ms);
        else
          firstError ??= `${reply.status} ${url}: ${reply.body.slice(0, 600)}`;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  return {
    clients,
    requests: clients * perClient,
    statuses,
    ...(latencies.length
      ? {
          p50Ms: round1(percentile(latencies, 50)),
          p95Ms: round1(percentile(latencies, 95)),
          p99Ms: round1(percentile(latencies, 99)),
          maxMs: round1(Math.max(...latencies)),
        }
      : {}),
    requestsPerSecond: round1((clients * perClient) / seconds),
    ...(firstError ? { firstError } : {}),
  };
}

/** initdb and postgres refuse to run as root: as root they run as `postgres`, in a folder of its own. */
function asPostgres(command: string, args: string[]) {
  const root = process.getuid?.() === 0;
  execFileSync(
    root ? 'runuser' : command,
    root ? ['-u', 'postgres', '--', command, ...args] : args,
    {
      stdio: 'ignore',
    },
  );
}

async function startPostgres() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-scale-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  asPostgres('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  asPostgres('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${PG_PORT} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300`,
    'start',
  ]);
  return {
    dir,
    connection: {
      host: '127.0.0.1',
      port: PG_PORT,
      user: 'postgres',
      password: 'bench',
    },
    stop: () => {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch {
        /* already stopped */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function startBackend(configs: string[], logFile: string): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  return spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      ...configs.flatMap(config => ['--config', config]),
    ],
    {
      cwd: BACKEND_DIR,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: path.join(REPO, 'tsconfig.json'),
      },
    },
  );
}

async function stopBackend(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

async function demoToken(user: string) {
  const reply = await get(
    `${DEVELOPMENT_BASE}/api/auth/demo/refresh?env=development`,
    {
      'x-requested-with': 'XMLHttpRequest',
      'x-inbestment-demo-user': `user:default/${user}`,
    },
  );
  if (reply.status !== 200)
    throw new Error(`sign-in as ${user}: ${reply.status} ${reply.body}`);
  return JSON.parse(reply.body).backstageIdentity.token as string;
}

/** The backend under test, started and ready: one development process, or production replicas behind nginx. */
interface Portal {
  base: string;
  description: string;
  spawnedAt: number;
  readyAt: number;
  /** the backend processes (for RSS), first replica first */
  pids: number[];
  log: string;
  exited(): boolean;
  token(user: string): Promise<string>;
  /** requests that reached AWS (moto) so far; production only */
  awsCalls?(): number;
  stop(failed: boolean): Promise<void>;
}

/** What both builds add to their config: the generated files and the polling token. */
function benchConfig(staticToken: string, catalogFiles: string[]) {
  return {
    backend: {
      auth: {
        // Only for polling ingestion; every measured request is a user's.
        externalAccess: [
          {
            type: 'static',
            options: { token: staticToken, subject: 'catalog-scale-bench' },
          },
        ],
      },
    },
    ...(PROCESSING_INTERVAL_S
      ? {
          catalog: {
            processingInterval: { seconds: Number(PROCESSING_INTERVAL_S) },
          },
        }
      : {}),
    inbestment: { catalogFiles },
  };
}

async function startDevelopment(
  tmp: string,
  staticToken: string,
  generatedGlob: string,
): Promise<Portal> {
  const postgres = DB === 'postgres' ? await startPostgres() : undefined;
  const common = benchConfig(staticToken, [
    path.join(REPO, 'catalog/*.yaml'),
    path.join(REPO, 'catalog/apis/*.yaml'),
    path.join(REPO, 'store-services/*/catalog-info.yaml'),
    path.join(REPO, 'templates/*/template.yaml'),
    generatedGlob,
  ]);
  const overlay = {
    ...common,
    backend: {
      ...common.backend,
      baseUrl: DEVELOPMENT_BASE,
      listen: { host: '127.0.0.1', port: PORT },
      database: postgres
        ? { client: 'pg', connection: postgres.connection }
        : {
            client: 'better-sqlite3',
            connection: { directory: path.join(tmp, 'sqlite') },
          },
    },
    techdocs: {
      publisher: { local: { publishDirectory: path.join(tmp, 'techdocs') } },
    },
    inbestment: {
      ...common.inbestment,
      scaffolder: { localPublishDir: path.join(tmp, 'generated-repos') },
    },
  };
  const overlayFile = path.join(tmp, 'app-config.bench.yaml');
  fs.writeFileSync(overlayFile, yaml.stringify(overlay));
  const log = path.join(tmp, 'backend.log');
  const spawnedAt = Date.now();
  const backend = startBackend(
    [path.join(REPO, 'app-config.yaml'), overlayFile],
    log,
  );
  const portal: Portal = {
    base: DEVELOPMENT_BASE,
    description: 'development (src/index.ts, NODE_ENV=development, no watcher)',
    spawnedAt,
    readyAt: 0,
    pids: [backend.pid!],
    log,
    exited: () => backend.exitCode !== null,
    token: demoToken,
    stop: async () => {
      await stopBackend(backend);
      postgres?.stop();
    },
  };
  try {
    while (!portal.readyAt) {
      if (portal.exited()) throw new Error(`backend exited, see ${log}`);
      try {
        if (
          (await get(`${DEVELOPMENT_BASE}/.backstage/health/v1/readiness`))
            .status === 200
        )
          portal.readyAt = Date.now();
      } catch {
        /* not listening yet */
      }
      await sleep(500);
    }
  } catch (error) {
    await portal.stop(true);
    throw error;
  }
  return portal;
}

async function startProduction(
  tmp: string,
  staticToken: string,
  generatedGlob: string,
): Promise<Portal> {
  production.requireServers();
  const d = production.createDeployment();
  const log = path.join(d.logs, `${production.replicaName(0)}.log`);
  const portal: Portal = {
    base: d.env.PORTAL_BASE_URL!,
    description: `production bundle (NODE_ENV=production, app-config.production.yaml), ${REPLICAS} replica(s) behind nginx`,
    spawnedAt: 0,
    readyAt: 0,
    pids: [],
    log,
    exited: () =>
      [...d.children]
        .filter(([name]) => name.startsWith('backend-'))
        .some(([, child]) => child.exitCode !== null),
    token: user => production.signIn(d, user),
    awsCalls: () => d.awsCalls.length,
    stop: async failed => {
      // a failed run keeps the deployment's logs
      if (failed) process.env.KEEP_REPLICA_TEST_DIR = '1';
      await production.stopAll(d);
    },
  };
  try {
    const buildMs = production.ensureBundle(path.join(d.logs, 'build.log'));
    if (buildMs) console.log(`built the backend bundle in ${buildMs} ms`);
    production.unpackBundle(d);
    // The bundle's local-production config plus the bench's additions (the
    // production config merges over both app-config files, this file last).
    const localConfig = path.join(d.appDir, 'app-config.local-production.yaml');
    const local = yaml.parse(fs.readFileSync(localConfig, 'utf8'));
    const bench = benchConfig(staticToken, [
      './catalog/*.yaml',
      './catalog/apis/*.yaml',
      './store-services/*/catalog-info.yaml',
      './templates/*/template.yaml',
      generatedGlob,
    ]);
    fs.writeFileSync(
      localConfig,
      yaml.stringify({
        ...local,
        ...bench,
        backend: {
          ...local.backend,
          ...bench.backend,
          rateLimit: { incomingRequestLimit: 1_000_000 },
          // SQLite replaces the production PostgreSQL (still started, unused)
          ...(DB === 'sqlite'
            ? {
                database: {
                  client: 'better-sqlite3',
                  connection: { directory: path.join(tmp, 'sqlite') },
                },
              }
            : {}),
        },
      }),
    );
    await Promise.all([production.startPostgres(d), production.startRedis(d)]);
    await production.startAws(d);
    await production.startOidcProvider(d);
    portal.spawnedAt = Date.now();
    for (let i = 0; i < REPLICAS; i++) {
      // one after the other: knex's migrations race on an empty database
      const replica = production.startReplica(d, i);
      portal.pids.push(replica.pid!);
      await production.waitForReplica(d, i, INGEST_TIMEOUT_MS);
      if (i === 0) portal.readyAt = Date.now();
    }
    await production.startNginx(d);
  } catch (error) {
    await portal.stop(true);
    throw error;
  }
  return portal;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-scale-'));
  const catalog = await generateCatalog(path.join(tmp, 'catalog'), LAYOUT);
  console.log(
    `generated ${catalog.entities} entities in ${catalog.files} files under ${catalog.dir}`,
  );

  const staticToken = crypto.randomBytes(24).toString('base64url');

  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO,
      encoding: 'utf8',
    }).trim(),
  };
  const loadAtStart = loadAverage();
  const portal =
    BUILD === 'production'
      ? await startProduction(tmp, staticToken, catalog.glob)
      : await startDevelopment(tmp, staticToken, catalog.glob);
  const BASE = portal.base;
  const { spawnedAt, readyAt, log: logFile } = portal;
  const pid = portal.pids[0];
  let peakRss = 0;
  let failed = true;
  const cleanup = async () => {
    await portal.stop(failed);
    // A failed run keeps its backend log.
    if (failed || process.env.CATALOG_BENCH_KEEP)
      console.log(`kept ${tmp} (backend log: ${logFile})`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => cleanup().then(() => process.exit(130)));

  try {
    console.log(
      `backend ready after ${((readyAt - spawnedAt) / 1000).toFixed(
        1,
      )} s (pid ${portal.pids.join(', ')})`,
    );

    // Ingested: every generated entity served, the last service and the reverse side of its relations stitched.
    const byRef = (ref: string) => {
      const [kind, rest] = ref.split(':');
      const [namespace, name] = rest.split('/');
      return `${BASE}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`;
    };
    const relationsOf = async (ref: string) => {
      const reply = await get(byRef(ref), bearer(staticToken));
      if (reply.status !== 200) return new Set<string>();
      const entity = JSON.parse(reply.body);
      return new Set<string>(
        (entity.relations ?? []).map(
          (r: { type: string; targetRef: string }) =>
            `${r.type} ${r.targetRef}`,
        ),
      );
    };
    const last = catalog.lastService;
    const expected: Array<[string, string[]]> = [
      [
        last.ref,
        [
          `ownedBy ${last.owner}`,
          `partOf ${last.system}`,
          ...last.dependsOn.map(ref => `dependsOn ${ref}`),
          ...last.providesApis.map(ref => `providesApi ${ref}`),
          ...last.consumesApis.map(ref => `consumesApi ${ref}`),
        ],
      ],
      [last.owner, [`ownerOf ${last.ref}`]],
      [last.system, [`hasPart ${last.ref}`]],
      [last.providesApis[0], [`apiProvidedBy ${last.ref}`]],
      [last.consumesApis[0], [`apiConsumedBy ${last.ref}`]],
      [last.dependsOn[0], [`dependencyOf ${last.ref}`]],
      // The store's own files too: the demo users sign in as catalog users.
      ['user:default/demo-developer', ['memberOf group:default/team-commerce']],
      ['user:default/demo-oncall', ['memberOf group:default/oncall']],
    ];
    const countUrl = `${BASE}/api/catalog/entities/by-query?limit=1&fields=metadata.name&filter=metadata.tags=${BENCH_TAG}`;
    const progress: Array<{ s: number; served: number; rssMiB: number }> = [];
    let ingestedAt = 0;
    let served = 0;
    while (!ingestedAt && Date.now() - spawnedAt < INGEST_TIMEOUT_MS) {
      if (portal.exited()) throw new Error(`backend exited, see ${logFile}`);
      const reply = await get(countUrl, bearer(staticToken));
      served = reply.status === 200 ? JSON.parse(reply.body).totalItems : 0;
      const { rssMiB } = memoryOf(pid);
      peakRss = Math.max(peakRss, rssMiB);
      const s = Math.round((Date.now() - spawnedAt) / 1000);
      if (!progress.length || s - progress[progress.length - 1].s >= 30) {
        progress.push({ s, served, rssMiB });
        console.log(
          `  ${s} s: ${served}/${catalog.entities} served, RSS ${rssMiB} MiB`,
        );
      }
      if (served >= catalog.entities) {
        let stitched = true;
        for (const [ref, relations] of expected) {
          const have = await relationsOf(ref);
          if (!relations.every(r => have.has(r))) stitched = false;
        }
        if (stitched) ingestedAt = Date.now();
      }
      if (!ingestedAt) await sleep(2000);
    }
    const ingest = {
      entities: catalog.entities,
      layout: catalog.layout,
      files: catalog.files,
      served,
      finished: ingestedAt > 0,
      secondsFromSpawn: ingestedAt
        ? round1((ingestedAt - spawnedAt) / 1000)
        : undefined,
      secondsFromReady: ingestedAt
        ? round1((ingestedAt - readyAt) / 1000)
        : undefined,
      readySeconds: round1((readyAt - spawnedAt) / 1000),
      progress,
    };
    console.log(
      ingestedAt
        ? `ingested and stitched after ${ingest.secondsFromSpawn} s from spawn`
        : `NOT ingested after ${INGEST_TIMEOUT_MS / 1000} s: ${served} served`,
    );

    const developer = bearer(await portal.token('demo-developer'));
    const oncall = bearer(await portal.token('demo-oncall'));
    const rssAfterIngest = memoryOf(pid);

    // by-name: every client walks its own part of a 600-entity sample of all kinds.
    const byNameUrls = catalog.sampleRefs.map(byRef);
    const byName = {
      single: await load(1, 50, byNameUrls, developer),
      concurrent: await load(CLIENTS, 50, byNameUrls, developer),
    };
    console.log(
      `by-name p95: 1 client ${byName.single.p95Ms} ms, ${CLIENTS} clients ${byName.concurrent.p95Ms} ms`,
    );

    // The catalog page's first request: 20 components sorted by name.
    const listUrl = `${BASE}/api/catalog/entities/by-query?limit=20&orderField=metadata.name,asc&filter=kind=component`;
    const listPage = {
      url: listUrl.slice(BASE.length),
      single: await load(1, 10, [listUrl], developer),
      concurrent: await load(CLIENTS, 10, [listUrl], developer),
    };
    console.log(
      `list page p95: 1 client ${listPage.single.p95Ms} ms, ${CLIENTS} clients ${listPage.concurrent.p95Ms} ms`,
    );

    // The on-call page: the health overview of every service and website.
    const overviewUrl = `${BASE}/api/ops-health/components`;
    const awsCallsBefore = portal.awsCalls?.() ?? 0;
    const overviewProbe = await get(overviewUrl, oncall);
    const overviewComponents =
      overviewProbe.status === 200
        ? JSON.parse(overviewProbe.body).components.length
        : undefined;
    const healthOverview = {
      components: overviewComponents,
      oncall: {
        single: await load(1, 5, [overviewUrl], oncall),
        concurrent: await load(CLIENTS, 5, [overviewUrl], oncall),
      },
      developer: {
        single: await load(1, 3, [overviewUrl], developer),
        concurrent: await load(CLIENTS, 3, [overviewUrl], developer),
      },
    };
    console.log(
      `health overview (${overviewComponents} components) p95 ${CLIENTS} clients: on-call ${
        healthOverview.oncall.concurrent.p95Ms
      } ms ${JSON.stringify(
        healthOverview.oncall.concurrent.statuses,
      )}, developer ${
        healthOverview.developer.concurrent.p95Ms
      } ms ${JSON.stringify(healthOverview.developer.concurrent.statuses)}`,
    );

    const memory = {
      ...memoryOf(pid),
      afterIngestMiB: rssAfterIngest.rssMiB,
      peakSampledMiB: Math.max(peakRss, memoryOf(pid).rssMiB),
      ...(portal.pids.length > 1
        ? { perReplica: portal.pids.map(memoryOf) }
        : {}),
    };
    const awsCallsWhileMeasured = (portal.awsCalls?.() ?? 0) - awsCallsBefore;
    if (portal.awsCalls)
      console.log(
        `AWS calls during the health overview's ${
          CLIENTS * 8 + 8
        } requests: ${awsCallsWhileMeasured}`,
      );
    console.log(
      `backend RSS now ${memory.rssMiB} MiB, peak ${memory.peakRssMiB} MiB`,
    );
    const result = {
      benchmark: 'catalog-scale',
      label: LABEL,
      database: DB,
      backend: portal.description,
      build: BUILD,
      replicas: portal.pids.length,
      processingIntervalSeconds: PROCESSING_INTERVAL_S
        ? Number(PROCESSING_INTERVAL_S)
        : 'default (100-150)',
      date: new Date().toISOString(),
      machine,
      loadAtStart,
      loadAtEnd: loadAverage(),
      ingest,
      byName,
      listPage,
      healthOverview,
      memory,
      ...(portal.awsCalls ? { awsCallsWhileMeasured } : {}),
    };
    const out = path.join(
      REPO,
      'bench/results',
      BUILD === 'production'
        ? `catalog-scale-${DB}-${LAYOUT}-production-${REPLICAS}r-${LABEL}.json`
        : `catalog-scale-${DB}-${LAYOUT}-${LABEL}.json`,
    );
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${path.relative(REPO, out)}`);
    failed = false;
  } finally {
    agent.destroy();
    await cleanup();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
