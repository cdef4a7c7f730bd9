import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import authPlugin from '@backstage/plugin-auth-backend';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { httpGet, networkAddress } from '../__testUtils__/network';
import { authModuleLocalSignIn, DEMO_USER_HEADER } from './demoSignIn';

const user = (name: string, memberOf: string[]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf },
  relations: memberOf.map(group => ({
    type: 'memberOf',
    targetRef: `group:default/${group}`,
  })),
});

const localAuth = {
  environment: 'development',
  providers: {
    guest: { userEntityRef: 'user:default/demo-developer' },
    demo: {
      users: [
        { role: 'Team lead', userEntityRef: 'user:default/demo-lead' },
        { role: 'Auditor', userEntityRef: 'user:default/demo-auditor' },
      ],
    },
  },
};

async function startBackend(auth: object = localAuth) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      authModuleLocalSignIn,
      catalogServiceMock.factory({
        entities: [
          user('demo-developer', ['team-commerce']),
          user('demo-lead', ['team-commerce', 'team-leads']),
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
          auth,
        },
      }),
    ],
  });
  return server;
}

async function start(auth: object = localAuth) {
  const server = await startBackend(auth);
  return (provider: string, demoUser?: string) => {
    const req = request(server)
      .get(`/api/auth/${provider}/refresh?env=development`)
      .set('x-requested-with', 'XMLHttpRequest');
    return demoUser ? req.set(DEMO_USER_HEADER, demoUser) : req;
  };
}

// generous: the test machine's two cores are shared with running portals
jest.setTimeout(30_000);

describe('local guest and demo sign-in', () => {
  const nodeEnv = process.env.NODE_ENV;
  beforeEach(() => {
    process.env.NODE_ENV = 'development';
  });
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('signs the guest in as its catalog user, with the groups the catalog knows', async () => {
    const res = await (await start())('guest');
    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.identity).toMatchObject({
      userEntityRef: 'user:default/demo-developer',
      ownershipEntityRefs: [
        'user:default/demo-developer',
        'group:default/team-commerce',
      ],
    });
  });

  it('signs in as the demo user the page picks, only from the configured list', async () => {
    const refresh = await start();
    const lead = await refresh('demo', 'user:default/demo-lead');
    expect(lead.status).toBe(200);
    expect(lead.body.backstageIdentity.identity.ownershipEntityRefs).toContain(
      'group:default/team-leads',
    );

    const admin = await refresh('demo', 'user:default/demo-admin');
    expect(admin.status).toBe(403);
    expect(admin.body.error.message).toContain('Not a demo user');
    expect((await refresh('demo')).status).toBe(403);
  });

  it('fails clearly, instead of signing in without groups, when the catalog lacks the user', async () => {
    const res = await (await start())('demo', 'user:default/demo-auditor');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(
      'user:default/demo-auditor is not in the catalog',
    );
    expect(res.body).not.toHaveProperty('backstageIdentity');
  });

  it('refuses outside development', async () => {
    const refresh = await start();
    process.env.NODE_ENV = 'production';
    const res = await refresh('guest');
    expect(res.status).toBe(403);
    expect(res.body).not.toHaveProperty('backstageIdentity');
  });

  it('does not exist when auth.environment is production or the provider is not configured', async () => {
    const refresh = await start({
      ...localAuth,
      environment: 'production',
    });
    expect((await refresh('guest')).status).toBe(404);
    expect((await refresh('demo', 'user:default/demo-lead')).status).toBe(404);

    const unconfigured = await start({
      environment: 'development',
      providers: { guest: localAuth.providers.guest },
    });
    expect((await unconfigured('demo', 'user:default/demo-lead')).status).toBe(
      404,
    );
  });
});

