import fs from 'node:fs';
import http from 'node:http';
import net, { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { parse } from 'yaml';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  MiddlewareFactory,
  readHelmetOptions,
} from '@backstage/backend-defaults/rootHttpRouter';
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { httpGet, networkAddress } from './__testUtils__/network';
import { rootHttpRouterWithEdgeRules } from './http/rootHttpRouter';

const readYaml = (file: string) =>
  parse(fs.readFileSync(path.resolve(__dirname, '../../..', file), 'utf8'));
const local = readYaml('app-config.yaml');
const production = readYaml('app-config.production.yaml');

/** An app behind the backend's own rate limiter, configured as app-config.yaml says. */
function rateLimitedApp(rateLimit: object) {
  const config = new ConfigReader({ backend: { rateLimit } });
  const middleware = MiddlewareFactory.create({
    config,
    logger: mockServices.logger.mock(),
  });
  const app = express();
  app.use(middleware.rateLimit());
  app.get('/ping', (_req, res) => {
    res.send('pong');
  });
  return app;
}

describe('rate limiting (backend.rateLimit of app-config.yaml)', () => {
  const { rateLimit } = local.backend;

  it('answers 429 once a client exceeds the configured limit', async () => {
    // the test client is on loopback, which the config exempts: drop the exemption
    const app = rateLimitedApp({ ...rateLimit, ipAllowList: [] });
    const limit: number = rateLimit.incomingRequestLimit;
    expect(limit).toBeGreaterThan(0);
    for (let i = 0; i < limit; i++) {
      const res = await request(app).get('/ping');
      if (res.status !== 200) throw new Error(`request ${i} got ${res.status}`);
    }
    const over = await request(app).get('/ping');
    expect(over.status).toBe(429);
    expect(over.body.error.message).toBe(
      'Too many requests, please try again later',
    );
  }, 60_000);

  it('limits sign-in more tightly than the rest of the backend', () => {
    expect(rateLimit.plugin.auth.incomingRequestLimit).toBeLessThan(
      rateLimit.incomingRequestLimit,
    );
  });
});

/** A plugin whose one route answers with the client address the backend saw. */
const whoAmI = createBackendPlugin({
  pluginId: 'whoami',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        httpRouter.use((req, res) => {
          res.send(req.socket.remoteAddress);
        });
      },
    });
  },
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '::', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

const backends: ReturnType<typeof createBackend>[] = [];
afterAll(() => Promise.all(backends.map(backend => backend.stop())));

/**
 * A backend with the portal's root router (Backstage's test backend replaces the root router),
 * listening dual-stack as production does (`listen: ':7007'`).
 */
async function startBackend(backendConfig: object): Promise<number> {
  const port = await freePort();
  const backend = createBackend();
  backend.add(rootHttpRouterWithEdgeRules);
  backend.add(mockServices.rootLogger.factory());
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        app: { baseUrl: 'http://localhost:3000' },
        backend: {
          baseUrl: `http://localhost:${port}`,
          listen: { host: '::', port },
          ...backendConfig,
        },
      },
    }),
  );
  backend.add(whoAmI);
  backends.push(backend);
  await backend.start();
  return port;
}

/** Sends `count` requests from `host`; the statuses seen and the address the backend saw. */
async function burst(
  port: number,
  host: string,
  count: number,
  headers: Record<string, string> = {},
) {
  const agent = new http.Agent({ keepAlive: true });
  const url = `http://${
    host.includes(':') ? `[${host}]` : host
  }:${port}/api/whoami`;
  const responses = [];
  for (let i = 0; i < count; i++) {
    responses.push(await httpGet(url, { headers, agent }));
  }
  agent.destroy();
  return {
    statuses: [...new Set(responses.map(r => r.status))].sort(),
    seenAs: responses.find(r => r.status === 200)?.body,
  };
}

