/*
 * The production deployment in small, for src/replicas.test.ts: one
 * PostgreSQL, one Redis, moto seeded by scripts/prod/local-aws.ts (behind a
 * counting proxy), the local OIDC provider, nginx rendered from
 * scripts/prod/nginx.conf.template, and backend replicas started from the
 * unpacked bundle with the start command of packages/backend/Dockerfile and
 * scripts/start-prod.sh. Everything lives under one temp dir and on the
 * loopback ports below; `stopAll` ends every process group it started.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

export const REPO = path.resolve(__dirname, '../../../..');

/** Loopback ports of this test only (start:prod, the e2e portal, benches and other tests use others). */
export const PORTS = {
  postgres: 7891,
  redis: 7892,
  moto: 7893,
  /** the counting proxy in front of moto: what the replicas call */
  aws: 7894,
  oidc: 7895,
  nginx: 7896,
  replicas: [7897, 7898],
};

const SETUP_HINT =
  'run `bash scripts/setup.sh` (npm test runs it first): it installs PostgreSQL, Redis, nginx and moto';

function onPath(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Fails (never skips) when a server this test needs is not installed. */
export function requireServers() {
  const missing = [
    'initdb',
    'pg_ctl',
    'redis-server',
    'redis-cli',
    'nginx',
    'python3',
  ].filter(binary => !onPath(binary));
  if (missing.length === 0) {
    try {
      execFileSync('python3', ['-c', 'import moto.server'], {
        stdio: 'ignore',
      });
    } catch {
      missing.push('python3 moto');
    }
  }
  if (missing.length > 0) {
    throw new Error(`${missing.join(', ')} missing: ${SETUP_HINT}`);
  }
}

// ------------------------------------------------------------------ bundle

/** Newest modification time of the files the backend bundle is built from. */
function newestSourceMtime(): number {
  let newest = 0;
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__testUtils__' && entry.name !== '__fixtures__')
          visit(full);
      } else if (!/\.test\.tsx?$/.test(entry.name)) {
        newest = Math.max(newest, fs.statSync(full).mtimeMs);
      }
    }
  };
  const roots = [path.join(REPO, 'packages/backend')].concat(
    fs
      .readdirSync(path.join(REPO, 'plugins'))
      .map(p => path.join(REPO, 'plugins', p)),
  );
  for (const root of roots) {
    const manifest = path.join(root, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    if (
      JSON.parse(fs.readFileSync(manifest, 'utf8')).backstage?.role?.startsWith(
        'frontend',
      )
    )
      continue;
    newest = Math.max(newest, fs.statSync(manifest).mtimeMs);
    if (fs.existsSync(path.join(root, 'src'))) visit(path.join(root, 'src'));
  }
  return Math.max(
    newest,
    fs.statSync(path.join(REPO, 'package-lock.json')).mtimeMs,
  );
}

/**
 * Builds packages/backend/dist/bundle.tar.gz the way `npm run start:prod` does
 * when it is missing or older than a backend or plugin source file. In CI the
 * bundle does not exist yet, so `npm test` pays for one build here: about 60 s
 * on 2 cores (tsc is incremental after the suite's own type check,
 * `backstage-cli repo build`, scripts/prod/build-backend-bundle.mjs). The app
 * is built first when packages/app/dist is missing (as in a fresh clone: the
 * bundle carries that build and the replicas serve it at `/`); a present app
 * build is reused, since nothing here checks the frontend's content.
 * Returns the build time in ms, 0 when the bundle was current.
 */
export function ensureBundle(logFile: string): number {
  const bundle = path.join(REPO, 'packages/backend/dist/bundle.tar.gz');
  const appBuilt = fs.existsSync(
    path.join(REPO, 'packages/app/dist/index.html'),
  );
  if (
    appBuilt &&
    fs.existsSync(bundle) &&
    fs.statSync(bundle).mtimeMs >= newestSourceMtime()
  ) {
    return 0;
  }
  const started = Date.now();
  const env = { ...process.env, NODE_ENV: 'production' };
  const bin = path.join(REPO, 'node_modules/.bin');
  const steps: Array<[string, string[], string?]> = [
    [path.join(bin, 'tsc'), []],
    [path.join(bin, 'backstage-cli'), ['repo', 'build']],
    ...(appBuilt
      ? []
      : [
          [
            path.join(bin, 'backstage-cli'),
            ['package', 'build'],
            path.join(REPO, 'packages/app'),
          ] as [string, string[], string],
        ]),
    [process.execPath, ['scripts/prod/build-backend-bundle.mjs']],
  ];
  for (const [command, args, cwd] of steps) {
    try {
      const out = execFileSync(command, args, {
        cwd: cwd ?? REPO,
        env,
        stdio: 'pipe',
        maxBuffer: 1 << 28,
      });
      fs.appendFileSync(logFile, out);
    } catch (error: any) {
      fs.appendFileSync(logFile, `${error.stdout ?? ''}${error.stderr ?? ''}`);
      const tail = fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .slice(-20)
        .join('\n');
      throw new Error(
        `building the backend bundle failed at ${path.basename(
          command,
        )} ${args.join(' ')}:\n${tail}`,
      );
    }
  }
  return Date.now() - started;
}

