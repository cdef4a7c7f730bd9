import { AwsOpsSource } from '@internal/backstage-plugin-aws-ops-common';
import { AwsTarget } from '@internal/backstage-plugin-aws-ops-node';
import { WafRuleMetric, WafScope } from '@internal/backstage-plugin-waf-common';

/** One web ACL's log group in one allowlisted account and region. */
export interface WafLogLocation extends AwsTarget {
  /** Environment the location was resolved from. */
  environment: string;
  webAcl: string;
  scope: WafScope;
  logGroup: string;
}

/**
 * Where WAF log lines and metrics come from: real AWS or the simulated
 * account. Both hand out raw WAF log JSON lines, so parsing, filtering and
 * caching do not know which one runs.
 */
export interface WafProvider {
  readonly source: AwsOpsSource;
  /** Pages of raw log lines of `[startMs, endMs)`, oldest page first. */
  readLogLines(
    location: WafLogLocation,
    startMs: number,
    endMs: number,
  ): AsyncIterable<string[]>;
  /** Sums over `[startMs, endMs)` of AWS/WAFV2 Allowed/Blocked/CountedRequests per web ACL rule. */
  readRuleMetrics(
    location: WafLogLocation,
    rules: string[],
    startMs: number,
    endMs: number,
  ): Promise<WafRuleMetric[]>;
}
