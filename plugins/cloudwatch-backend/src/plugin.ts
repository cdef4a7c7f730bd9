import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { awsOpsClaimsServiceRef } from '@internal/backstage-plugin-aws-ops-node';
import { cloudWatchPermissions } from '@internal/backstage-plugin-cloudwatch-common';
import { cloudWatchAlarmsServiceRef } from '@internal/backstage-plugin-cloudwatch-node';
import { createRouter } from './router';

/** CloudWatch alarms per catalog entity: `GET /api/cloudwatch/entities/:kind/:namespace/:name/alarms?window=3h` and their state changes, `.../history?window=6h`. */
export const cloudWatchPlugin = createBackendPlugin({
  pluginId: 'cloudwatch',
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
        alarms: cloudWatchAlarmsServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        claims,
        alarms,
      }) {
        permissionsRegistry.addPermissions(cloudWatchPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            catalog,
            claims,
            alarms,
          }),
        );
      },
    });
  },
});
