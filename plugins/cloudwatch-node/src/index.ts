/**
 * The contract of the CloudWatch alarms plugin: the alarms service the alarms
 * route and the health overview read, the provider it reads alarms and metric
 * data through, and their service refs. The implementation is in
 * the cloudwatch-backend package.
 *
 * @packageDocumentation
 */
export {
  cloudWatchAlarmsProviderServiceRef,
  cloudWatchAlarmsServiceRef,
} from './service/serviceRef';
export type { CloudWatchAlarmsService } from './service/types';
export { AwsAlarmsProvider } from './providers/AwsAlarmsProvider';
export { alarmConsoleUrl } from './providers/types';
export { readMetricStatistics } from './metrics/readMetricStatistics';
export type {
  AccountAlarmHistory,
  AccountAlarms,
  AlarmHistoryRecord,
  AlarmRecord,
  AlarmsProvider,
  MetricQuery,
  MetricRange,
  MetricSeriesBatch,
  SeriesLine,
} from './providers/types';
