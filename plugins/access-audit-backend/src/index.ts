/**
 * Backend of the access-audit plugin.
 *
 * @packageDocumentation
 */
export { accessAuditPlugin as default } from './plugin';
