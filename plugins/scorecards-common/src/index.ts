/**
 * Response types and permissions of the production-readiness scorecards.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