// ------------------------------------------------------------------ processes

export interface Deployment {
  dir: string;
  logs: string;
  appDir: string;
  env: NodeJS.ProcessEnv;
  secrets: Record<string, string>;
  children: Map<string, ChildProcess>;
  /** AWS requests that reached moto through the proxy, by service */
  awsCalls: string[];
  proxy?: http.Server;
}

export function createDeployment(): Deployment {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-replicas-'));
  const logs = path.join(dir, 'logs');
  fs.mkdirSync(logs);
  const hex = (n: number) => crypto.randomBytes(n).toString('hex');
  const secrets = {
    BACKEND_SECRET: hex(32),
    AUTH_SESSION_SECRET: hex(32),
    POSTGRES_PASSWORD: hex(16),
    AUTH_OIDC_CLIENT_SECRET: hex(24),
    LOCAL_OIDC_PASSWORD: hex(8),
  };
  const portalUrl = `http://localhost:${PORTS.nginx}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...secrets,
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_PORT: String(PORTS.postgres),
    POSTGRES_USER: 'portal',
    CACHE_REDIS_URL: `redis://127.0.0.1:${PORTS.redis}`,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'eu-west-1',
    TECHDOCS_BUCKET: 'inbestment-techdocs',
    PORTAL_BASE_URL: portalUrl,
    AUTH_OIDC_CLIENT_ID: 'inbestment-portal',
    AUTH_OIDC_METADATA_URL: `http://127.0.0.1:${PORTS.oidc}/.well-known/openid-configuration`,
    AUTH_GITHUB_CLIENT_ID: 'not-used-locally',
    AUTH_GITHUB_CLIENT_SECRET: 'not-used-locally',
    GITHUB_ORG: 'inbestment',
  };
  return {
    dir,
    logs,
    appDir: path.join(dir, 'app'),
    env,
    secrets,
    children: new Map(),
    awsCalls: [],
  };
}

/** Starts a process in its own process group (so its children end with it), logging to logs/<name>.log. */
export function startProcess(
  d: Deployment,
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ChildProcess {
  const log = fs.openSync(path.join(d.logs, `${name}.log`), 'a');
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO,
    env: { ...d.env, ...options.env },
    stdio: ['ignore', log, log],
    detached: true,
  });
  fs.closeSync(log);
  d.children.set(name, child);
  return child;
}

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));

/** Polls `probe` until it returns true; fails after `timeoutMs` or at once when `child` exited. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  child?: ChildProcess,
  logFile?: string,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let lastError = '';
    const ready = await probe().catch(error => {
      lastError = `\nlast error: ${error.message}`;
      return false;
    });
    if (ready) return;
    const gone = child && child.exitCode !== null;
    if (gone || Date.now() > deadline) {
      const tail =
        logFile && fs.existsSync(logFile)
          ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')
          : '';
      throw new Error(
        `${what} ${
          gone ? `exited (${child!.exitCode})` : `not up within ${timeoutMs} ms`
        }${lastError}\n${tail}`,
      );
    }
    await sleep(500);
  }
}

const httpOk = async (url: string) => (await fetch(url)).ok;

/** Sends `signal` to a process group started by startProcess. */
export function signalGroup(
  child: ChildProcess | undefined,
  signal: NodeJS.Signals,
) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null)
    return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise(resolve => child.once('exit', () => resolve()));
}

// ------------------------------------------------------------------ servers

// initdb and postgres refuse to run as root: as root they run as `postgres` (like start-prod.sh).
const asPostgres = (args: string[]): [string, string[]] =>
  process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', ...args]]
    : [args[0], args.slice(1)];

