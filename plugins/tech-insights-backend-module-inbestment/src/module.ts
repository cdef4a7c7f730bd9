import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { accessAuditServiceRef } from '@internal/backstage-plugin-access-audit-node';
import {
  awsOpsClaimsServiceRef,
  awsOpsServiceRef,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  cloudWatchAlarmsProviderServiceRef,
  cloudWatchAlarmsServiceRef,
} from '@internal/backstage-plugin-cloudwatch-node';
import { eksDeploymentsServiceRef } from '@internal/backstage-plugin-eks-node';
import { wafEventsServiceRef } from '@internal/backstage-plugin-waf-node';
import { createCatalogFactRetriever } from './retrievers/catalog';
import { createCloudWatchFactRetriever } from './retrievers/cloudwatch';
import { createDynamoDbFactRetriever } from './retrievers/dynamodb';
import { createEksFactRetriever } from './retrievers/eks';
import { createSecretsFactRetriever } from './retrievers/secrets';
import { withDataSource } from './retrievers/serviceFacts';
import { createWafFactRetriever } from './retrievers/waf';

/**
 * The store's fact retrievers for Tech Insights: what the production-readiness
 * scorecard's checks (app-config `techInsights.factChecker.checks`) read.
 * Each runs on the cadence `techInsights.factRetrievers.<id>` sets, as the
 * tech-insights plugin, and reads AWS only through the claims gate and the
 * portal's cached, rate-limited services.
 */
export const techInsightsModuleInbestmentFacts = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'inbestment-facts',
  register(env) {
    env.registerInit({
      deps: {
        retrievers: techInsightsFactRetrieversExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        awsOps: awsOpsServiceRef,
        claims: awsOpsClaimsServiceRef,
        deployments: eksDeploymentsServiceRef,
        alarms: cloudWatchAlarmsServiceRef,
        alarmsProvider: cloudWatchAlarmsProviderServiceRef,
        waf: wafEventsServiceRef,
        accessAudit: accessAuditServiceRef,
      },
      async init({
        retrievers,
        config,
        auth,
        discovery,
        catalog,
        awsOps,
        claims,
        deployments,
        alarms,
        alarmsProvider,
        waf,
        accessAudit,
      }) {
        // The providers in use (AWS, or the demo scenario's) say where the AWS facts come from.
        const source = alarmsProvider.source;
        const factRetrievers = [
          createCatalogFactRetriever({
            catalog,
            auth,
            discovery,
            // The embedded default builds docs when they are first read.
            buildDocsWhenMissing:
              config.getOptionalString('techdocs.builder') === 'local',
          }),
          ...[
            createEksFactRetriever({ catalog, claims, deployments }),
            createCloudWatchFactRetriever({ catalog, claims, alarms }),
            createDynamoDbFactRetriever({
              catalog,
              claims,
              awsOps,
              provider: alarmsProvider,
            }),
            createWafFactRetriever({ catalog, claims, waf, config }),
            createSecretsFactRetriever({ catalog, claims, accessAudit }),
          ].map(retriever => withDataSource(retriever, source)),
        ];
        retrievers.addFactRetrievers(
          Object.fromEntries(factRetrievers.map(r => [r.id, r])),
        );
      },
    });
  },
});
