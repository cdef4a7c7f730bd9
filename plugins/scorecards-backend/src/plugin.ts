import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { techInsightsServiceRef } from '@backstage-community/plugin-tech-insights-node';
import { scorecardsPermissions } from '@internal/backstage-plugin-scorecards-common';
import { readScorecardsConfig } from './config';
import { createRouter } from './router';
import { ScorecardService } from './service/ScorecardService';

/**
 * Production-readiness scorecards of the store's services, from the checks
 * Tech Insights runs: per entity (`GET /entities/:kind/:namespace/:name`),
 * per team (`GET /teams/:namespace/:name`) and store-wide
 * (`GET /services`, `?format=csv`), each behind the caller's permissions.
 */
export const scorecardsPlugin = createBackendPlugin({
  pluginId: 'scorecards',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        techInsights: techInsightsServiceRef,
      },
      async init({
        config,
        logger,
        cache,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        techInsights,
      }) {
        permissionsRegistry.addPermissions(scorecardsPermissions);
        const scorecards = new ScorecardService({
          techInsights,
          cache,
          config: readScorecardsConfig(config),
          logger,
          clock: Date.now,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            catalog,
            scorecards,
          }),
        );
      },
    });
  },
});
