import { AwsOpsResponse } from '@internal/backstage-plugin-aws-ops-common';

/** How far back the counts and the series go. */
export type WafWindow = '1h' | '6h' | '24h';

/** Every window, shortest first. */
export const WAF_WINDOWS: WafWindow[] = ['1h', '6h', '24h'];

/** Length of each window in milliseconds. */
export const WAF_WINDOW_MS: Record<WafWindow, number> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
};

/** The action WAF took on a request. */
export type WafAction = 'ALLOW' | 'BLOCK' | 'COUNT' | 'CAPTCHA' | 'CHALLENGE';

export type WafScope = 'REGIONAL' | 'CLOUDFRONT';

/**
 * Cheap per-component summary for the health overview, from the component's
 * WAF label metric (`BlockedRequests` of label `inbestment:component:<name>`,
 * 5-minute sums over 24 hours). A spike is
 * `blockedLastHour >= max(3 x baselineBlockedPerHour, baselineBlockedPerHour + 20)`:
 * three times the component's own mean blocked requests per hour over the 23
 * hours before the last hour, and at least 20 more, so a quiet component does
 * not spike on a handful of blocks.
 */
export interface EntityWafSummary extends AwsOpsResponse {
  entityRef: string;
  webAcl?: string;
  blockedLastHour: number;
  /** Mean blocked requests per hour over the 23 hours before the last hour. */
  baselineBlockedPerHour: number;
  spike: boolean;
  /**
   * The fully qualified WAF label the counts are of; absent when no web ACL
   * location has the component's label rule (then the counts are 0 and
   * `errors` says why: nothing is guessed from other traffic).
   */
  label?: string;
}

/** Requests by the action that terminated them (AWS/WAFV2 metric names in brackets). */
export interface WafCounts {
  /** `AllowedRequests` */
  allowed: number;
  /** `BlockedRequests` */
  blocked: number;
  /** `CountedRequests`: matched a rule in count mode; also in another action. */
  counted: number;
  /** `CaptchaRequests` */
  captcha: number;
  /** `ChallengeRequests` */
  challenge: number;
}

/** One time bucket of the series. */
export interface WafSeriesBucket extends WafCounts {
  /** ISO start of the bucket. */
  start: string;
  /**
   * Blocked requests per web ACL rule in this bucket, from the rule metrics:
   * the whole web ACL's traffic (rule metrics cannot be split by component).
   */
  byRule: Array<{ ruleId: string; blocked: number }>;
}

/** What a web ACL rule does, from GetWebACL. */
export type WafRuleKind =
  | 'BLOCK'
  | 'ALLOW'
  | 'COUNT'
  | 'CAPTCHA'
  | 'CHALLENGE'
  /** A rule group reference whose rules' own actions apply. */
  | 'GROUP'
  /** A rule group reference overridden to count. */
  | 'GROUP_COUNT';

/** A web ACL rule with its metric sums over the window (whole web ACL). */
export interface WafTopRule extends WafCounts {
  /** The rule's name in the web ACL. */
  ruleId: string;
  /** Its `VisibilityConfig.MetricName`: the `Rule` dimension of its metrics. */
  metricName: string;
  kind: WafRuleKind;
  /** The referenced rule group (managed: `Vendor#Name`), for group rules. */
  ruleGroup?: string;
  total: number;
}

/** A client address among the sampled blocked requests. */
export interface WafTopClientIp {
  clientIp: string;
  country: string;
  /** Blocked requests of the entity from this address in the sample. */
  blocked: number;
}

export interface WafTopCountry {
  country: string;
  /** Blocked requests of the entity from this country in the sample. */
  blocked: number;
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
  /** Query string, if any (credential-like values redacted). */
  args?: string;
  host?: string;
  /** The terminating rule: the web ACL rule, or the rule inside the group that terminated. */
  ruleId: string;
  /** The web ACL rule that references the rule group `ruleId` belongs to. */
  ruleGroup?: string;
  action: WafAction;
  country: string;
  clientIp: string;
  requestId?: string;
  headers: WafHeader[];
}

/**
 * The bounded CloudWatch Logs Insights query behind the recent blocked
 * requests and the top client IPs: per web ACL location, the latest `limit`
 * blocked requests of the last `windowMs`, newest first, shared by every
 * component behind the web ACL and re-run at most once per `refreshMs`.
 */
export interface WafBlockedSample {
  /** Absent when the query could not run anywhere (see `errors`). */
  startTime?: string;
  endTime?: string;
  windowMs: number;
  refreshMs: number;
  /** Rows the query may return per location. */
  limit: number;
  /** Blocked requests of the whole web ACL the queries returned. */
  returned: number;
  /**
   * A query returned `limit` rows: older blocked requests of the window are
   * not in the sample, so the entity's figures below are a lower bound.
   */
  limitReached: boolean;
  /** The entity's blocked requests among them (`recentBlocked` has at most `shown`). */
  matched: number;
  /** The entity's requests returned in `recentBlocked`. */
  shown: number;
  /** How the entity's rows were picked: by its WAF label, or by host and path. */
  matchedBy: 'label' | 'host-and-path';
  /** Rows that were not WAF log records (truncated lines). */
  malformed: number;
  /** Logs Insights statistics, summed over the locations. */
  recordsScanned: number;
  bytesScanned: number;
  /** ISO time of the oldest query result used. */
  fetchedAt?: string;
}

