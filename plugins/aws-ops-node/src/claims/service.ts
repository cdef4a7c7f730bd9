import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  AwsOpsClaimsService,
  ClaimsGate,
  ClaimsIndexCache,
  loadClaimsIndex,
} from './gate';
import { TrustedOrigins } from './trust';

/** How long the index of every component's claims is reused. */
const INDEX_TTL_MS = 30_000;

/**
 * The binding rule between entities and AWS resources, for routes and
 * catalog processors. Plugin-scoped because it reads the catalog with the
 * plugin's own service credentials; every plugin of the backend shares one
 * cached index.
 */
export const awsOpsClaimsServiceRef = createServiceRef<AwsOpsClaimsService>({
  id: 'aws-ops.claims',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        rootConfig: coreServices.rootConfig,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      createRootContext({ rootConfig }) {
        return {
          trust: TrustedOrigins.fromConfig(rootConfig),
          cache: new ClaimsIndexCache(INDEX_TTL_MS),
        };
      },
      factory({ auth, catalog }, { trust, cache }) {
        return new ClaimsGate({
          trust,
          index: () =>
            cache.get(() => loadClaimsIndex({ catalog, auth, trust })),
        });
      },
    }),
});
