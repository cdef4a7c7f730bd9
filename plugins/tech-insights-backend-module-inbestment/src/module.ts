import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

/**
 * The store's fact retrievers for Tech Insights: what the production-readiness
 * scorecard's checks (app-config `techInsights.factChecker.checks`) read.
 * Each runs on the cadence `techInsights.factRetrievers.<id>` sets.
 */
export const techInsightsModuleInbestmentFacts = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'inbestment-facts',
  register(env) {
    env.registerInit({
      deps: {
        retrievers: techInsightsFactRetrieversExtensionPoint,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({ retrievers, catalog }) {
        // Each retriever is added here as its part lands.
        retrievers.addFactRetrievers({});
        void catalog;
      },
    });
  },
});
