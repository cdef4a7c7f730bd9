/**
 * Response types and permissions of the WAF events plugin.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
