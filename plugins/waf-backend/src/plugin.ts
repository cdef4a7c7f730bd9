import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { awsOpsClaimsServiceRef } from '@internal/backstage-plugin-aws-ops-node';
import { wafPermissions } from '@internal/backstage-plugin-waf-common';
import { wafEventsServiceRef } from '@internal/backstage-plugin-waf-node';
import { createRouter } from './router';

/**
 * AWS WAF events per catalog entity:
 * `GET /api/waf/entities/:kind/:namespace/:name/events?window=1h` and its WAF
 * spikes: `GET /api/waf/entities/:kind/:namespace/:name/spikes?window=6h`.
 */
export const wafPlugin = createBackendPlugin({
  pluginId: 'waf',
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
        events: wafEventsServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        claims,
        events,
      }) {
        permissionsRegistry.addPermissions(wafPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            catalog,
            claims,
            events,
          }),
        );
      },
    });
  },
});
