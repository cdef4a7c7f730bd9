import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { accessAuditPermissions } from '@internal/backstage-plugin-access-audit-common';
import { accessAuditServiceRef } from '@internal/backstage-plugin-access-audit-node';
import { awsOpsClaimsServiceRef } from '@internal/backstage-plugin-aws-ops-node';
import { createRouter } from './router';

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
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        claims: awsOpsClaimsServiceRef,
        service: accessAuditServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        claims,
        service,
      }) {
        permissionsRegistry.addPermissions(accessAuditPermissions);
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