describe('local sign-in answers only the sign-in page on this machine', () => {
  const nodeEnv = process.env.NODE_ENV;
  let port: number;
  beforeAll(async () => {
    process.env.NODE_ENV = 'development';
    port = ((await startBackend()).address() as AddressInfo).port;
  });
  afterAll(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  const pageHeaders = {
    'x-requested-with': 'XMLHttpRequest',
    [DEMO_USER_HEADER]: 'user:default/demo-lead',
  };
  const onLoopback = (route: string) => `http://127.0.0.1:${port}${route}`;

  const localRoutes = ['guest', 'demo'].flatMap(provider =>
    ['refresh', 'start', 'handler/frame'].map(
      route => `/api/auth/${provider}/${route}?env=development`,
    ),
  );

  /** What every route of both local providers answers when asked as `ask` says. */
  async function answers(
    ask: (route: string) => { url: string; headers: Record<string, string> },
  ) {
    const results = [];
    for (const route of localRoutes) {
      const { url, headers } = ask(route);
      const res = await httpGet(url, { headers });
      const body = JSON.parse(res.body);
      results.push({
        status: res.status,
        message: body.error?.message,
        token: body.backstageIdentity,
      });
    }
    return results;
  }

  /** The same refusal, without a token, from every local route. */
  const everyRoute = (refusal: { status: number; message: string }) =>
    localRoutes.map(() => ({ ...refusal, token: undefined }));

  const notDirect = {
    status: 403,
    message:
      'Guest and demo sign-in accept only direct connections from this machine',
  };

  it('refuses a client on the network, even naming localhost', async () => {
    expect(
      await answers(route => ({
        url: `http://${networkAddress()}:${port}${route}`,
        headers: { ...pageHeaders, host: 'localhost' },
      })),
    ).toEqual(everyRoute(notDirect));
  });

  it.each(['x-forwarded-for', 'forwarded', 'x-real-ip'])(
    'refuses a request a proxy forwarded (%s)',
    async header => {
      expect(
        await answers(route => ({
          url: onLoopback(route),
          headers: { ...pageHeaders, [header]: '127.0.0.1' },
        })),
      ).toEqual(everyRoute(notDirect));
    },
  );

  it.each([
    'evil.example',
    'evil.example:7007',
    'localhost.evil.example',
    'evil@localhost:7007',
    '127.0.0.2',
  ])('refuses a request addressed to %s (DNS rebinding)', async host => {
    expect(
      await answers(route => ({
        url: onLoopback(route),
        headers: { ...pageHeaders, host },
      })),
    ).toEqual(
      everyRoute({
        status: 403,
        message:
          'Guest and demo sign-in answer only requests addressed to localhost, 127.0.0.1 or [::1]',
      }),
    );
  });

  it('refuses a request without X-Requested-With', async () => {
    expect(
      await answers(route => ({
        url: onLoopback(route),
        headers: { [DEMO_USER_HEADER]: 'user:default/demo-lead' },
      })),
    ).toEqual(
      everyRoute({
        status: 401,
        message:
          'Guest and demo sign-in need the header X-Requested-With: XMLHttpRequest (the sign-in page sends it)',
      }),
    );
  });

  it('signs in the page on loopback under each loopback name', async () => {
    for (const host of [
      'localhost',
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      '[::1]:3000',
    ]) {
      const res = await httpGet(
        onLoopback('/api/auth/demo/refresh?env=development'),
        { headers: { ...pageHeaders, host } },
      );
      expect(res.status).toBe(200);
      expect(
        JSON.parse(res.body).backstageIdentity.identity.userEntityRef,
      ).toBe('user:default/demo-lead');
    }
  });
});

describe('production config', () => {
  it('removes guest and demo sign-in and maps OIDC and GitHub users to catalog users only', () => {
    const production = parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../../app-config.production.yaml'),
        'utf8',
      ),
    );
    const { providers } = production.auth;
    expect(production.auth.environment).toBe('production');
    expect(providers.guest).toBeNull();
    expect(providers.demo).toBeNull();
    expect(providers.oidc.production.signIn.resolvers).toEqual([
      {
        resolver: 'emailMatchingUserEntityProfileEmail',
        dangerouslyAllowSignInWithoutUserInCatalog: false,
      },
    ]);
    expect(providers.github.production.signIn.resolvers).toEqual([
      {
        resolver: 'usernameMatchingUserEntityName',
        dangerouslyAllowSignInWithoutUserInCatalog: false,
      },
    ]);
  });
});
