/**
 * Response types and permissions of the EKS deployments plugin.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
export * from './health';
