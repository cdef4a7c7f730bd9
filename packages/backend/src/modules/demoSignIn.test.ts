import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import authPlugin from '@backstage/plugin-auth-backend';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
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

async function start(auth: object = localAuth) {
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