export async function startPostgres(d: Deployment) {
  const data = path.join(d.dir, 'postgres');
  fs.mkdirSync(data);
  const pwfile = path.join(d.dir, 'postgres.pw');
  fs.writeFileSync(pwfile, `${d.secrets.POSTGRES_PASSWORD}\n`, { mode: 0o600 });
  if (process.getuid?.() === 0) {
    fs.chmodSync(d.dir, 0o755);
    execFileSync('chown', ['postgres', data, pwfile]);
  }
  const [initdb, initArgs] = asPostgres([
    'initdb',
    '-D',
    data,
    '-U',
    'portal',
    `--pwfile=${pwfile}`,
    '--auth-host=scram-sha-256',
    '--auth-local=peer',
    '-E',
    'UTF8',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'ignore' });
  fs.rmSync(pwfile);
  const [pgCtl, ctlArgs] = asPostgres([
    'pg_ctl',
    '-D',
    data,
    '-l',
    path.join(data, 'server.log'),
    '-w',
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${PORTS.postgres} -k ${data} -c max_connections=300 -c fsync=off`,
    'start',
  ]);
  execFileSync(pgCtl, ctlArgs, { stdio: 'ignore' });
}

export function stopPostgres(d: Deployment) {
  const data = path.join(d.dir, 'postgres');
  if (!fs.existsSync(path.join(data, 'postmaster.pid'))) return;
  const [pgCtl, args] = asPostgres([
    'pg_ctl',
    '-D',
    data,
    '-m',
    'immediate',
    '-w',
    'stop',
  ]);
  try {
    execFileSync(pgCtl, args, { stdio: 'ignore' });
  } catch {
    // not running
  }
}

export async function startRedis(d: Deployment) {
  const child = startProcess(d, 'redis', 'redis-server', [
    '--bind',
    '127.0.0.1',
    '--port',
    String(PORTS.redis),
    '--dir',
    d.dir,
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  await waitFor(
    'Redis',
    async () => redisCli('ping') === 'PONG',
    20_000,
    child,
  );
}

export function redisCli(...args: string[]): string {
  return execFileSync(
    'redis-cli',
    ['-h', '127.0.0.1', '-p', String(PORTS.redis), ...args],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).trim();
}

/** The AWS service a SigV4-signed request is for (its credential scope). */
function awsService(req: http.IncomingMessage): string {
  const auth = String(req.headers.authorization ?? '');
  return (
    /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1] ?? 'unsigned'
  );
}

/**
 * moto, seeded by scripts/prod/local-aws.ts (which also starts the Kubernetes
 * API servers of both clusters), with a counting proxy in front: the replicas
 * are pointed at the proxy, the seeding goes to moto directly.
 */
export async function startAws(d: Deployment) {
  const moto = startProcess(d, 'moto', 'python3', [
    '-m',
    'moto.server',
    '-H',
    '127.0.0.1',
    '-p',
    String(PORTS.moto),
  ]);
  const motoUrl = `http://127.0.0.1:${PORTS.moto}`;
  await waitFor(
    'moto',
    () => httpOk(`${motoUrl}/moto-api/data.json`),
    30_000,
    moto,
    path.join(d.logs, 'moto.log'),
  );

  const stateFile = path.join(d.dir, 'local-aws.json');
  const seeder = startProcess(
    d,
    'local-aws',
    process.execPath,
    [
      '--require',
      '@backstage/cli-node/config/nodeTransform.cjs',
      'scripts/prod/local-aws.ts',
    ],
    { env: { LOCAL_AWS_ENDPOINT: motoUrl, LOCAL_AWS_STATE_FILE: stateFile } },
  );
  await waitFor(
    'moto seeding (local-aws.ts)',
    async () => fs.existsSync(stateFile),
    180_000,
    seeder,
    path.join(d.logs, 'local-aws.log'),
  );
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));

  d.proxy = http.createServer((req, res) => {
    d.awsCalls.push(awsService(req));
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: PORTS.moto,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>(resolve =>
    d.proxy!.listen(PORTS.aws, '127.0.0.1', resolve),
  );
  Object.assign(d.env, {
    LOCAL_AWS_ENDPOINT: `http://127.0.0.1:${PORTS.aws}`,
    LOCAL_K8S_PROD_URL: state.kubernetesApiUrls.prod,
    LOCAL_K8S_STAGING_URL: state.kubernetesApiUrls.staging,
  });
  return { motoUrl };
}

export async function startOidcProvider(d: Deployment) {
  const child = startProcess(
    d,
    'oidc',
    process.execPath,
    ['scripts/prod/oidc-provider.mjs'],
    {
      env: {
        LOCAL_OIDC_PORT: String(PORTS.oidc),
        LOCAL_OIDC_CLIENT_ID: d.env.AUTH_OIDC_CLIENT_ID,
        LOCAL_OIDC_CLIENT_SECRET: d.secrets.AUTH_OIDC_CLIENT_SECRET,
        LOCAL_OIDC_REDIRECT_URI: `${d.env.PORTAL_BASE_URL}/api/auth/oidc/handler/frame`,
      },
    },
  );
  await waitFor(
    'the OIDC provider',
    () => httpOk(d.env.AUTH_OIDC_METADATA_URL!),
    30_000,
    child,
    path.join(d.logs, 'oidc.log'),
  );
}

/** The bundle laid out as in the image (scripts/prod/unpack-bundle.mjs), plus `extraFiles` (relative path -> content). */
export function unpackBundle(
  d: Deployment,
  extraFiles: Record<string, string> = {},
) {
  execFileSync(process.execPath, ['scripts/prod/unpack-bundle.mjs', d.appDir], {
    cwd: REPO,
    stdio: 'ignore',
  });
  for (const [file, content] of Object.entries(extraFiles)) {
    fs.mkdirSync(path.dirname(path.join(d.appDir, file)), { recursive: true });
    fs.writeFileSync(path.join(d.appDir, file), content);
  }
}

export const replicaUrl = (i: number) =>
  `http://127.0.0.1:${PORTS.replicas[i]}`;
export const replicaName = (i: number) => `backend-${i + 1}`;

/** Replica i: the start command of packages/backend/Dockerfile and scripts/start-prod.sh, from the unpacked bundle. */
/**
 * Every AWS read cached for an hour: on a loaded machine a test's reads take
 * minutes, and the calls a second read asks must be those a shared cache
 * misses, not those of a TTL that ran out meanwhile.
 */
const LONG_AWS_CACHE = Object.fromEntries(
  [
    'awsOps_cache_liveTtlSeconds',
    'awsOps_cache_lookupTtlSeconds',
    'awsOps_cloudwatch_metricDataTtlSeconds',
    'awsOps_eks_clusterTtlSeconds',
    'awsOps_eks_updatesTtlSeconds',
    'awsOps_waf_metricsTtlSeconds',
    'awsOps_waf_recent_refreshSeconds',
    'accessAudit_cache_secretsTtlSeconds',
    'accessAudit_cache_resourcePolicyTtlSeconds',
  ].map(key => [`APP_CONFIG_${key}`, '3600']),
);

/**
 * The scorecards' fact retrievers read AWS on their own schedule (15 s after a
 * start, then every few minutes): moved out of the tests' reads, whose AWS
 * calls they count, by an initial delay of two hours and a yearly cadence.
 */
const RETRIEVERS_AFTER_THE_TEST = Object.fromEntries(
  Object.keys(
    parse(fs.readFileSync(path.join(REPO, 'app-config.yaml'), 'utf8'))
      .techInsights.factRetrievers,
  ).flatMap(id => [
    [`APP_CONFIG_techInsights_factRetrievers_${id}_initialDelay_hours`, '2'],
    [`APP_CONFIG_techInsights_factRetrievers_${id}_cadence`, '0 0 1 1 *'],
  ]),
);

export function startReplica(d: Deployment, i: number): ChildProcess {
  return startProcess(
    d,
    replicaName(i),
    process.execPath,
    [
      '--no-node-snapshot',
      '--max-old-space-size=1024',
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
      '--config',
      'app-config.local-production.yaml',
    ],
    {
      cwd: d.appDir,
      env: {
        NODE_ENV: 'production',
        PORTAL_LISTEN_PORT: String(PORTS.replicas[i]),
        ...LONG_AWS_CACHE,
        ...RETRIEVERS_AFTER_THE_TEST,
      },
    },
  );
}

export async function waitForReplica(
  d: Deployment,
  i: number,
  timeoutMs = 240_000,
) {
  await waitFor(
    `backend replica ${i + 1}`,
    () => httpOk(`${replicaUrl(i)}/.backstage/health/v1/readiness`),
    timeoutMs,
    d.children.get(replicaName(i)),
    path.join(d.logs, `${replicaName(i)}.log`),
  );
}

/** nginx in front of the replicas, from start:prod's template. */
export async function startNginx(d: Deployment) {
  const nginxDir = path.join(d.dir, 'nginx');
  fs.mkdirSync(path.join(nginxDir, 'tmp'), { recursive: true });
  const root = process.getuid?.() === 0;
  if (root)
    execFileSync('chown', ['-R', 'nobody:nogroup', path.join(nginxDir, 'tmp')]);
  const servers = PORTS.replicas
    .map(port => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=10s;\n`)
    .join('');
  const conf = fs
    .readFileSync(path.join(REPO, 'scripts/prod/nginx.conf.template'), 'utf8')
    .replace('@USER_DIRECTIVE@', root ? 'user nobody nogroup;' : '')
    .replace(/@NGINX_DIR@/g, nginxDir)
    .replace(/@LOG_DIR@/g, d.logs)
    .replace(/@PORTAL_PORT@/g, String(PORTS.nginx))
    .replace(/^.*@UPSTREAM_SERVERS@.*\n/m, servers);
  fs.writeFileSync(path.join(nginxDir, 'nginx.conf'), conf);
  const child = startProcess(d, 'nginx', 'nginx', [
    '-p',
    nginxDir,
    '-c',
    path.join(nginxDir, 'nginx.conf'),
    '-g',
    'daemon off;',
  ]);
  await waitFor(
    'nginx',
    () => httpOk(`${d.env.PORTAL_BASE_URL}/.backstage/health/v1/readiness`),
    30_000,
    child,
    path.join(d.logs, 'nginx.log'),
  );
}

/** Stops everything, newest first; safe to call after any failure. */
export async function stopAll(d: Deployment) {
  // the replicas and nginx first, so no replica loses Redis or PostgreSQL while it stops
  const named = [...d.children.entries()].reverse();
  for (const group of [
    named.filter(([name]) => name.startsWith('backend-') || name === 'nginx'),
    named.filter(([name]) => !name.startsWith('backend-') && name !== 'nginx'),
  ]) {
    const children = group.map(([, child]) => child);
    for (const child of children) signalGroup(child, 'SIGTERM');
    await Promise.race([Promise.all(children.map(exited)), sleep(20_000)]);
    for (const child of children) signalGroup(child, 'SIGKILL');
    await Promise.race([Promise.all(children.map(exited)), sleep(5_000)]);
  }
  await new Promise(resolve =>
    d.proxy ? d.proxy.close(resolve) : resolve(undefined),
  );
  stopPostgres(d);
  if (!process.env.KEEP_REPLICA_TEST_DIR)
    fs.rmSync(d.dir, { recursive: true, force: true });
}

// ------------------------------------------------------------------ sign-in

/**
 * A catalog user signs in the way the portal's popup does (as scripts/prod/smoke.mjs
 * does it): /api/auth/oidc/start through nginx, the provider's login form,
 * the callback to /handler/frame, then /refresh hands out the Backstage token.
 */
export async function signIn(d: Deployment, user: string): Promise<string> {
  const jar = new Map<string, Map<string, string>>();
  const send = async (url: string, init: RequestInit = {}) => {
    const host = new URL(url).host;
    const cookies = jar.get(host) ?? new Map<string, string>();
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as any),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header))
        cookies.delete(name);
      else cookies.set(name, value);
    }
    jar.set(host, cookies);
    return response;
  };
  const follow = async (start: string, init?: RequestInit) => {
    let url = start;
    let response = await send(url, init);
    for (
      let hops = 0;
      response.status >= 300 && response.status < 400;
      hops++
    ) {
      if (hops > 10) throw new Error(`too many redirects from ${start}`);
      url = new URL(response.headers.get('location')!, url).toString();
      response = await send(url);
    }
    return { url, response };
  };
  const portal = d.env.PORTAL_BASE_URL!;
  const { url: loginUrl, response: form } = await follow(
    `${portal}/api/auth/oidc/start?env=production&scope=${encodeURIComponent(
      'openid profile email',
    )}`,
  );
  const action = /<form method="post" action="([^"]+)"/.exec(
    await form.text(),
  )?.[1];
  if (!action) throw new Error(`no login form at ${loginUrl} (${form.status})`);
  const { url: handlerUrl, response: frame } = await follow(
    new URL(action, loginUrl).toString(),
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        login: user,
        password: d.secrets.LOCAL_OIDC_PASSWORD,
      }).toString(),
    },
  );
  if (!handlerUrl.startsWith(`${portal}/api/auth/oidc/handler/frame`)) {
    throw new Error(`sign-in ended at ${handlerUrl}`);
  }
  // the popup's message to the app: an error when, e.g., the catalog does not know the user yet
  const payload = /decodeURIComponent\('([^']+)'\)/.exec(
    await frame.text(),
  )?.[1];
  const message = payload ? JSON.parse(decodeURIComponent(payload)) : undefined;
  if (message?.type !== 'authorization_response' || message.error) {
    throw new Error(
      `sign-in handler: ${JSON.stringify(message?.error ?? message).slice(
        0,
        300,
      )}`,
    );
  }
  const refresh = await send(`${portal}/api/auth/oidc/refresh?env=production`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  const body = await refresh.json();
  const token = body.backstageIdentity?.token;
  if (refresh.status !== 200 || !token) {
    throw new Error(
      `refresh answered ${refresh.status}: ${JSON.stringify(body).slice(
        0,
        300,
      )}`,
    );
  }
  return token;
}
