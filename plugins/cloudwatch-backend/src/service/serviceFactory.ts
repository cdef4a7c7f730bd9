import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { awsOpsServiceRef } from '@internal/backstage-plugin-aws-ops-node';
import {
  cloudWatchAlarmsProviderServiceRef,
  cloudWatchAlarmsServiceRef,
} from '@internal/backstage-plugin-cloudwatch-node';
import { readCloudWatchConfig } from '../config';
import { DefaultCloudWatchAlarmsService } from './DefaultCloudWatchAlarmsService';

/**
 * The alarms service on the plugin's AWS layer (its core cache) and alarms
 * provider: AWS by default, the demo scenario where the demo module replaces
 * the provider.
 */
export const cloudWatchAlarmsServiceFactory = createServiceFactory({
  service: cloudWatchAlarmsServiceRef,
  deps: {
    config: coreServices.rootConfig,
    awsOps: awsOpsServiceRef,
    provider: cloudWatchAlarmsProviderServiceRef,
  },
  factory: ({ config, awsOps, provider }) =>
    new DefaultCloudWatchAlarmsService({
      awsOps,
      cloudWatchConfig: readCloudWatchConfig(config),
      provider,
      clock: Date.now,
    }),
});
