/**
 * Backend of the WAF events plugin.
 *
 * @packageDocumentation
 */
export { wafPlugin as default } from './plugin';
