import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import awsOpsDemo from '@internal/backstage-plugin-aws-ops-demo';

/**
 * The store's demo scenario in place of AWS, when `awsOps.demo` is set: the
 * embedded default sets it, app-config.production.yaml sets `demo: null`, so
 * production never adds it. Its providers replace the AWS providers of the
 * EKS, CloudWatch, WAF and access-audit plugins; everything above the
 * providers (services, caches, routes) is the same code.
 */
export const awsOpsDemoWhenConfigured = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (config.getOptional('awsOps.demo')) {
      yield awsOpsDemo;
    }
  },
});
