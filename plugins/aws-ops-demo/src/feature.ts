import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';

/**
 * The demo scenario's providers, each replacing the AWS provider of its
 * plugin (the providers' default factories); nothing else changes, so the
 * services, caches and routes above them are the production code.
 * packages/backend adds this only when `awsOps.demo` is set.
 */
export const awsOpsDemoFeature = createBackendFeatureLoader({
  loader: () => [],
});
