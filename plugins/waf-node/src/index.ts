/**
 * The WAF events service, shared by the WAF route and the health overview.
 *
 * @packageDocumentation
 */
export { readWafConfig } from './config';
export type { WafConfig } from './config';
export {
  DefaultWafEventsService,
  isSpike,
} from './service/DefaultWafEventsService';
export { wafEventsServiceRef } from './service/serviceRef';
export type { WafEventsService } from './service/types';
