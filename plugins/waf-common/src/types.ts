import { AwsOpsResponse } from '@internal/backstage-plugin-aws-ops-common';

/** How far back the events are read. */
export type WafWindow = '1h' | '6h' | '24h';

/** Every window, shortest first. */
export const WAF_WINDOWS: WafWindow[] = ['1h', '6h', '24h'];

/** Length of each window in milliseconds. */
export const WAF_WINDOW_MS: Record<WafWindow, number> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
};

/** The action WAF took on a request (`CAPTCHA`/`CHALLENGE` count as blocked when they terminate). */
export type WafAction = 'ALLOW' | 'BLOCK' | 'COUNT' | 'CAPTCHA' | 'CHALLENGE';

export type WafScope = 'REGIONAL' | 'CLOUDFRONT';

/**
 * Cheap per-component summary for the health overview. A spike is
 * `blockedLastHour >= max(3 x baselineBlockedPerHour, baselineBlockedPerHour + 20)`:
 * three times the component's own mean blocked requests per hour over the 23
 * hours before the last hour (the rest of the 24h window), and at least 20
 * more, so a quiet component does not spike on a handful of blocks.
 */
export interface EntityWafSummary extends AwsOpsResponse {
  entityRef: string;
  webAcl?: string;
  blockedLastHour: number;
  /** Mean blocked requests per hour over the 23 hours before the last hour. */
  baselineBlockedPerHour: number;
  spike: boolean;
}

/** Allowed / blocked / counted requests. */
export interface WafCounts {
  allowed: number;
  blocked: number;
  counted: number;
}

/** One time bucket of the series; `byRule` splits it by terminating rule. */
export interface WafSeriesBucket extends WafCounts {
  /** ISO start of the bucket. */
  start: string;
  byRule: Array<{ ruleId: string } & WafCounts>;
}

/** A rule ranked by the requests it terminated (or counted). */
export interface WafTopRule extends WafCounts {
  ruleId: string;
  /** The rule group the rule belongs to, for managed rule groups. */
  ruleGroup?: string;
  total: number;
}

export interface WafTopClientIp extends WafCounts {
  clientIp: string;
  country: string;
  total: number;
}

export interface WafTopCountry extends WafCounts {
  country: string;
  total: number;
}

/** A request header; only allowlisted, non-credential names are returned. */
export interface WafHeader {
  name: string;
  value: string;
}

export interface WafBlockedRequest {
  /** ISO time. */
  time: string;
  method: string;
  uri: string;
  /** Query string, if any. */
  args?: string;
  host?: string;
  ruleId: string;
  /** The web ACL rule that references the rule group `ruleId` belongs to. */
  ruleGroup?: string;
  action: WafAction;
  country: string;
  clientIp: string;
  requestId?: string;
  headers: WafHeader[];
}

/** Rule totals over the window from the AWS/WAFV2 CloudWatch metrics. */
export interface WafRuleMetric {
  rule: string;
  allowed: number;
  blocked: number;
  counted: number;
}

/** Log records left out, and why. */
export interface WafSkipped {
  /** Lines that are not a WAF log record (bad JSON, missing fields). */
  malformed: number;
  /** The read stopped at `awsOps.waf.maxEventsPerRead`; older events are missing. */
  limitReached: boolean;
}

export interface EntityWafEventsResponse extends AwsOpsResponse {
  entityRef: string;
  window: WafWindow;
  webAcl: {
    /** Empty when the entity names no web ACL and its type has no default. */
    name: string;
    scope: WafScope;
    /** From the log records' `webaclId`. */
    arn?: string;
    /** The log groups read: one per account and region of the entity's environments. */
    locations: Array<{
      environment: string;
      accountId: string;
      region: string;
      logGroup: string;
    }>;
  };
  /** Which of the web ACL's traffic belongs to the entity. */
  filter: { host?: string; pathPrefix: string };
  totals: WafCounts;
  /** Bucket width in milliseconds. */
  bucketMs: number;
  series: WafSeriesBucket[];
  topRules: WafTopRule[];
  topClientIps: WafTopClientIp[];
  topCountries: WafTopCountry[];
  /** Newest first. */
  recentBlocked: WafBlockedRequest[];
  /**
   * Web-ACL-wide rule totals (not filtered to the entity) from AWS/WAFV2,
   * for the rules seen in the entity's traffic and the ACL's default action.
   */
  ruleMetrics?: WafRuleMetric[];
  skipped: WafSkipped;
}
