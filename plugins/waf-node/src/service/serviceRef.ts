import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { awsOpsServiceRef } from '@internal/backstage-plugin-aws-ops-node';
import { readWafConfig } from '../config';
import { AwsWafProvider } from '../providers/AwsWafProvider';
import { WafProvider } from '../providers/types';
import { WafEventsService } from './types';

/**
 * Where the WAF service reads AWS WAF data. Plugin-scoped; by default the AWS
 * provider on the plugin's AWS layer (its core cache and logger). The demo
 * replaces it with the scenario's provider
 * (`scenarioWafProviderFactory` in aws-ops-demo).
 */
export const wafProviderServiceRef = createServiceRef<WafProvider>({
  id: 'waf.provider',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig, awsOps: awsOpsServiceRef },
      factory: ({ config, awsOps }) =>
        new AwsWafProvider(awsOps, {
          queryTimeoutMs: readWafConfig(config).queryTimeoutMs,
        }),
    }),
});

/**
 * The WAF events of catalog entities, read by the WAF route and the health
 * overview. No default: `wafEventsServiceFactory` of the WAF backend plugin
 * (installed with it) provides it.
 */
export const wafEventsServiceRef = createServiceRef<WafEventsService>({
  id: 'waf.events',
  scope: 'plugin',
});
