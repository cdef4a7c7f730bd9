/*
 * Two replicas of the production backend over one PostgreSQL and one Redis
 * (issue 12, section 3; docs/production.md "What the replica tests prove").
 * Started here: PostgreSQL (initdb in a temp dir), Redis, moto seeded by
 * scripts/prod/local-aws.ts behind a request-counting proxy, the local OIDC
 * provider, nginx from start:prod's template, and two replicas of the built
 * bundle (NODE_ENV=production, the Dockerfile's start command), the second
 * once the first is ready (knex's migration race on an empty database).
 * Users sign in through the OIDC provider as in production (no guest).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import YAML from 'yaml';
import {
  createDeployment,
  Deployment,
  ensureBundle,
  exited,
  PORTS,
  redisCli,
  replicaName,
  replicaUrl,
  REPO,
  requireServers,
  signalGroup,
  signIn,
  sleep,
  startAws,
  startNginx,
  startOidcProvider,
  startPostgres,
  startRedis,
  startReplica,
  stopAll,
  unpackBundle,
  waitFor,
  waitForReplica,
} from './__testUtils__/replicas';

// Whole file about 4-5 minutes on 2 cores (+ about 60 s when the bundle is built).
jest.setTimeout(240_000);

/** What this test needs of `pg` (a dependency of the backend; it has no bundled types). */
interface PgClient {
  connect(): Promise<void>;
  query(
    sql: string,
    values: unknown[],
  ): Promise<{ rows: Array<Record<string, any>> }>;
  end(): Promise<void>;
}
const { Client } = require('pg') as {
  Client: new (config: object) => PgClient;
};

/** A platform admin: may read every plugin's data, register locations and run templates. */
const USER = 'marcus-webb';
const COMPONENT = 'entities/component/default/checkout-service';
/** The catalog's scheduled scan of the store's files (catalog-backend-module-inbestment), every 30 s, global scope. */
const SCHEDULED_TASK = 'inbestment-store-files:scan';
const CADENCE_MS = 30_000;

/** A template that runs long enough to lose its replica mid-task (debug:wait is a built-in action). */
const RECOVERY_TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: replica-recovery-check
  title: Replica recovery check (test only)
spec:
  owner: group:default/platform-admins
  type: service
  parameters: []
  steps:
    - id: before
      name: Before
      action: debug:log
      input: { message: before the wait }
    - id: wait
      name: Wait
      action: debug:wait
      input: { seconds: 10 }
    - id: after
      name: After
      action: debug:log
      input: { message: after the wait }
