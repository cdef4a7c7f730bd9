/**
 * Response types and permissions of the access-audit plugin.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
