/**
 * The CloudWatch alarms service, shared by the alarms route and the health overview.
 *
 * @packageDocumentation
 */
export { readCloudWatchConfig } from './config';
export type { CloudWatchConfig } from './config';
export { DefaultCloudWatchAlarmsService } from './service/DefaultCloudWatchAlarmsService';
export { cloudWatchAlarmsServiceRef } from './service/serviceRef';
export type { CloudWatchAlarmsService } from './service/types';
export { AwsAlarmsProvider } from './providers/AwsAlarmsProvider';
export { DemoAlarmsProvider } from './providers/DemoAlarmsProvider';
export type { AlarmsProvider } from './providers/types';
