import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderServiceRef } from '@backstage/plugin-scaffolder-node';
import {
  awsOpsClaimsServiceRef,
  awsOpsServiceRef,
} from '@internal/backstage-plugin-aws-ops-node';
import { cloudWatchAlarmsServiceRef } from '@internal/backstage-plugin-cloudwatch-node';
import { eksDeploymentsServiceRef } from '@internal/backstage-plugin-eks-node';
import { wafEventsServiceRef } from '@internal/backstage-plugin-waf-node';
import { registerActions } from './actions';
import { createRouter } from './router';
import { HealthOverviewService } from './service/HealthOverviewService';
import { TimelineService } from './timeline/TimelineService';

/** The rule's default: an alarm up to 15 minutes after a rollout started follows it. */
const DEFAULT_CORRELATION_WINDOW_MINUTES = 15;

/**
 * The on-call health overview of every store component
 * (`GET /api/ops-health/components`), each component's timeline
 * (`GET /api/ops-health/entities/:kind/:namespace/:name/timeline`) and the
 * read-only actions for assistants.
 */
export const opsHealthPlugin = createBackendPlugin({
  pluginId: 'ops-health',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
        catalog: catalogServiceRef,
        scaffolder: scaffolderServiceRef,
        awsOps: awsOpsServiceRef,
        claims: awsOpsClaimsServiceRef,
        deployments: eksDeploymentsServiceRef,
        alarms: cloudWatchAlarmsServiceRef,
        waf: wafEventsServiceRef,
      },
      async init({
        config,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        auditor,
        actionsRegistry,
        catalog,
        scaffolder,
        awsOps,
        claims,
        deployments,
        alarms,
        waf,
      }) {
        const correlationWindowMinutes =
          config.getOptionalNumber(
            'opsHealth.timeline.correlationWindowMinutes',
          ) ?? DEFAULT_CORRELATION_WINDOW_MINUTES;
        if (
          !Number.isInteger(correlationWindowMinutes) ||
          correlationWindowMinutes < 1 ||
          correlationWindowMinutes > 120
        ) {
          throw new Error(
            `opsHealth.timeline.correlationWindowMinutes must be a whole number of minutes from 1 to 120, got ${correlationWindowMinutes}`,
          );
        }
        const timeline = new TimelineService({
          catalog,
          permissions,
          claims,
          deployments,
          alarms,
          waf,
          scaffolder,
          clock: Date.now,
          correlationWindowMinutes,
        });
        const overview = new HealthOverviewService({
          catalog,
          permissions,
          auth,
          claims,
          deployments,
          alarms,
          waf,
          timeline,
          clock: Date.now,
          // Signals are no staler than the AWS reads they come from.
          refreshIntervalMs: awsOps.config.cache.liveTtlMs,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            catalog,
            overview,
            timeline,
          }),
        );
        registerActions({
          actionsRegistry,
          permissions,
          catalog,
          claims,
          alarms,
          overview,
          timeline,
        });
      },
    });
  },
});
