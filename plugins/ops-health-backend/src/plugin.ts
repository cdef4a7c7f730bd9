import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  awsOpsClaimsServiceRef,
  awsOpsServiceRef,
} from '@internal/backstage-plugin-aws-ops-node';
import { cloudWatchAlarmsServiceRef } from '@internal/backstage-plugin-cloudwatch-node';
import { eksDeploymentsServiceRef } from '@internal/backstage-plugin-eks-node';
import { wafEventsServiceRef } from '@internal/backstage-plugin-waf-node';
import { createRouter } from './router';
import { HealthOverviewService } from './service/HealthOverviewService';

/** The on-call health overview of every store component: `GET /api/ops-health/components`. */
export const opsHealthPlugin = createBackendPlugin({
  pluginId: 'ops-health',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        awsOps: awsOpsServiceRef,
        claims: awsOpsClaimsServiceRef,
        deployments: eksDeploymentsServiceRef,
        alarms: cloudWatchAlarmsServiceRef,
        waf: wafEventsServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        auth,
        permissions,
        auditor,
        catalog,
        awsOps,
        claims,
        deployments,
        alarms,
        waf,
      }) {
        const overview = new HealthOverviewService({
          catalog,
          permissions,
          auth,
          claims,
          deployments,
          alarms,
          waf,
          clock: Date.now,
          // Signals are no staler than the AWS reads they come from.
          refreshIntervalMs: awsOps.config.cache.liveTtlMs,
        });
        httpRouter.use(await createRouter({ httpAuth, auditor, overview }));
      },
    });
  },
});
