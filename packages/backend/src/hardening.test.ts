import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { parse } from 'yaml';
import { ConfigReader } from '@backstage/config';
import {
  MiddlewareFactory,
  readHelmetOptions,
} from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';

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

  it('never throttles loopback callers (browser tests, benches)', async () => {
    const app = rateLimitedApp(rateLimit);
    const statuses = new Set<number>();
    for (let i = 0; i <= rateLimit.incomingRequestLimit; i++) {
      statuses.add((await request(app).get('/ping')).status);
    }
    expect([...statuses]).toEqual([200]);
  }, 60_000);

  it('limits sign-in more tightly than the rest of the backend', () => {
    expect(rateLimit.plugin.auth.incomingRequestLimit).toBeLessThan(
      rateLimit.incomingRequestLimit,
    );
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

  it('production: connections only to the portal, never framed', () => {
    const csp = directives({ ...local.backend, ...production.backend });
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
  });
});
