/**
 * WAF events frontend plugin (new frontend system).
 *
 * @packageDocumentation
 */
export { wafPlugin as default } from './plugin';
export { wafApiRef, type WafApi } from './api';