`;

/** Backend plugins the portal adds (packages/backend/src/index.ts), by plugin id. */
function portalPlugins(): string[] {
  const index = fs.readFileSync(
    path.join(REPO, 'packages/backend/src/index.ts'),
    'utf8',
  );
  const ids: string[] = [];
  for (const [, name] of index.matchAll(
    /backend\.add\(\s*import\('([^']+)'\)/g,
  )) {
    const manifest = require(`${name}/package.json`);
    if (manifest.backstage?.role === 'backend-plugin')
      ids.push(manifest.backstage.pluginId);
  }
  return ids;
}

type Probe = {
  method?: string;
  path: string;
  body?: unknown;
  check?: (body: any) => void;
};

/** One real read (or harmless write) per plugin; a plugin without an entry fails the test. */
const probes: Record<string, Probe | { none: string }> = {
  app: { path: '/', check: (html: string) => expect(html).toContain('<html') },
  proxy: {
    none: 'no proxy endpoints are configured, so the plugin serves no route',
  },
  scaffolder: {
    path: '/api/scaffolder/v2/actions',
    check: actions =>
      expect(actions.map((a: any) => a.id)).toContain('debug:wait'),
  },
  techdocs: {
    path: `/api/techdocs/static/docs/default/component/checkout-service/index.html`,
    check: (html: string) => expect(html).toContain('replica check'),
  },
  auth: {
    path: '/api/auth/v1/userinfo',
    check: info => expect(info.claims.sub).toBe(`user:default/${USER}`),
  },
  catalog: { path: '/api/catalog/entities/by-name/user/default/marcus-webb' },
  permission: {
    method: 'POST',
    path: '/api/permission/authorize',
    body: {
      items: [
        {
          id: '1',
          permission: {
            type: 'basic',
            name: 'catalog.location.create',
            attributes: { action: 'create' },
          },
        },
      ],
    },
    check: body => expect(body.items[0].result).toBe('ALLOW'),
  },
  search: {
    path: '/api/search/query?term=checkout',
    check: body => expect(body.results).toBeDefined(),
  },
  eks: {
    path: `/api/eks/${COMPONENT}/deployments`,
    check: body => expect(body.source).toBe('aws'),
  },
  waf: { path: `/api/waf/${COMPONENT}/events` },
  cloudwatch: { path: `/api/cloudwatch/${COMPONENT}/alarms` },
  'ops-health': { path: '/api/ops-health/components' },
  'access-audit': { path: '/api/access-audit/findings' },
  // Only platform admins (this user) and the scorecards plugin itself read Tech Insights' routes.
  'tech-insights': {
    path: '/api/tech-insights/checks',
    check: checks =>
      expect(checks.map((c: any) => c.id)).toContain('prodReplicas'),
  },
  scorecards: {
    path: `/api/scorecards/${COMPONENT}`,
    check: body => expect(body.scorecard.counts.total).toBeGreaterThan(0),
  },
  'user-settings': {
    method: 'PUT',
    path: '/api/user-settings/buckets/replica-check/keys/probe',
    body: { value: 'ok' },
  },
  notifications: { path: '/api/notifications/status' },
  // websocket only: checked with an upgrade request (upgradeStatus)
  signals: { path: '/api/signals' },
  'mcp-actions': {
    method: 'POST',
    path: '/api/mcp-actions/v1',
    body: {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-03-26',
        capabilities: {},
        clientInfo: { name: 'replica-check', version: '1' },
      },
    },
  },
};

/** The AWS reads the cache should share: every AWS plugin's route for one component, and the on-call overview. */
const AWS_READS = [
  `/api/eks/${COMPONENT}/deployments`,
  `/api/cloudwatch/${COMPONENT}/alarms`,
  `/api/waf/${COMPONENT}/events`,
  `/api/access-audit/${COMPONENT}/secrets`,
  '/api/ops-health/components',
];

/**
 * Status of a websocket upgrade request (101 when the signals plugin accepts it), 0 when
 * unanswered after `timeoutMs`.
 */
function upgradeStatus(
  url: string,
  token: string,
  origin: string,
  timeoutMs = 10_000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      headers: {
        authorization: `Bearer ${token}`,
        // as the browser sends them: the page's Origin, the token as subprotocol (http/upgradeGate.ts)
        origin,
        'sec-websocket-protocol': token,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': Buffer.from('replica-check-16').toString('base64'),
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', res => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve(0);
    });
    req.end();
  });
}

describe('two production replicas over one PostgreSQL and one Redis', () => {
  let d: Deployment;
  let token: string;
  const timings: Record<string, number> = {};
  let coldCalls: Record<string, number> = {};
  let warmCalls: Record<string, number> = {};
  let pg: PgClient | undefined;
  /** Distinct end times of SCHEDULED_TASK's runs, read from the scheduler's table. */
  const runEnds = new Set<number>();
  let poller: NodeJS.Timeout | undefined;
  let locationId: string;

  const api = async (base: string, probe: Probe) => {
    const res = await fetch(`${base}${probe.path}`, {
      method: probe.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(probe.body
          ? {
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
            }
          : {}),
      },
      body: probe.body ? JSON.stringify(probe.body) : undefined,
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // HTML or text
    }
    return {
      status: res.status,
      body,
      upstream: res.headers.get('x-portal-upstream'),
    };
  };
  const get = (base: string, p: string) => api(base, { path: p });

  /** AWS calls reaching moto while `reads` run, by service (S3 is TechDocs, which the cache does not cover). */
  const countAwsCalls = async (reads: () => Promise<void>) => {
    d.awsCalls.length = 0;
    await reads();
    const counts: Record<string, number> = {};
    for (const service of d.awsCalls)
      counts[service] = (counts[service] ?? 0) + 1;
    delete counts.s3;
    return counts;
  };
  const readAws = async (i: number) => {
    for (const p of AWS_READS) {
      const { status, body } = await get(replicaUrl(i), p);
      expect({ p, status, body: status === 200 ? 'ok' : body }).toEqual({
        p,
        status: 200,
        body: 'ok',
      });
    }
  };
  const total = (counts: Record<string, number>) =>
    Object.values(counts).reduce((a, b) => a + b, 0);

  const timed = async (name: string, fn: () => Promise<unknown>) => {
    const started = Date.now();
    await fn();
    timings[name] = Date.now() - started;
  };

  const storeComponents = () =>
    fs
      .readdirSync(path.join(REPO, 'store-services'))
      .flatMap(dir => {
        const file = path.join(
          REPO,
          'store-services',
          dir,
          'catalog-info.yaml',
        );
        return fs.existsSync(file)
          ? YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map(doc =>
              doc.toJS(),
            )
          : [];
      })
      .filter(entity => entity?.kind === 'Component')
      .map(entity => entity.metadata.name)
      .sort();
  const components = async (i: number) => {
    const { body } = await get(
      replicaUrl(i),
      '/api/catalog/entities/by-query?filter=kind=component&limit=1000&fields=metadata.name',
    );
    return (body.items ?? []).map((e: any) => e.metadata.name).sort();
  };

  beforeAll(async () => {
    requireServers();
    d = createDeployment();
    const started = Date.now();
    await timed('bundle build', async () =>
      ensureBundle(path.join(d.logs, 'build.log')),
    );
    unpackBundle(d, {
      'templates/replica-recovery-check/template.yaml': RECOVERY_TEMPLATE,
    });
    await Promise.all([startPostgres(d), startRedis(d)]);
    await startAws(d);
    // The docs pipeline's job (publish-techdocs.ts builds all 28 sites; one small page is enough here).
    for (const [key, body] of [
      [
        'default/component/checkout-service/index.html',
        '<html><body>replica check</body></html>',
      ],
      [
        'default/component/checkout-service/techdocs_metadata.json',
        '{"site_name":"checkout-service","files":["index.html"]}',
      ],
    ]) {
      // moto takes unsigned S3 requests
      const put = await fetch(
        `http://127.0.0.1:${PORTS.moto}/${d.env.TECHDOCS_BUCKET}/${key}`,
        { method: 'PUT', body },
      );
      if (put.status !== 200) throw new Error(`S3 PUT ${key}: ${put.status}`);
    }
    await startOidcProvider(d);
    timings['servers (PostgreSQL, Redis, moto seeded, OIDC)'] =
      Date.now() - started - timings['bundle build'];

    await timed('replica 1 start (empty database)', async () => {
      startReplica(d, 0);
      await waitForReplica(d, 0);
    });
    await startNginx(d);
    // The sign-in resolves the user in the catalog, which is still ingesting the store's files.
    await waitFor(
      'the sign-in of a catalog user',
      async () => {
        token = await signIn(d, USER);
        return true;
      },
      120_000,
    );

    const store = storeComponents();
    if (store.length < 20)
      throw new Error(`only ${store.length} store components`);
    await waitFor(
      'the store catalog',
      async () => {
        const names = await components(0);
        return store.every(name => names.includes(name));
      },
      180_000,
    );

    // One replica, the same AWS reads twice on an empty cache: what the second read asks AWS
    // is the baseline of what a second replica may ask. (Only the second read is compared:
    // how many GetMetricData calls a cold read makes depends on which reads share a batch.)
    coldCalls = await countAwsCalls(() => readAws(0));
    warmCalls = await countAwsCalls(() => readAws(0));

    await timed('replica 2 start', async () => {
      startReplica(d, 1);
      await waitForReplica(d, 1);
    });

    pg = new Client({
      host: '127.0.0.1',
      port: PORTS.postgres,
      user: 'portal',
      password: d.secrets.POSTGRES_PASSWORD,
      database: 'backstage_plugin_catalog',
    });
    await pg.connect();
    poller = setInterval(() => {
      pg!
        .query(
          'select last_run_ended_at from backstage_backend_tasks__tasks where id = $1',
          [SCHEDULED_TASK],
        )
        .then(r => {
          const end = r.rows[0]?.last_run_ended_at;
          if (end) runEnds.add(new Date(end).getTime());
        })
        .catch(() => undefined);
    }, 1000);
  }, 600_000);

  afterAll(async () => {
    if (poller) clearInterval(poller);
    await pg?.end().catch(() => undefined);
    // eslint-disable-next-line no-console
    console.log(
      `replica test timings (ms): ${JSON.stringify(timings)}; logs were in ${
        d?.logs
      }`,
    );
    if (d) await stopAll(d);
  }, 120_000);

  it('serves the store catalog and every plugin route from both replicas', async () => {
    expect(await components(0)).toEqual(
      expect.arrayContaining(storeComponents()),
    );
    expect(await components(1)).toEqual(await components(0));

    const plugins = portalPlugins();
    expect(plugins).toEqual(
      expect.arrayContaining([
        'catalog',
        'scaffolder',
        'techdocs',
        'search',
        'eks',
        'ops-health',
      ]),
    );
    expect(plugins.filter(id => !(id in probes))).toEqual([]); // a new plugin needs a probe here
    const config = YAML.parse(
      fs.readFileSync(path.join(REPO, 'app-config.yaml'), 'utf8'),
    );
    expect(config.proxy?.endpoints ?? {}).toEqual({}); // see probes.proxy
    const results: string[] = [];
    for (const id of plugins) {
      const probe = probes[id];
      if ('none' in probe) continue;
      for (const i of [0, 1]) {
        if (id === 'signals') {
          // Backstage's signals router starts listening for upgrades when the
          // first one reaches it through Express, and leaves that one
          // unanswered; the browser's client gives up after 1 s and
          // reconnects 5 s later. Later upgrades are accepted at once.
          const url = `${replicaUrl(i)}${probe.path}`;
          const origin = d.env.PORTAL_BASE_URL!;
          await upgradeStatus(url, token, origin, 2_000);
          results.push(
            `${id} replica ${i + 1}: ${await upgradeStatus(
              url,
              token,
              origin,
            )}`,
          );
          continue;
        }
        const { status, body } = await api(replicaUrl(i), probe);
        results.push(
          `${id} replica ${i + 1}: ${status}${
            status >= 300 ? ` ${JSON.stringify(body).slice(0, 200)}` : ''
          }`,
        );
        if (status < 300) probe.check?.(body);
      }
    }
    expect(results).toEqual(
      plugins
        .filter(id => !('none' in probes[id]))
        .flatMap(id =>
          [0, 1].map(
            i => `${id} replica ${i + 1}: ${id === 'signals' ? 101 : 200}`,
          ),
        ),
    );
    // nginx passes the upgrade on (both replicas are listening by now)
    expect(
      await upgradeStatus(
        `${d.env.PORTAL_BASE_URL}/api/signals`,
        token,
        d.env.PORTAL_BASE_URL!,
      ),
    ).toBe(101);
  });

  it('serves a location registered through replica 1 from replica 2', async () => {
    const target =
      'https://github.com/inbestment/replica-check/blob/main/catalog-info.yaml';
    const created = await api(replicaUrl(0), {
      method: 'POST',
      path: '/api/catalog/locations',
      body: { type: 'url', target },
    });
    expect(created.status).toBe(201);
    locationId = created.body.location.id;
    const served = await get(
      replicaUrl(1),
      `/api/catalog/locations/${locationId}`,
    );
    expect(served).toMatchObject({
      status: 200,
      body: { id: locationId, target },
    });
  });

  it('counts the sign-in rate limit once across both replicas (backend.rateLimit.store on Redis)', async () => {
    // The auth plugin allows 120 requests a minute per client (app-config.yaml); the client is the
    // X-Forwarded-For address a load balancer writes (trustProxy: 1). Alternating replicas, a
    // per-replica count would allow 240.
    const statuses: number[] = [];
    for (let n = 0; n < 130; n++) {
      const res = await fetch(
        `${replicaUrl(n % 2)}/api/auth/oidc/refresh?env=production`,
        {
          headers: {
            'x-requested-with': 'XMLHttpRequest',
            'x-forwarded-for': '198.51.100.7',
          },
        },
      );
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThanOrEqual(110);
    expect(firstLimited).toBeLessThanOrEqual(121);
    expect(statuses.slice(121).every(s => s === 429)).toBe(true);
  });

  it('keeps serving through nginx when replica 1 is killed mid-traffic and mid scaffolder task, and the task ends', async () => {
    // Replica 2 is paused (SIGSTOP) while the task is created, so replica 1's worker claims it.
    const replica2 = d.children.get(replicaName(1))!;
    signalGroup(replica2, 'SIGSTOP');
    let taskId: string;
    try {
      const created = await api(replicaUrl(0), {
        method: 'POST',
        path: '/api/scaffolder/v2/tasks',
        body: {
          templateRef: 'template:default/replica-recovery-check',
          values: {},
        },
      });
      expect(created.status).toBe(201);
      taskId = created.body.id;
      await waitFor(
        'the task to start on replica 1',
        async () => {
          const { body } = await get(
            replicaUrl(0),
            `/api/scaffolder/v2/tasks/${taskId}/events`,
          );
          return body.some((e: any) => e.body?.stepId === 'wait');
        },
        30_000,
      );
    } finally {
      signalGroup(replica2, 'SIGCONT');
    }

    // Traffic through nginx (round robin over both) before, during and after the kill. A request
    // replica 1 was answering when it died may be cut (nginx has sent its headers and cannot retry
    // it; an ALB answers 502 then); every request sent after the kill must be answered by replica 2.
    type Sent = { startedAt: number; status: number | 'cut'; upstream?: string };
    const sent: Sent[] = [];
    let traffic = true;
    const client = (async () => {
      while (traffic) {
        const startedAt = Date.now();
        try {
          const { status, upstream } = await get(
            d.env.PORTAL_BASE_URL!,
            '/api/catalog/entities/by-name/component/default/checkout-service',
          );
          sent.push({ startedAt, status, upstream: upstream ?? undefined });
        } catch {
          sent.push({ startedAt, status: 'cut' });
        }
      }
    })();
    await sleep(2_000);
    const replica1 = d.children.get(replicaName(0))!;
    const killedAt = Date.now();
    signalGroup(replica1, 'SIGKILL');
    await exited(replica1);
    const exitedAt = Date.now();
    await sleep(5_000);
    traffic = false;
    await client;
    // Replica 1 comes back (before any assertion, so a failure here leaves the next tests two
    // replicas) while replica 2 recovers the task (scaffolder.taskRecovery in
    // app-config.production.yaml): its heartbeat stops, after staleTimeout it is reopened and
    // resumed from its last completed step.
    const restartedAt = Date.now();
    startReplica(d, 0);
    const before = sent.filter(r => r.startedAt < killedAt);
    const after = sent.filter(r => r.startedAt >= exitedAt);
    const inFlight = sent.filter(
      r => r.startedAt >= killedAt && r.startedAt < exitedAt,
    );
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(5);
    expect(
      [...before.slice(0, -1), ...after].filter(r => r.status !== 200),
    ).toEqual([]);
    // One client: at most the request on the wire at the kill is lost.
    expect(
      [...before.slice(-1), ...inFlight].filter(r => r.status !== 200).length,
    ).toBeLessThanOrEqual(1);
    expect(after.map(r => r.upstream)).toContain(
      `127.0.0.1:${PORTS.replicas[1]}`,
    );

    let final: any;
    await waitFor(
      'the killed task to end',
      async () => {
        const { body } = await get(
          replicaUrl(1),
          `/api/scaffolder/v2/tasks/${taskId!}`,
        );
        final = body;
        return ['completed', 'failed', 'cancelled'].includes(body.status);
      },
      150_000,
    );
    const { body: events } = await get(
      replicaUrl(1),
      `/api/scaffolder/v2/tasks/${taskId!}/events`,
    );
    expect(events.map((e: any) => e.type)).toContain('recovered');
    // resumed on replica 2 from its last completed step, it completes; a failure would show its reason here
    const reason = events
      .filter((e: any) => e.type === 'completion')
      .map((e: any) => e.body?.error?.message)
      .find(Boolean);
    expect({ status: final.status, reason }).toEqual({
      status: 'completed',
      reason: undefined,
    });
    await waitForReplica(d, 0);
    timings[
      'replica 1 restart after SIGKILL (while replica 2 recovered the task)'
    ] = Date.now() - restartedAt;
  }, 300_000);

  it('drains on SIGTERM, keeps registered locations over a restart of both, and a second replica asks AWS what one replica asks again', async () => {
    // backend.lifecycle.serverShutdownDelay: readiness fails at once while requests are still served.
    const stopping = [0, 1].map(i => d.children.get(replicaName(i))!);
    const stopStarted = Date.now();
    for (const child of stopping) signalGroup(child, 'SIGTERM');
    await sleep(1_500);
    for (const i of [0, 1]) {
      expect(
        (await fetch(`${replicaUrl(i)}/.backstage/health/v1/readiness`)).status,
      ).toBe(503);
      expect(
        (
          await get(
            replicaUrl(i),
            '/api/catalog/entities/by-name/user/default/marcus-webb',
          )
        ).status,
      ).toBe(200);
    }
    await Promise.all(stopping.map(exited));
    timings['SIGTERM to exit'] = Date.now() - stopStarted;
    expect(timings['SIGTERM to exit']).toBeGreaterThanOrEqual(14_000);

    // Both fresh processes on an empty cache: replica 1 reads, then replica 2 the same. On an
    // existing database they start together, as pods of a rolling restart do (the migration race
    // concerns an empty database only).
    redisCli('flushall');
    await timed(
      'both replicas start together (existing database)',
      async () => {
        startReplica(d, 0);
        startReplica(d, 1);
        await Promise.all([waitForReplica(d, 0), waitForReplica(d, 1)]);
      },
    );
    for (const i of [0, 1]) {
      expect(
        (await get(replicaUrl(i), `/api/catalog/locations/${locationId}`))
          .status,
      ).toBe(200);
    }
    const replicaOneCalls = await countAwsCalls(() => readAws(0));
    const replicaTwoCalls = await countAwsCalls(() => readAws(1));
    // eslint-disable-next-line no-console
    console.log(
      `AWS calls to moto: one replica ${JSON.stringify(
        coldCalls,
      )} then again ${JSON.stringify(warmCalls)}; replica 1 ${JSON.stringify(
        replicaOneCalls,
      )} then replica 2 ${JSON.stringify(replicaTwoCalls)}`,
    );
    expect(total(coldCalls)).toBeGreaterThan(0);
    expect(total(replicaOneCalls)).toBeGreaterThan(0);
    // Replica 2 finds what replica 1 read in the shared cache (Redis).
    expect(replicaTwoCalls).toEqual(warmCalls);
  }, 300_000);

  it('runs the scheduled catalog scan once per cadence across both replicas', () => {
    const ends = [...runEnds].sort((a, b) => a - b);
    const gaps = ends.slice(1).map((end, i) => end - ends[i]);
    // eslint-disable-next-line no-console
    console.log(
      `${SCHEDULED_TASK} runs ended ${gaps.length + 1} times, gaps (s): ${gaps
        .map(g => g / 1000)
        .join(' ')}`,
    );
    expect(ends.length).toBeGreaterThanOrEqual(3);
    // Two replicas each running it would end runs less than a cadence apart again and again. One
    // short gap is the scheduler catching up: a run that started late (both replicas were down, or
    // the machine was busy) sets the next start to its slot + 30 s, so that gap and the long one
    // before it cover two cadences together.
    const overlapping = gaps.filter(
      (gap, i) =>
        gap < CADENCE_MS - 5_000 &&
        !(i > 0 && gaps[i - 1] + gap >= 2 * CADENCE_MS - 5_000),
    );
    expect(overlapping).toEqual([]);
  });
});
