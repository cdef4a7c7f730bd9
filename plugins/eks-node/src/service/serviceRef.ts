import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  awsOpsServiceRef,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  loadDemoStoreServices,
} from '@internal/backstage-plugin-aws-ops-demo';
import { readEksConfig } from '../config';
import { AwsEksProvider } from '../providers/AwsEksProvider';
import { DemoEksProvider } from '../providers/DemoEksProvider';
import { EksProvider } from '../providers/types';
import { DefaultEksDeploymentsService } from './DefaultEksDeploymentsService';
import { EksDeploymentsService } from './types';

/**
 * Root-scoped, so the EKS route and the health overview read clusters and
 * namespaces through one instance and one set of caches.
 */
export const eksDeploymentsServiceRef = createServiceRef<EksDeploymentsService>(
  {
    id: 'eks.deployments',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          rootLogger: coreServices.rootLogger,
          awsOps: awsOpsServiceRef,
        },
        async factory({ config, rootLogger, awsOps }) {
          const logger = rootLogger.child({ service: 'eks' });
          const eksConfig = readEksConfig(config);
          let provider: EksProvider;
          if (awsOps.config.source === 'demo') {
            provider = new DemoEksProvider({
              services: await loadDemoStoreServices(
                awsOps.config.demo.storeServicesDir,
                logger,
                'EKS workloads',
              ),
              environments: awsOps.config.environments,
              eksConfig,
              seed: awsOps.config.demo.seed,
              clock: Date.now,
            });
          } else {
            provider = new AwsEksProvider(awsOps);
          }
          return new DefaultEksDeploymentsService({
            awsOps,
            eksConfig,
            provider,
            clock: Date.now,
          });
        },
      }),
  },
);