/** Where the entity's counts come from. */
export interface WafCountsScope {
  /**
   * `component`: the entity's WAF label metrics; `webAcl`: no location has
   * the entity's label rule, so totals and series are the whole web ACL's
   * (`Rule=ALL`) and `errors` says so.
   */
  scope: 'component' | 'webAcl';
  /** The label name the component rule adds (`inbestment:component:<name>`). */
  label: string;
  /** Fully qualified label namespaces found per location (`LabelNamespace` dimension). */
  labelNamespaces: string[];
}

export interface EntityWafEventsResponse extends AwsOpsResponse {
  entityRef: string;
  window: WafWindow;
  webAcl: {
    /** Empty when the entity names no web ACL and its type has no default. */
    name: string;
    scope: WafScope;
    /** From GetWebACL. */
    arn?: string;
    /** The `WebACL` dimension of its metrics (its `VisibilityConfig.MetricName`). */
    metricName?: string;
    /** One per account and region of the entity's environments. */
    locations: Array<{
      environment: string;
      accountId: string;
      region: string;
      logGroup: string;
    }>;
  };
  /** Which of the web ACL's traffic belongs to the entity (the label rule matches the same). */
  filter: { host?: string; pathPrefix: string };
  counts: WafCountsScope;
  /** Sums over the window from the AWS/WAFV2 metrics. */
  totals: WafCounts;
  /** Bucket width in milliseconds. */
  bucketMs: number;
  series: WafSeriesBucket[];
  /**
   * Every rule of the web ACL with its metric sums over the window, most
   * blocking first: the whole web ACL's traffic, every component behind it.
   */
  topRules: WafTopRule[];
  /** The entity's blocked requests in the sample, newest first (at most 100). */
  recentBlocked: WafBlockedRequest[];
  /** Top 10 client IPs and countries of the entity's blocked requests in the sample. */
  topClientIps: WafTopClientIp[];
  topCountries: WafTopCountry[];
  sample: WafBlockedSample;
}

/**
 * A run of 5-minute buckets in which the component's blocked requests were
 * well above its own baseline, from the same label metric as the summary
 * (`BlockedRequests` of label `inbestment:component:<name>`, 5-minute sums
 * over the 24 hours up to the end of the current 5 minutes, per web ACL
 * location). The summary's rule applied to a bucket: a bucket is a spike
 * bucket when `blocked >= max(3 x baselinePerBucket, baselinePerBucket + 20)`,
 * where its baseline is the mean of the other 287 buckets of the 24 hours
 * (the bucket itself excluded; a bucket without a datapoint counts 0). The
 * 20 is not divided by 12: it is a count of blocked requests above the
 * baseline, so two stray blocks on a quiet component are not a spike.
 * Consecutive spike buckets make one spike. The last bucket may still be
 * running (`end` in the future).
 */
export interface WafSpike {
  /** ISO start of the first bucket and end of the last. */
  start: string;
  end: string;
  /** Blocked requests over the spike. */
  blocked: number;
  /** The most blocked requests in one bucket of the spike. */
  peakPerBucket: number;
  /** The baseline of the peak bucket: the mean of the other buckets of the 24 hours. */
  baselinePerBucket: number;
  /**
   * The environments of the web ACL location the spike is in (two
   * environments in one account and region share a location and its label
   * metric). Each location is measured against its own baseline.
   */
  environments?: string[];
}

/** `GET /api/waf/entities/:kind/:namespace/:name/spikes` */
export interface EntityWafSpikesResponse extends AwsOpsResponse {
  entityRef: string;
  start: string;
  end: string;
  webAcl?: string;
  /** The WAF label the counts are of; absent when none (then `errors` says why). */
  label?: string;
  /** Every spike that overlaps `[start, end)`, whole; oldest first. */
  spikes: WafSpike[];
}

/** One rule group a web ACL references, from GetWebACL. */
export interface WafRuleGroupUse {
  /** Managed: `Vendor#Name` (e.g. `AWS#AWSManagedRulesCommonRuleSet`); own: the group's name. */
  ruleGroup: string;
  managed: boolean;
  /** Overridden to count (`OverrideAction: Count`): it matches but blocks nothing. */
  countOnly: boolean;
}

/** A component's web ACL in one account and region (CloudFront: us-east-1). */
export interface WafAclCoverage {
  /** The environments the location serves. */
  environments: string[];
  accountId: string;
  region: string;
  scope: WafScope;
  webAcl: string;
  /** False when AWS says the web ACL does not exist there. */
  exists: boolean;
  /** The rule groups it references (none when it does not exist). */
  ruleGroups: WafRuleGroupUse[];
  /**
   * ARNs of the resources it is associated with (ListResourcesForWebACL;
   * CloudFront: ListDistributionsByWebACLId); absent when that read failed
   * (`errors` says why) or the web ACL does not exist.
   */
  associatedResources?: string[];
}

/**
 * Whether the component's traffic is covered by the web ACL it holds a claim
 * on: per location, whether the web ACL exists, its rule groups and what it
 * is associated with. A location whose GetWebACL failed is left out and
 * named in `errors`.
 */
export interface EntityWafCoverage extends AwsOpsResponse {
  entityRef: string;
  /** The web ACL the component holds a claim on (or claims, when refused); none: no WAF claim. */
  webAcl?: string;
  scope: WafScope;
  locations: WafAclCoverage[];
}
