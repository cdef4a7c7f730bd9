/**
 * The inbestment store's demo scenario and the adapters that play it through
 * the AWS ops plugins' provider interfaces.
 *
 * @packageDocumentation
 */
export * from './scenario';
export * from './store';
export * from './service';
export * from './eks';
export * from './access';
export * from './alarms';
export * from './waf';
export { awsOpsDemoFeature as default } from './feature';
