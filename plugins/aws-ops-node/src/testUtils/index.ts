import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  CacheService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { ClaimsGate, GrantedClaims, TrustedOrigins } from '../claims';

/** A moto server running on loopback for one test file. */
export interface MotoServer {
  /** Base URL, to use as `awsOps.endpoint`. */
  endpoint: string;
  /** Forgets every resource created so far. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export async function getFreePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * The moto server the tests run: `python3 -m moto.server` with CloudWatch
 * DescribeAlarmHistory added (moto 5.2.1 has none), answered from the state
 * history moto records on SetAlarmState. See moto_server.py next to this file.
 */
export const MOTO_SERVER_SCRIPT = resolvePackagePath(
  '@internal/backstage-plugin-aws-ops-node',
  'src/testUtils/moto_server.py',
);

/**
 * Starts moto's server (MOTO_SERVER_SCRIPT: moto with DescribeAlarmHistory)
 * on a free loopback port and waits until it answers. Credentials for it:
 * any static keys (moto's account is 123456789012).
 */
export async function startMotoServer(
  options: { timeoutMs?: number } = {},
): Promise<MotoServer> {
  const port = await getFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(
    'python3',
    [MOTO_SERVER_SCRIPT, '-H', '127.0.0.1', '-p', String(port)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = once(child, 'exit');

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`moto server exited early: ${stderr}`);
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto server did not start on ${endpoint}: ${stderr}`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }

  return {
    endpoint,
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

export * from './faultProxy';
export * from './listen';
export * from './onBehalfOfAuth';
export * from './storeComponents';

/** `inbestment.catalogFiles` for tests: the files `fromStoreFiles` entities come from. */
export const STORE_CATALOG_FILES = ['/store/*/catalog-info.yaml'];

/**
 * The entity as the catalog emits it from the store's reviewed file
 * `/store/<name>/catalog-info.yaml` (see `STORE_CATALOG_FILES`).
 */
export function fromStoreFiles(entity: Entity): Entity {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        [ANNOTATION_ORIGIN_LOCATION]: `file:/store/${entity.metadata.name}/catalog-info.yaml`,
      },
    },
  };
}

/**
 * The claims of `entity` as if it came from the store's reviewed catalog
 * files, granted by the real gate: for tests of the AWS services themselves.
 */
export async function grantAsStoreEntity(
  entity: Entity,
): Promise<GrantedClaims> {
  const gate = new ClaimsGate({
    trust: new TrustedOrigins(STORE_CATALOG_FILES, '/'),
    index: () => Promise.reject(new Error('a store entity needs no index')),
  });
  return gate.grant(fromStoreFiles(entity));
}

/** An in-memory CacheService, as `backend.cache` without a store configures, for `createAwsOpsService` in tests. */
export function memoryCacheService(): CacheService {
  return CacheManager.fromConfig(new ConfigReader({})).forPlugin('test');
}

/**
 * Runs the test file's clock at `minute` of the demo scenario's hourly cycle
 * (the latest such time before now) and lets it tick on in real time, so an
 * assertion on the scenario's story does not depend on when the suite runs.
 * Only `Date` is faked: timers, sockets and the database stay real. Undo with
 * `jest.useRealTimers()`.
 */
export function runDemoClockFromMinute(minute: number) {
  const hour = 3_600_000;
  const now = Date.now();
  let start = now - (now % hour) + minute * 60_000;
  if (start > now) start -= hour;
  jest.useFakeTimers({
    now: start,
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