describe('rate limiting in the backend root router: loopback exempt, nothing else', () => {
  const over = local.backend.rateLimit.incomingRequestLimit + 1;

  describe('embedded default (app-config.yaml)', () => {
    let port: number;
    beforeAll(async () => {
      port = await startBackend({ rateLimit: local.backend.rateLimit });
    }, 60_000);

    it('never throttles an IPv4 loopback client, seen as ::ffff:127.0.0.1 on a dual-stack listener', async () => {
      expect(await burst(port, '127.0.0.1', over)).toEqual({
        statuses: [200],
        seenAs: '::ffff:127.0.0.1',
      });
    }, 60_000);

    it('never throttles an IPv6 loopback client', async () => {
      expect(await burst(port, '::1', over)).toEqual({
        statuses: [200],
        seenAs: '::1',
      });
    }, 60_000);

    it('throttles a client on the network', async () => {
      const { statuses } = await burst(port, networkAddress(), over);
      expect(statuses).toEqual([200, 429]);
    }, 60_000);
  });

  describe('production (trustProxy: client addresses from X-Forwarded-For)', () => {
    let port: number;
    const { trustProxy } = production.backend;
    // The counts in memory here; the Redis store across replicas is checked by replicas.test.ts.
    const { store: _redisStore, ...rateLimit } = production.backend.rateLimit;
    beforeAll(async () => {
      port = await startBackend({
        rateLimit: { ...local.backend.rateLimit, ...rateLimit },
        trustProxy,
      });
    }, 60_000);

    it('trusts one proxy (the load balancer)', () => {
      expect(trustProxy).toBe(1);
    });

    it("exempts the backend's own direct loopback calls", async () => {
      expect((await burst(port, '127.0.0.1', over)).statuses).toEqual([200]);
    }, 60_000);

    it('does not exempt a client that claims to be loopback in X-Forwarded-For', async () => {
      const { statuses } = await burst(port, networkAddress(), over, {
        'X-Forwarded-For': '127.0.0.1',
      });
      expect(statuses).toEqual([200, 429]);
    }, 60_000);

    it('does not exempt requests a proxy on loopback forwards for someone else', async () => {
      const { statuses } = await burst(port, '::1', over, {
        'X-Forwarded-For': '203.0.113.7',
      });
      expect(statuses).toEqual([200, 429]);
    }, 60_000);
  });
});

describe('content security policy', () => {
  const directives = (backend: object) =>
    (readHelmetOptions(new ConfigReader(backend)).contentSecurityPolicy as any)
      .directives as Record<string, string[]>;

  it.each([
    ['local', local.backend],
    ['production', { ...local.backend, ...production.backend }],
  ])(
    '%s: scripts only from the portal itself, no inline scripts',
    (_, backend) => {
      const csp = directives(backend);
      expect(csp['script-src']).toEqual(["'self'", "'unsafe-eval'"]);
      expect(csp['script-src-attr']).toEqual(["'none'"]);
      expect(csp['object-src']).toEqual(["'none'"]);
    },
  );

  it('production: CORS answers the portal only, never a wildcard', async () => {
    const portal = 'https://portal.inbestment.shop';
    const config = new ConfigReader({
      backend: {
        cors: {
          ...local.backend.cors,
          ...production.backend.cors,
          origin: production.backend.cors.origin.replace(
            '${PORTAL_BASE_URL}',
            portal,
          ),
        },
      },
    });
    const app = express();
    app.use(
      MiddlewareFactory.create({
        config,
        logger: mockServices.logger.mock(),
      }).cors(),
    );
    app.get('/', (_req, res) => {
      res.send('ok');
    });
    const allowOrigin = async (origin: string) =>
      (await request(app).get('/').set('Origin', origin)).headers[
        'access-control-allow-origin'
      ];
    expect(await allowOrigin(portal)).toBe(portal);
    expect(await allowOrigin('http://evil.example')).toBeUndefined();
  });

  it('production: connections only to the portal, never framed', () => {
    const csp = directives({ ...local.backend, ...production.backend });
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
  });
});
