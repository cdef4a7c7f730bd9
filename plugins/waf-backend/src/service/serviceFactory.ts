import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { awsOpsServiceRef } from '@internal/backstage-plugin-aws-ops-node';
import {
  readWafConfig,
  wafEventsServiceRef,
  wafProviderServiceRef,
} from '@internal/backstage-plugin-waf-node';
import { DefaultWafEventsService } from './DefaultWafEventsService';

/**
 * The WAF events service of a plugin (the WAF route's, the health
 * overview's): on the plugin's AWS layer and core cache, reading through the
 * plugin's WAF provider (AWS by default, the demo scenario where the demo
 * module replaces it).
 */
export const wafEventsServiceFactory = createServiceFactory({
  service: wafEventsServiceRef,
  deps: {
    awsOps: awsOpsServiceRef,
    provider: wafProviderServiceRef,
    config: coreServices.rootConfig,
    logger: coreServices.logger,
  },
  factory({ awsOps, provider, config, logger }) {
    logger.debug(`WAF events from the ${provider.source} provider`);
    return new DefaultWafEventsService({
      awsOps,
      wafConfig: readWafConfig(config),
      provider,
      clock: Date.now,
    });
  },
});
