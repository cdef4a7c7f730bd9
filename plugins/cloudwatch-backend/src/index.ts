/**
 * Backend of the CloudWatch alarms plugin: the alarms route and the alarms
 * service (`DefaultCloudWatchAlarmsService`) that it and the health overview
 * read. Installing the package installs both.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { cloudWatchPlugin } from './plugin';
import { cloudWatchAlarmsServiceFactory } from './service/serviceFactory';

export default createBackendFeatureLoader({
  loader: () => [cloudWatchPlugin, cloudWatchAlarmsServiceFactory],
});
export { cloudWatchPlugin } from './plugin';
export { cloudWatchAlarmsServiceFactory } from './service/serviceFactory';
export { DefaultCloudWatchAlarmsService } from './service/DefaultCloudWatchAlarmsService';
export { readCloudWatchConfig } from './config';
export type { CloudWatchConfig } from './config';
