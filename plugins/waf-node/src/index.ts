/**
 * The WAF events service, shared by the WAF route and the health overview.
 *
 * @packageDocumentation
 */
export { readWafConfig } from './config';
export type { WafConfig } from './config';
export {
  BUCKET_MS,
  blockedRequestsQuery,
  DefaultWafEventsService,
  isSpike,
} from './service/DefaultWafEventsService';
export { wafEventsServiceRef } from './service/serviceRef';
export type { WafEventsService } from './service/types';
export { AwsWafProvider } from './providers/AwsWafProvider';
export { DemoWafProvider } from './providers/DemoWafProvider';
export type {
  WafLogLocation,
  WafLogQueryResult,
  WafMetricQuery,
  WafMetricSeries,
  WafProvider,
  WafWebAclDescription,
} from './providers/types';
