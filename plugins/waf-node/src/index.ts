/**
 * The WAF contract: the events service interface and its service ref, the
 * provider interface (one method per AWS call) with the AWS provider as its
 * default, the config reader and the types. The implementation
 * (`DefaultWafEventsService`) is in the WAF backend plugin.
 *
 * @packageDocumentation
 */
export { logGroupOf, readWafConfig } from './config';
export type { WafConfig } from './config';
export {
  wafEventsServiceRef,
  wafProviderServiceRef,
} from './service/serviceRef';
export type { WafEventsService } from './service/types';
export { AwsWafProvider } from './providers/AwsWafProvider';
export type {
  WafLogLocation,
  WafLogQueryResult,
  WafMetricQuery,
  WafMetricSeries,
  WafProvider,
  WafWebAclDescription,
} from './providers/types';
