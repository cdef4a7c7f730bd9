import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { awsOpsServiceRef } from '@internal/backstage-plugin-aws-ops-node';
import {
  eksDeploymentsServiceRef,
  eksProviderServiceRef,
  readEksConfig,
} from '@internal/backstage-plugin-eks-node';
import { DefaultEksDeploymentsService } from './DefaultEksDeploymentsService';

/**
 * The EKS deployments service, per plugin (the EKS route and the health
 * overview each read through their own core cache), from whichever provider
 * `eksProviderServiceRef` gives: AWS by default, the scenario in the demo.
 */
export const eksDeploymentsServiceFactory = createServiceFactory({
  service: eksDeploymentsServiceRef,
  deps: {
    awsOps: awsOpsServiceRef,
    provider: eksProviderServiceRef,
    config: coreServices.rootConfig,
    logger: coreServices.logger,
  },
  factory: ({ awsOps, provider, config, logger }) => {
    logger.debug(`EKS deployments from the ${provider.source} provider`);
    return new DefaultEksDeploymentsService({
      awsOps,
      eksConfig: readEksConfig(config),
      provider,
      clock: Date.now,
    });
  },
});
