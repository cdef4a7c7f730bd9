import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { awsOpsClaimsServiceRef } from '@internal/backstage-plugin-aws-ops-node';
import { eksPermissions } from '@internal/backstage-plugin-eks-common';
import { eksDeploymentsServiceRef } from '@internal/backstage-plugin-eks-node';
import { createRouter } from './router';

/** Live EKS deployments per catalog entity: `GET /api/eks/entities/:kind/:namespace/:name/deployments`. */
export const eksPlugin = createBackendPlugin({
  pluginId: 'eks',
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
        deployments: eksDeploymentsServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        claims,
        deployments,
      }) {
        permissionsRegistry.addPermissions(eksPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            catalog,
            claims,
            deployments,
          }),
        );
      },
    });
  },
});
