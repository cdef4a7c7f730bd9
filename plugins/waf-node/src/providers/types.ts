import { AwsOpsSource } from '@internal/backstage-plugin-aws-ops-common';
import { AwsTarget } from '@internal/backstage-plugin-aws-ops-node';
import { WafScope } from '@internal/backstage-plugin-waf-common';

/** One web ACL in one allowlisted account and region, and its log group. */
export interface WafLogLocation extends AwsTarget {
  /** Environment the location was resolved from. */
  environment: string;
  webAcl: string;
  scope: WafScope;
  logGroup: string;
}

/** The parts of a GetWebACL answer the plugin reads (AWS field names). */
export interface WafWebAclDescription {
  Name: string;
  ARN?: string;
  /** `awswaf:<account>:webacl:<name>:`; absent on emulators. */
  LabelNamespace?: string;
  VisibilityConfig?: { MetricName?: string };
  Rules?: Array<{
    Name: string;
    Priority?: number;
    Action?: Record<string, unknown>;
    OverrideAction?: Record<string, unknown>;
    Statement?: {
      RuleGroupReferenceStatement?: { ARN?: string };
      ManagedRuleGroupStatement?: { VendorName?: string; Name?: string };
      [other: string]: unknown;
    };
    RuleLabels?: Array<{ Name: string }>;
    VisibilityConfig?: { MetricName?: string };
  }>;
}

/** One AWS/WAFV2 metric, summed per period (`Stat: Sum`). */
export interface WafMetricQuery {
  /** GetMetricData query id: `[a-z][a-zA-Z0-9_]*`. */
  id: string;
  metricName:
    | 'AllowedRequests'
    | 'BlockedRequests'
    | 'CountedRequests'
    | 'CaptchaRequests'
    | 'ChallengeRequests';
  /** Dimension name to value, e.g. `{ WebACL, Rule, Region }` or `{ WebACL, LabelNamespace, Label, Region }`. */
  dimensions: Record<string, string>;
}

export interface WafMetricSeries {
  id: string;
  /** Epoch milliseconds of each period's start. */
  timestamps: number[];
  values: number[];
}

/** A finished Logs Insights query: its rows (field name to value) and its statistics. */
export interface WafLogQueryResult {
  status: string;
  rows: Array<Record<string, string>>;
  statistics: {
    recordsMatched: number;
    recordsScanned: number;
    bytesScanned: number;
  };
}

/**
 * Where WAF data comes from: real AWS or the simulated store. Each method is
 * one AWS API (GetWebACL, GetMetricData, Logs Insights), so the service code
 * that builds the responses does not know which one runs.
 */
export interface WafProvider {
  readonly source: AwsOpsSource;
  /** GetWebACL: the rules, their metric names and labels. */
  getWebAcl(location: WafLogLocation): Promise<WafWebAclDescription>;
  /**
   * The ARNs of the resources the web ACL (ARN from GetWebACL) protects:
   * REGIONAL: ListResourcesForWebACL per resource type until one has some;
   * CLOUDFRONT: CloudFront ListDistributionsByWebACLId.
   */
  listWebAclResources(
    location: WafLogLocation,
    webAclArn: string,
  ): Promise<string[]>;
  /** GetMetricData of `[startMs, endMs)` at `periodSeconds`. */
  getMetricData(
    location: WafLogLocation,
    request: {
      queries: WafMetricQuery[];
      startMs: number;
      endMs: number;
      periodSeconds: number;
    },
  ): Promise<WafMetricSeries[]>;
  /** StartQuery + GetQueryResults on the location's log group until the query completes. */
  queryLogs(
    location: WafLogLocation,
    request: {
      queryString: string;
      startMs: number;
      endMs: number;
      limit: number;
    },
  ): Promise<WafLogQueryResult>;
}
