/**
 * Response types, permissions and the fact contract (scored entities, shared
 * fact names) of the production-readiness scorecards.
 *
 * @packageDocumentation
 */
export * from './facts';
export * from './permissions';
export * from './types';
