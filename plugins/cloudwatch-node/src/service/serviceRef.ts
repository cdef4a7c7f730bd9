import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { awsOpsServiceRef } from '@internal/backstage-plugin-aws-ops-node';
import { AwsAlarmsProvider } from '../providers/AwsAlarmsProvider';
import { AlarmsProvider } from '../providers/types';
import { CloudWatchAlarmsService } from './types';

/**
 * Where alarms and metric data come from. Its default reads CloudWatch
 * through the plugin's AWS layer; the demo replaces it with the scenario's
 * provider from the aws-ops-demo package.
 */
export const cloudWatchAlarmsProviderServiceRef =
  createServiceRef<AlarmsProvider>({
    id: 'cloudwatch.alarms-provider',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { awsOps: awsOpsServiceRef },
        factory: ({ awsOps }) => new AwsAlarmsProvider(awsOps),
      }),
  });

/**
 * The CloudWatch alarms service the alarms route and the health overview
 * read. No default: `cloudWatchAlarmsServiceFactory` of
 * the cloudwatch-backend package implements it (installing
 * that plugin installs it).
 */
export const cloudWatchAlarmsServiceRef =
  createServiceRef<CloudWatchAlarmsService>({
    id: 'cloudwatch.alarms',
    scope: 'plugin',
  });
