import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  accessAuditProviderServiceRef,
  accessAuditServiceRef,
} from '@internal/backstage-plugin-access-audit-node';
import { awsOpsServiceRef } from '@internal/backstage-plugin-aws-ops-node';
import { readAccessAuditConfig } from './config';
import { DefaultAccessAuditService } from './service/DefaultAccessAuditService';

/**
 * The access-audit service on the plugin's AWS layer (its core cache) and
 * whichever provider is installed (AWS by default, the scenario in the demo).
 */
export const accessAuditServiceFactory = createServiceFactory({
  service: accessAuditServiceRef,
  deps: {
    awsOps: awsOpsServiceRef,
    provider: accessAuditProviderServiceRef,
    config: coreServices.rootConfig,
    logger: coreServices.logger,
  },
  factory({ awsOps, provider, config, logger }) {
    logger.debug(`access audit reads from the ${provider.source} provider`);
    return new DefaultAccessAuditService({
      awsOps,
      config: readAccessAuditConfig(config),
      provider,
      clock: Date.now,
    });
  },
});
