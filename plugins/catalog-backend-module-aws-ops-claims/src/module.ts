import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { awsOpsClaimsServiceRef } from '@internal/backstage-plugin-aws-ops-node';
import { AwsOpsClaimsProcessor } from './AwsOpsClaimsProcessor';

/** Adds the `AwsOpsClaimsProcessor` to the catalog. */
export const catalogModuleAwsOpsClaims = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'aws-ops-claims',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        claims: awsOpsClaimsServiceRef,
        logger: coreServices.logger,
      },
      async init({ catalog, claims, logger }) {
        catalog.addProcessor(new AwsOpsClaimsProcessor({ claims, logger }));
      },
    });
  },
});
