/**
 * Annotation constants, response types and the rule binding entities to AWS
 * resources, shared by the AWS ops plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './claims';
export * from './types';
