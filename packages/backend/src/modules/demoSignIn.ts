import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  AuthResolverContext,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  SignInResolver,
} from '@backstage/plugin-auth-node';

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

/** Local-only providers: refuse outside `backstage-cli repo start` (NODE_ENV development). */
const localOnlyAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize: () => undefined,
  async authenticate({ req }) {
    if (process.env.NODE_ENV !== 'development') {
      throw new NotAllowedError(
        'Guest and demo sign-in exist only in the local development portal',
      );
    }
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
 * auth.environment or NODE_ENV is production, and refuses requests outside development.
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
            factory: createProxyAuthProviderFactory({
              authenticator: localOnlyAuthenticator,
              signInResolver: resolver(providerConfig),
            }),
          });
        }
      },
    });
  },
});
