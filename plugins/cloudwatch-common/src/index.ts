/**
 * Response types and permissions of the CloudWatch alarms plugin.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
