import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { accessAuditPermissions } from '@internal/backstage-plugin-access-audit-common';
import {
  awsOpsClaimsServiceRef,
  awsOpsServiceRef,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  loadDemoStoreServices,
} from '@internal/backstage-plugin-aws-ops-demo';
import { readAccessAuditConfig } from './config';
import { AwsAccessAuditProvider } from './providers/AwsAccessAuditProvider';
import { DemoAccessAuditProvider } from './providers/DemoAccessAuditProvider';
import { createRouter } from './router';
import { AccessAuditService } from './service/AccessAuditService';

/**
 * Secrets Manager metadata, IAM access and findings per component and store
 * wide: `GET /api/access-audit/entities/:kind/:namespace/:name/secrets` and
 * `GET /api/access-audit/findings`. Never reads secret values.
 */
export const accessAuditPlugin = createBackendPlugin({
  pluginId: 'access-audit',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        awsOps: awsOpsServiceRef,
        claims: awsOpsClaimsServiceRef,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        awsOps,
        claims,
      }) {
        permissionsRegistry.addPermissions(accessAuditPermissions);
        const provider =
          awsOps.config.source === 'demo'
            ? new DemoAccessAuditProvider({
                services: await loadDemoStoreServices(
                  awsOps.config.demo.storeServicesDir,
                  logger,
                  'access audit',
                ),
                seed: awsOps.config.demo.seed,
                clock: Date.now,
              })
            : new AwsAccessAuditProvider(awsOps);
        const service = new AccessAuditService({
          awsOps,
          config: readAccessAuditConfig(config),
          provider,
          clock: Date.now,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            catalog,
            claims,
            service,
          }),
        );
      },
    });
  },
});
