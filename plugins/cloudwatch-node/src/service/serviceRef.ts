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
import { readCloudWatchConfig } from '../config';
import { AwsAlarmsProvider } from '../providers/AwsAlarmsProvider';
import { DemoAlarmsProvider } from '../providers/DemoAlarmsProvider';
import { AlarmsProvider } from '../providers/types';
import { DefaultCloudWatchAlarmsService } from './DefaultCloudWatchAlarmsService';
import { CloudWatchAlarmsService } from './types';

/**
 * Root-scoped, so the alarms route and the health overview read each
 * account+region's alarms through one instance and one set of caches.
 */
export const cloudWatchAlarmsServiceRef =
  createServiceRef<CloudWatchAlarmsService>({
    id: 'cloudwatch.alarms',
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
          const logger = rootLogger.child({ service: 'cloudwatch' });
          let provider: AlarmsProvider;
          if (awsOps.config.source === 'demo') {
            provider = new DemoAlarmsProvider({
              services: await loadDemoStoreServices(
                awsOps.config.demo.storeServicesDir,
                logger,
                'CloudWatch alarms',
              ),
              environments: awsOps.config.environments,
              seed: awsOps.config.demo.seed,
              clock: Date.now,
            });
          } else {
            provider = new AwsAlarmsProvider(awsOps);
          }
          return new DefaultCloudWatchAlarmsService({
            awsOps,
            cloudWatchConfig: readCloudWatchConfig(config),
            provider,
            clock: Date.now,
          });
        },
      }),
  });
