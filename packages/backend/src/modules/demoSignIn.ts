import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthenticationError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthProviderFactory,
  AuthProviderRouteHandlers,
  authProvidersExtensionPoint,
  AuthResolverContext,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  SignInResolver,
} from '@backstage/plugin-auth-node';
import { isDirectLoopbackRequest, isLoopbackHost } from '../http/loopback';

/** Header the local sign-in page sets to pick a demo user (`demo` provider). */
export const DEMO_USER_HEADER = 'x-inbestment-demo-user';

/**
 * Signs in as the catalog user, or fails with a clear message: unlike Backstage's own guest
 * provider it never falls back to a token without groups, which would silently leave the
 * user with no team and no role (what happens when the catalog has not ingested org.yaml yet).
 */
async function signInAsCatalogUser(
  userEntityRef: string,
  ctx: AuthResolverContext,
) {
  try {
    return await ctx.signInWithCatalogUser({ entityRef: userEntityRef });
  } catch (error) {
    throw new NotFoundError(
      `${userEntityRef} is not in the catalog (yet?): the catalog may still be ingesting catalog/org.yaml; try again in a minute`,
      error,
    );
  }
}

type RouteHandler = AuthProviderRouteHandlers['start'];
type Request = Parameters<RouteHandler>[0];

/**
 * Guest and demo sign-in hand out tokens without a password, so they answer only the portal's own
 * sign-in page on this machine: in development, over a direct loopback connection, addressed to a
 * loopback Host (a DNS-rebinding page names its own host) and sent by script (X-Requested-With,
 * which a cross-site form or link cannot set).
 */
function assertLocalSignInPage(req: Request) {
  if (process.env.NODE_ENV !== 'development') {
    throw new NotAllowedError(
      'Guest and demo sign-in exist only in the local development portal',
    );
  }
  if (!isDirectLoopbackRequest(req)) {
    throw new NotAllowedError(
      'Guest and demo sign-in accept only direct connections from this machine',
    );
  }
  if (!isLoopbackHost(req.headers.host)) {
    throw new NotAllowedError(
      'Guest and demo sign-in answer only requests addressed to localhost, 127.0.0.1 or [::1]',
    );
  }
  if (req.header('x-requested-with') !== 'XMLHttpRequest') {
    throw new AuthenticationError(
      'Guest and demo sign-in need the header X-Requested-With: XMLHttpRequest (the sign-in page sends it)',
    );
  }
}

/** Every route of a local provider (start, frame handler, refresh, logout) checks the request first. */
function localSignInPageOnly(
  factory: AuthProviderFactory,
): AuthProviderFactory {
  return options => {
    const handlers = factory(options);
    const guard =
      (handler: RouteHandler): RouteHandler =>
      async (req, res) => {
        assertLocalSignInPage(req);
        await handler(req, res);
      };
    return {
      start: guard(handlers.start),
      frameHandler: guard(handlers.frameHandler),
      refresh: handlers.refresh && guard(handlers.refresh),
      logout: handlers.logout && guard(handlers.logout),
    };
  };
}

const localAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize: () => undefined,
  async authenticate({ req }) {
    return { result: { demoUser: req.header(DEMO_USER_HEADER) } };
  },
});

type LocalResult = { demoUser?: string };

function guestResolver(config: Config): SignInResolver<LocalResult> {
  const userEntityRef = config.getString('userEntityRef');
  return async (_info, ctx) => signInAsCatalogUser(userEntityRef, ctx);
}

/** Signs in as one of `auth.providers.demo.users`, chosen by the sign-in page's header. */
function demoResolver(config: Config): SignInResolver<LocalResult> {
  const allowed = new Set(
    config.getConfigArray('users').map(user => user.getString('userEntityRef')),
  );
  return async ({ result }, ctx) => {
    if (!result.demoUser || !allowed.has(result.demoUser)) {
      throw new NotAllowedError(
        `Not a demo user: ${result.demoUser ?? '(none)'}; pick one of ${[
          ...allowed,
        ].join(', ')}`,
      );
    }
    return signInAsCatalogUser(result.demoUser, ctx);
  };
}

/**
 * Guest sign-in (one catalog user) and demo sign-in (one catalog user per role) for the local
 * portal. Each provider exists only when configured under auth.providers, never when
 * auth.environment or NODE_ENV is production, and answers only the local sign-in page
 * (see assertLocalSignInPage).
 */
export const authModuleLocalSignIn = createBackendModule({
  pluginId: 'auth',
  moduleId: 'inbestment-local-sign-in',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        const production =
          config.getOptionalString('auth.environment') === 'production' ||
          process.env.NODE_ENV === 'production';
        const local = [
          { providerId: 'guest', resolver: guestResolver },
          { providerId: 'demo', resolver: demoResolver },
        ];
        for (const { providerId, resolver } of local) {
          const providerConfig = config.getOptionalConfig(
            `auth.providers.${providerId}`,
          );
          if (!providerConfig) continue;
          if (production) {
            logger.warn(
              `auth.providers.${providerId} is ignored: local sign-in is never enabled in production`,
            );
            continue;
          }
          providers.registerProvider({
            providerId,
            factory: localSignInPageOnly(
              createProxyAuthProviderFactory({
                authenticator: localAuthenticator,
                signInResolver: resolver(providerConfig),
              }),
            ),
          });
        }
      },
    });
  },
});
