/**
 * CloudWatch alarms frontend plugin (new frontend system).
 *
 * @packageDocumentation
 */
export { cloudWatchPlugin as default } from './plugin';
export { cloudWatchApiRef, type CloudWatchApi } from './api';
