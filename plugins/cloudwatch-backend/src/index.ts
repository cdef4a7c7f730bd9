/**
 * Backend of the CloudWatch alarms plugin.
 *
 * @packageDocumentation
 */
export { cloudWatchPlugin as default } from './plugin';
