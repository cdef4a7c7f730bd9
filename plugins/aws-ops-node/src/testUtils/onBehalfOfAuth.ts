import {
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

/**
 * Mock auth whose on-behalf-of tokens carry the calling plugin as actor, as
 * real auth does: the permission backend tells a plugin asking for a user
 * (allowed to omit resourceRef, e.g. for a conditional decision) from the user
 * asking directly (not allowed). `mockAuth` is `mockServices.auth` of
 * @backstage/backend-test-utils (a dev dependency of the callers), which sets
 * no actor.
 */
export const authWithOnBehalfOfActors = (
  mockAuth: (options: { pluginId: string }) => AuthService,
) =>
  createServiceFactory({
    service: coreServices.auth,
    deps: { plugin: coreServices.pluginMetadata },
    factory({ plugin }) {
      const auth = mockAuth({ pluginId: plugin.getId() });
      return Object.assign(Object.create(auth), {
        async authenticate(
          token: string,
          options?: { allowLimitedAccess?: boolean },
        ) {
          const credentials = await auth.authenticate(token, options);
          if (
            token.startsWith('mock-service-token:') &&
            auth.isPrincipal(credentials, 'user')
          ) {
            const { sub } = JSON.parse(
              token.slice('mock-service-token:'.length),
            );
            return {
              ...credentials,
              principal: { ...credentials.principal, actor: { subject: sub } },
            };
          }
          return credentials;
        },
      });
    },
  });
