import {
  WafBlockedRequest,
  WafCounts,
  WafSeriesBucket,
  WafTopClientIp,
  WafTopCountry,
  WafTopRule,
  WafWindow,
  WAF_WINDOW_MS,
} from '@internal/backstage-plugin-waf-common';
import { isBlocked, WafLogRecord } from './wafLogRecord';

/** Which of a web ACL's traffic belongs to a component. */
export interface TrafficFilter {
  /** Lower-case host; any host when absent. */
  host?: string;
  pathPrefix: string;
}

/**
 * True when the request is the component's: same host (if set) and a URI
 * under the prefix. `/api/order` matches `/api/order` and `/api/order/1`,
 * not `/api/orders`.
 */
export function matchesTraffic(
  record: WafLogRecord,
  filter: TrafficFilter,
): boolean {
  if (filter.host && record.host !== filter.host) return false;
  const { pathPrefix } = filter;
  if (!record.uri.startsWith(pathPrefix)) return false;
  if (pathPrefix.endsWith('/')) return true;
  const next = record.uri.charAt(pathPrefix.length);
  return next === '' || next === '/';
}

/** Bucket width per window: 60, 72 and 96 buckets. */
export const BUCKET_MS: Record<WafWindow, number> = {
  '1h': 60_000,
  '6h': 5 * 60_000,
  '24h': 15 * 60_000,
};

const TOP = 10;
const RECENT_BLOCKED = 50;

function emptyCounts(): WafCounts {
  return { allowed: 0, blocked: 0, counted: 0 };
}

function addTerminating(counts: WafCounts, record: WafLogRecord) {
  if (isBlocked(record.action)) counts.blocked++;
  else counts.allowed++;
}

function ranked<T extends WafCounts>(
  items: Iterable<T>,
): Array<T & { total: number }> {
  return [...items]
    .map(item => ({
      ...item,
      total: item.allowed + item.blocked + item.counted,
    }))
    .sort((a, b) => b.blocked - a.blocked || b.total - a.total)
    .slice(0, TOP);
}

/** Everything the events response shows, from the component's records. */
export function aggregate(
  records: WafLogRecord[],
  window: WafWindow,
  now: number,
) {
  const bucketMs = BUCKET_MS[window];
  const end = Math.ceil(now / bucketMs) * bucketMs;
  const start = end - WAF_WINDOW_MS[window];
  const buckets: Array<{ counts: WafCounts; byRule: Map<string, WafCounts> }> =
    Array.from({ length: WAF_WINDOW_MS[window] / bucketMs }, () => ({
      counts: emptyCounts(),
      byRule: new Map(),
    }));
  const totals = emptyCounts();
  const rules = new Map<string, WafTopRule>();
  const ips = new Map<string, WafTopClientIp>();
  const countries = new Map<string, WafTopCountry>();
  const blocked: WafLogRecord[] = [];

  const ruleEntry = (ruleId: string, ruleGroup?: string) => {
    let rule = rules.get(ruleId);
    if (!rule) {
      rule = { ruleId, ruleGroup, total: 0, ...emptyCounts() };
      rules.set(ruleId, rule);
    }
    return rule;
  };
  const bucketRule = (bucket: (typeof buckets)[number], ruleId: string) => {
    let counts = bucket.byRule.get(ruleId);
    if (!counts) {
      counts = emptyCounts();
      bucket.byRule.set(ruleId, counts);
    }
    return counts;
  };

  for (const record of records) {
    const index = Math.floor((record.time - start) / bucketMs);
    if (index < 0 || index >= buckets.length) continue;
    const bucket = buckets[index];
    const ip =
      ips.get(record.clientIp) ??
      ips
        .set(record.clientIp, {
          clientIp: record.clientIp,
          country: record.country,
          total: 0,
          ...emptyCounts(),
        })
        .get(record.clientIp)!;
    const country =
      countries.get(record.country) ??
      countries
        .set(record.country, {
          country: record.country,
          total: 0,
          ...emptyCounts(),
        })
        .get(record.country)!;
    for (const counts of [
      totals,
      bucket.counts,
      bucketRule(bucket, record.ruleId),
      ruleEntry(record.ruleId, record.ruleGroup),
      ip,
      country,
    ]) {
      addTerminating(counts, record);
    }
    if (record.countedBy.length) {
      totals.counted++;
      bucket.counts.counted++;
      ip.counted++;
      country.counted++;
      for (const ruleId of record.countedBy) {
        bucketRule(bucket, ruleId).counted++;
        ruleEntry(ruleId).counted++;
      }
    }
    if (isBlocked(record.action)) blocked.push(record);
  }

  const series: WafSeriesBucket[] = buckets.map((bucket, index) => ({
    start: new Date(start + index * bucketMs).toISOString(),
    ...bucket.counts,
    byRule: [...bucket.byRule].map(([ruleId, counts]) => ({
      ruleId,
      ...counts,
    })),
  }));
  const recentBlocked: WafBlockedRequest[] = blocked
    .sort((a, b) => b.time - a.time)
    .slice(0, RECENT_BLOCKED)
    .map(record => ({
      time: new Date(record.time).toISOString(),
      method: record.method,
      uri: record.uri,
      args: record.args,
      host: record.host,
      ruleId: record.ruleId,
      ruleGroup: record.ruleGroup,
      action: record.action,
      country: record.country,
      clientIp: record.clientIp,
      requestId: record.requestId,
      headers: record.headers ?? [],
    }));
  return {
    totals,
    bucketMs,
    series,
    topRules: ranked(rules.values()),
    topClientIps: ranked(ips.values()),
    topCountries: ranked(countries.values()),
    recentBlocked,
  };
}
