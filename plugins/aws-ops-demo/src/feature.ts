import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { scenarioAccessAuditProviderFactory } from './access';
import { scenarioAlarmsProviderFactory } from './alarms';
import { scenarioEksProviderFactory } from './eks';
import { scenarioWafProviderFactory } from './waf';

/**
 * The demo scenario's providers, each replacing the AWS provider of its
 * plugin (the providers' default factories); nothing else changes, so the
 * services, caches and routes above them are the production code.
 * packages/backend adds this only when `awsOps.demo` is set.
 */
export const awsOpsDemoFeature = createBackendFeatureLoader({
  loader: () => [
    scenarioEksProviderFactory,
    scenarioAlarmsProviderFactory,
    scenarioWafProviderFactory,
    scenarioAccessAuditProviderFactory,
  ],
});
