/**
 * Response types of the on-call health overview.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './timeline';
