import { InputError } from '@backstage/errors';
import {
  AwsOpsErrorEntry,
  AwsOpsStale,
} from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsService,
  claimErrors,
  Clock,
  Fetched,
  GrantedClaims,
  oldestStale,
  toErrorEntry,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  EntityWafCoverage,
  EntityWafEventsResponse,
  EntityWafSpikesResponse,
  EntityWafSummary,
  WafBlockedRequest,
  WafCounts,
  WafSeriesBucket,
  WafSpike,
  WafTopRule,
  WafWindow,
  WAF_WINDOW_MS,
} from '@internal/backstage-plugin-waf-common';
import {
  WafConfig,
  WafEventsService,
  WafLogLocation,
  WafMetricQuery,
  WafMetricSeries,
  WafProvider,
} from '@internal/backstage-plugin-waf-node';
import { isBlocked, parseWafLogLine, WafLogRecord } from './wafLogRecord';
import { resolveWafTarget, TrafficFilter, WafTarget } from './resolveWafTarget';
import { readWebAclInfo, WafRuleInfo, WafWebAclInfo } from './webAcl';
import { findSpikes, isSpike } from './spikes';

export { isSpike } from './spikes';

const HOUR_MS = 3_600_000;
const SUMMARY_PERIOD_S = 300;
/** The longest range of `getEntitySpikes`: the 24 hours the baseline is read over. */
const SPIKES_MAX_RANGE_MS = 24 * HOUR_MS;
const RECENT_SHOWN = 100;
const TOP = 10;

/** Bucket width per window: 60, 72 and 96 buckets. */
export const BUCKET_MS: Record<WafWindow, number> = {
  '1h': 60_000,
  '6h': 5 * 60_000,
  '24h': 15 * 60_000,
};

/** The AWS/WAFV2 request metrics, by the count field they fill. */
const METRICS: Array<[keyof WafCounts, WafMetricQuery['metricName']]> = [
  ['allowed', 'AllowedRequests'],
  ['blocked', 'BlockedRequests'],
  ['counted', 'CountedRequests'],
  ['captcha', 'CaptchaRequests'],
  ['challenge', 'ChallengeRequests'],
];

/** The metrics a rule can have, by what it does; fewer queries, same answer. */
function metricsOf(rule: WafRuleInfo) {
  switch (rule.kind) {
    case 'BLOCK':
      return METRICS.filter(([f]) => f === 'blocked');
    case 'ALLOW':
      return METRICS.filter(([f]) => f === 'allowed');
    case 'COUNT':
    case 'GROUP_COUNT':
      return METRICS.filter(([f]) => f === 'counted');
    case 'CAPTCHA':
      return METRICS.filter(([f]) => f === 'captcha');
    case 'CHALLENGE':
      return METRICS.filter(([f]) => f === 'challenge');
    default:
      return METRICS;
  }
}

const sum = (values?: number[]) => (values ?? []).reduce((a, b) => a + b, 0);

const emptyCounts = (): WafCounts => ({
  allowed: 0,
  blocked: 0,
  counted: 0,
  captcha: 0,
  challenge: 0,
});

/** The component's blocked requests per 5 minutes over 24 hours in one location; plain JSON, cached. */
interface BlockedSeries {
  /** Epoch milliseconds of the first bucket's start. */
  startMs: number;
  bucketMs: number;
  values: number[];
}

/** Sums of a metric read: per query id, per bucket index. */
type BucketSums = Record<string, number[]>;

/** One location's web ACL metrics over a window: `ALL` and every rule. */
interface WebAclMetrics {
  /** Per count field, per bucket. */
  all: Record<keyof WafCounts, number[]>;
  rules: Array<{
    rule: WafRuleInfo;
    counts: WafCounts;
    blockedByBucket: number[];
  }>;
}

/** One location's blocked-requests sample, parsed; plain JSON, cached. */
interface BlockedSample {
  startMs: number;
  endMs: number;
  records: WafLogRecord[];
  returned: number;
  limitReached: boolean;
  malformed: number;
  recordsScanned: number;
  bytesScanned: number;
}

/** Keeps the oldest fetchedAt and the oldest stale piece of a response. */
class Freshness {
  fetchedAt?: string;
  private readonly reads: Array<Fetched<unknown>> = [];

  add<T>(fetched: Fetched<T>): T {
    if (!this.fetchedAt || fetched.fetchedAt < this.fetchedAt) {
      this.fetchedAt = fetched.fetchedAt;
    }
    this.reads.push(fetched);
    return fetched.value;
  }

  get stale(): AwsOpsStale | undefined {
    return oldestStale(this.reads);
  }
}

/**
 * True when the request is the component's: same host (if set) and a URI
 * under the prefix. `/api/order` matches `/api/order` and `/api/order/1`,
 * not `/api/orders`.
 */
export function matchesTraffic(
  record: { host?: string; uri: string },
  filter: TrafficFilter,
): boolean {
  if (filter.host && record.host !== filter.host) return false;
  const { pathPrefix } = filter;
  if (!record.uri.startsWith(pathPrefix)) return false;
  if (pathPrefix.endsWith('/')) return true;
  const next = record.uri.charAt(pathPrefix.length);
  return next === '' || next === '/';
}

/**
 * Collects the single-metric reads that arrive within `waitMs` for the same
 * location, time range and period into one GetMetricData call (up to 500
 * queries): the health overview asks for every component's summary at once,
 * which then costs one call per location instead of one per component. The
 * metrics requested (what AWS bills) are the same.
 */
class MetricBatch {
  private readonly pending = new Map<
    string,
    {
      location: WafLogLocation;
      items: Array<{
        query: WafMetricQuery;
        resolve: (series: WafMetricSeries) => void;
        reject: (error: unknown) => void;
      }>;
    }
  >();

  constructor(
    private readonly provider: WafProvider,
    private readonly waitMs = 20,
  ) {}

  load(
    location: WafLogLocation,
    request: {
      query: WafMetricQuery;
      startMs: number;
      endMs: number;
      periodSeconds: number;
    },
  ): Promise<WafMetricSeries> {
    const key = `${keyOf(location)}:${request.startMs}:${request.endMs}:${
      request.periodSeconds
    }`;
    let batch = this.pending.get(key);
    if (!batch || batch.items.length >= 500) {
      const created = { location, items: [] as any[] };
      batch = created;
      this.pending.set(key, created);
      setTimeout(() => {
        if (this.pending.get(key) === created) this.pending.delete(key);
        this.flush(created, request);
      }, this.waitMs);
    }
    const items = batch.items;
    return new Promise((resolve, reject) =>
      items.push({ query: request.query, resolve, reject }),
    );
  }

  private async flush(
    batch: {
      location: WafLogLocation;
      items: Array<{
        query: WafMetricQuery;
        resolve: (series: WafMetricSeries) => void;
        reject: (error: unknown) => void;
      }>;
    },
    request: { startMs: number; endMs: number; periodSeconds: number },
  ) {
    try {
      const series = await this.provider.getMetricData(batch.location, {
        queries: batch.items.map((item, i) => ({ ...item.query, id: `b${i}` })),
        startMs: request.startMs,
        endMs: request.endMs,
        periodSeconds: request.periodSeconds,
      });
      const byId = new Map(series.map(s => [s.id, s]));
      batch.items.forEach((item, i) =>
        item.resolve(
          byId.get(`b${i}`) ?? {
            id: item.query.id,
            timestamps: [],
            values: [],
          },
        ),
      );
    } catch (error) {
      for (const item of batch.items) item.reject(error);
    }
  }
}

/**
 * Builds WAF responses metrics-first:
 * - totals, series and the spike baseline from the component's WAF label
 *   metrics (AWS/WAFV2 `LabelNamespace`/`Label`), rule counts from the rules'
 *   metrics (`Rule` = the rule's `VisibilityConfig.MetricName`, read with
 *   GetWebACL): a fixed number of GetMetricData queries whatever the traffic;
 * - recent blocked requests and top client IPs from one bounded Logs Insights
 *   query per web ACL location (newest first, `limit` rows, the last few
 *   minutes), shared by every component behind the web ACL.
 * Everything is cached in the shared AWS ops cache, so viewers and replicas
 * share the reads.
 */
export class DefaultWafEventsService implements WafEventsService {
  private readonly metricBatch: MetricBatch;

  constructor(
    private readonly options: {
      awsOps: AwsOpsService;
      wafConfig: WafConfig;
      provider: WafProvider;
      clock: Clock;
    },
  ) {
    this.metricBatch = new MetricBatch(options.provider);
  }

  async getEntityEvents(
    claims: GrantedClaims,
    { window }: { window: WafWindow },
  ): Promise<EntityWafEventsResponse> {
    const { provider, clock, wafConfig } = this.options;
    const now = clock();
    const target = this.resolve(claims);
    const component = claims.entity.metadata.name;
    const label = `${wafConfig.componentLabelPrefix}${component}`;
    const bucketMs = BUCKET_MS[window];
    const endMs = Math.ceil(now / bucketMs) * bucketMs;
    const startMs = endMs - WAF_WINDOW_MS[window];
    const buckets = WAF_WINDOW_MS[window] / bucketMs;
    const freshness = new Freshness();
    const errors: AwsOpsErrorEntry[] = [...target.errors];

    const perLocation = await Promise.all(
      target.locations.map(async location => {
        try {
          const acl = freshness.add(await this.webAcl(location));
          const namespace = acl.componentLabels[component];
          const [aclMetrics, labelSums, sample] = await Promise.all([
            this.webAclMetrics(location, acl, window, startMs, endMs),
            namespace
              ? this.labelMetrics(
                  location,
                  acl,
                  namespace,
                  component,
                  window,
                  startMs,
                  endMs,
                )
              : undefined,
            this.blockedSample(location).catch(error => {
              errors.push(toErrorEntry(scopeOf(location), error));
              return undefined;
            }),
          ]);
          if (!namespace) {
            errors.push({
              scope: scopeOf(location),
              name: 'WafLabelRuleMissing',
              message: `Web ACL ${location.webAcl} has no rule adding the label ${label}; the counts are the whole web ACL's. Add the component label rule (docs/waf.md).`,
            });
          }
          return {
            location,
            acl,
            namespace,
            aclMetrics: freshness.add(aclMetrics),
            labelSums: labelSums && freshness.add(labelSums),
            sample: sample && freshness.add(sample),
          };
        } catch (error) {
          errors.push(toErrorEntry(scopeOf(location), error));
          return undefined;
        }
      }),
    );
    const loaded = perLocation.filter(
      (l): l is NonNullable<typeof l> => l !== undefined,
    );

    // Totals and series: the component's label metrics where the label rule
    // exists; the whole web ACL's only when no location has it.
    const labelled = loaded.filter(l => l.labelSums);
    const scope = labelled.length ? 'component' : 'webAcl';
    const series: WafSeriesBucket[] = Array.from(
      { length: buckets },
      (_, i) => ({
        start: new Date(startMs + i * bucketMs).toISOString(),
        ...emptyCounts(),
        byRule: [],
      }),
    );
    const totals = emptyCounts();
    for (const l of scope === 'component' ? labelled : loaded) {
      for (const [field] of METRICS) {
        const values =
          scope === 'component' ? l.labelSums![field] : l.aclMetrics.all[field];
        values.forEach((value, i) => {
          series[i][field] += value;
          totals[field] += value;
        });
      }
    }
    const rules = new Map<string, WafTopRule>();
    const byRuleBuckets = new Map<string, number[]>();
    for (const l of loaded) {
      for (const { rule, counts, blockedByBucket } of l.aclMetrics.rules) {
        const entry = rules.get(rule.name) ?? {
          ruleId: rule.name,
          metricName: rule.metricName,
          kind: rule.kind,
          ruleGroup: rule.ruleGroup,
          total: 0,
          ...emptyCounts(),
        };
        for (const [field] of METRICS) entry[field] += counts[field];
        entry.total =
          entry.allowed +
          entry.blocked +
          entry.captcha +
          entry.challenge +
          entry.counted;
        rules.set(rule.name, entry);
        const sums = byRuleBuckets.get(rule.name) ?? new Array(buckets).fill(0);
        blockedByBucket.forEach((v, i) => (sums[i] += v));
        byRuleBuckets.set(rule.name, sums);
      }
    }
    for (const [ruleId, sums] of byRuleBuckets) {
      sums.forEach((blocked, i) => {
        if (blocked) series[i].byRule.push({ ruleId, blocked });
      });
    }

    // The sample: the entity's blocked requests among the web ACL's latest.
    const samples = loaded.filter(l => l.sample);
    const matchedBy = loaded.some(l => l.namespace) ? 'label' : 'host-and-path';
    const mine: WafLogRecord[] = [];
    for (const l of samples) {
      const fullLabel = l.namespace ? `${l.namespace}:${component}` : undefined;
      for (const record of l.sample!.records) {
        const own = fullLabel
          ? record.labels.includes(fullLabel)
          : matchesTraffic(record, target.filter);
        if (own) mine.push(record);
      }
    }
    mine.sort((a, b) => b.time - a.time);
    const ips = new Map<
      string,
      { clientIp: string; country: string; blocked: number }
    >();
    const countries = new Map<string, { country: string; blocked: number }>();
    for (const record of mine) {
      const ip = ips.get(record.clientIp) ?? {
        clientIp: record.clientIp,
        country: record.country,
        blocked: 0,
      };
      ip.blocked++;
      ips.set(record.clientIp, ip);
      const country = countries.get(record.country) ?? {
        country: record.country,
        blocked: 0,
      };
      country.blocked++;
      countries.set(record.country, country);
    }
    const top = <T extends { blocked: number }>(items: Iterable<T>) =>
      [...items].sort((a, b) => b.blocked - a.blocked).slice(0, TOP);
    const recentBlocked = mine.slice(0, RECENT_SHOWN).map(toBlockedRequest);
    const first = samples[0]?.sample;

    return {
      source: provider.source,
      fetchedAt: freshness.fetchedAt ?? new Date(now).toISOString(),
      ...(freshness.stale ? { stale: freshness.stale } : {}),
      entityRef: claims.entityRef,
      window,
      webAcl: {
        name: target.webAcl ?? '',
        scope: target.scope,
        arn: loaded[0]?.acl.arn,
        metricName: loaded[0]?.acl.metricName,
        locations: target.locations.map(l => ({
          environment: l.environment,
          accountId: l.accountId,
          region: l.region,
          logGroup: l.logGroup,
        })),
      },
      filter: target.filter,
      counts: {
        scope,
        label,
        labelNamespaces: [
          ...new Set(loaded.flatMap(l => (l.namespace ? [l.namespace] : []))),
        ],
      },
      totals,
      bucketMs,
      series,
      topRules: [...rules.values()].sort(
        (a, b) =>
          b.blocked +
            b.captcha +
            b.challenge -
            (a.blocked + a.captcha + a.challenge) ||
          b.total - a.total ||
          a.ruleId.localeCompare(b.ruleId),
      ),
      recentBlocked,
      topClientIps: top(ips.values()),
      topCountries: top(countries.values()),
      sample: {
        startTime: first ? new Date(first.startMs).toISOString() : undefined,
        endTime: first ? new Date(first.endMs).toISOString() : undefined,
        windowMs: wafConfig.recentWindowMs,
        refreshMs: wafConfig.recentTtlMs,
        limit: wafConfig.recentLimit,
        returned: samples.reduce((n, l) => n + l.sample!.returned, 0),
        limitReached: samples.some(l => l.sample!.limitReached),
        matched: mine.length,
        shown: recentBlocked.length,
        matchedBy,
        malformed: samples.reduce((n, l) => n + l.sample!.malformed, 0),
        recordsScanned: samples.reduce(
          (n, l) => n + l.sample!.recordsScanned,
          0,
        ),
        bytesScanned: samples.reduce((n, l) => n + l.sample!.bytesScanned, 0),
      },
      errors,
    };
  }

  async getEntityCoverage(claims: GrantedClaims): Promise<EntityWafCoverage> {
    const { provider, clock } = this.options;
    const target = this.resolve(claims);
    const freshness = new Freshness();
    const errors: AwsOpsErrorEntry[] = [...target.errors];
    const locations = await Promise.all(
      target.locations.map(async location => {
        const coverage = {
          environments: target.environmentsOf(location),
          accountId: location.accountId,
          region: location.region,
          scope: location.scope,
          webAcl: location.webAcl,
        };
        let acl: WafWebAclInfo;
        try {
          acl = freshness.add(await this.webAcl(location));
        } catch (error) {
          if (isNonexistent(error)) {
            return { ...coverage, exists: false, ruleGroups: [] };
          }
          errors.push(toErrorEntry(scopeOf(location), error));
          return undefined;
        }
        const ruleGroups = acl.rules
          .filter(rule => rule.ruleGroup)
          .map(rule => ({
            ruleGroup: rule.ruleGroup!,
            managed: rule.ruleGroup!.includes('#'),
            countOnly: rule.kind === 'GROUP_COUNT',
          }));
        let associatedResources: string[] | undefined;
        try {
          if (!acl.arn) throw new Error('GetWebACL answered no ARN');
          associatedResources = freshness.add(
            await this.webAclResources(location, acl.arn),
          );
        } catch (error) {
          errors.push(
            toErrorEntry(
              scopeOf(location),
              Object.assign(error as Error, {
                message: `resources of web ACL ${location.webAcl}: ${
                  (error as Error).message
                }`,
              }),
            ),
          );
        }
        return {
          ...coverage,
          exists: true,
          ruleGroups,
          ...(associatedResources ? { associatedResources } : {}),
        };
      }),
    );
    return {
      source: provider.source,
      fetchedAt: freshness.fetchedAt ?? new Date(clock()).toISOString(),
      ...(freshness.stale ? { stale: freshness.stale } : {}),
      entityRef: claims.entityRef,
      ...(target.webAcl ? { webAcl: target.webAcl } : {}),
      scope: target.scope,
      locations: locations.filter(
        (l): l is NonNullable<typeof l> => l !== undefined,
      ),
      errors,
    };
  }

  async getEntitySummary(claims: GrantedClaims): Promise<EntityWafSummary> {
    const { head, target, label, series, errors } = await this.readBlocked(
      claims,
    );
    let blockedLastHour = 0;
    let blockedBefore = 0;
    for (const { values, bucketMs } of series) {
      // [the 23 hours before, the last hour]
      const lastHour = values.length - HOUR_MS / bucketMs;
      blockedLastHour += sum(values.slice(lastHour));
      blockedBefore += sum(values.slice(0, lastHour));
    }
    const baselineBlockedPerHour = blockedBefore / 23;
    return {
      ...head,
      webAcl: target.webAcl,
      blockedLastHour,
      baselineBlockedPerHour,
      spike: isSpike(blockedLastHour, baselineBlockedPerHour),
      ...(label ? { label } : {}),
      errors,
    };
  }

  async getEntitySpikes(
    claims: GrantedClaims,
    range: { start: number; end: number },
  ): Promise<EntityWafSpikesResponse> {
    if (
      !Number.isFinite(range.start) ||
      !Number.isFinite(range.end) ||
      range.end < range.start ||
      range.end - range.start > SPIKES_MAX_RANGE_MS
    ) {
      throw new InputError(
        'The WAF spikes range must be a start and an end at most 24 hours apart',
      );
    }
    const { head, target, label, series, errors } = await this.readBlocked(
      claims,
    );
    const spikes: WafSpike[] = [];
    for (const { location, startMs, bucketMs, values } of series) {
      const environments = target.environmentsOf(location);
      for (const spike of findSpikes(values, startMs, bucketMs)) {
        // Every spike that overlaps the range, whole.
        if (
          Date.parse(spike.start) < range.end &&
          Date.parse(spike.end) > range.start
        ) {
          spikes.push({ ...spike, environments });
        }
      }
    }
    spikes.sort(
      (a, b) =>
        a.start.localeCompare(b.start) ||
        String(a.environments).localeCompare(String(b.environments)),
    );
    return {
      ...head,
      start: new Date(range.start).toISOString(),
      end: new Date(range.end).toISOString(),
      webAcl: target.webAcl,
      ...(label ? { label } : {}),
      spikes,
      errors,
    };
  }

  /**
   * The component's `BlockedRequests` label metric per web ACL location:
   * 5-minute sums over the 24 hours up to the end of the current 5 minutes,
   * one cached read per location and component that the summary and the
   * spikes share (batched with the other components' reads of the location).
   * A location without the component's label rule is an error entry.
   */
  private async readBlocked(claims: GrantedClaims) {
    const { provider, clock, wafConfig } = this.options;
    const now = clock();
    const target = this.resolve(claims);
    const freshness = new Freshness();
    const errors: AwsOpsErrorEntry[] = [...target.errors];
    const component = claims.entity.metadata.name;
    const label = `${wafConfig.componentLabelPrefix}${component}`;
    let labelled = false;
    const series = await Promise.all(
      target.locations.map(async location => {
        try {
          const acl = freshness.add(await this.webAcl(location));
          const namespace = acl.componentLabels[component];
          if (!namespace) {
            errors.push({
              scope: scopeOf(location),
              name: 'WafLabelRuleMissing',
              message: `Web ACL ${location.webAcl} has no rule adding the label ${label}; no per-component blocks (docs/waf.md)`,
            });
            return undefined;
          }
          labelled = true;
          const blocked = freshness.add(
            await this.blocked24h(location, acl, namespace, component),
          );
          return { ...blocked, location };
        } catch (error) {
          errors.push(toErrorEntry(scopeOf(location), error));
          return undefined;
        }
      }),
    );
    return {
      head: {
        source: provider.source,
        fetchedAt: freshness.fetchedAt ?? new Date(now).toISOString(),
        ...(freshness.stale ? { stale: freshness.stale } : {}),
        entityRef: claims.entityRef,
      },
      target,
      errors,
      label: labelled ? label : undefined,
      series: series.filter((s): s is NonNullable<typeof s> => s !== undefined),
    };
  }

  /** One GetMetricData per location for the components asked together per `metricsTtlSeconds`. */
  private blocked24h(
    location: WafLogLocation,
    acl: WafWebAclInfo,
    namespace: string,
    component: string,
  ): Promise<Fetched<BlockedSeries>> {
    const { wafConfig, clock } = this.options;
    return this.cached(
      `blocked24h:${keyOf(location)}:${
        acl.metricName
      }:${namespace}:${component}`,
      wafConfig.metricsTtlMs,
      async () => {
        const bucketMs = SUMMARY_PERIOD_S * 1000;
        const endMs = Math.ceil(clock() / bucketMs) * bucketMs;
        const startMs = endMs - 24 * HOUR_MS;
        // Batched with the other components' reads of this location.
        const series = await this.metricBatch.load(location, {
          query: {
            id: 'blocked',
            metricName: 'BlockedRequests',
            dimensions: labelDimensions(location, acl, namespace, component),
          },
          startMs,
          endMs,
          periodSeconds: SUMMARY_PERIOD_S,
        });
        const buckets = (endMs - startMs) / bucketMs;
        return {
          startMs,
          bucketMs,
          values:
            bucketSums([series], startMs, bucketMs, buckets)[series.id] ??
            new Array(buckets).fill(0),
        };
      },
    );
  }

  private resolve(claims: GrantedClaims): WafTarget {
    const granted = claims.links.waf;
    const target = resolveWafTarget(
      claims.entity,
      granted,
      this.options.awsOps.resolver,
      this.options.wafConfig,
    );
    const claimed = claims.claimed.waf;
    if (!granted && claimed) {
      // Shown as claimed, searched nowhere; the errors say why.
      target.webAcl = claimed.webAcl;
      target.filter = { host: claimed.host, pathPrefix: claimed.pathPrefix };
    }
    target.errors.unshift(...claimErrors(claims, ['waf-traffic']));
    return target;
  }

  private cached<T>(key: string, ttlMs: number, load: () => Promise<T>) {
    const { awsOps, provider } = this.options;
    return awsOps.cache.getOrLoad<T>(
      `waf:${provider.source}:${key}`,
      { ttlMs, failureTtlMs: awsOps.config.cache.liveTtlMs },
      load,
    );
  }

  /** One GetWebACL per web ACL location per `webAclTtlSeconds`. */
  private webAcl(location: WafLogLocation): Promise<Fetched<WafWebAclInfo>> {
    const { provider, wafConfig } = this.options;
    return this.cached(
      `acl:${keyOf(location)}`,
      wafConfig.webAclTtlMs,
      async () =>
        readWebAclInfo(
          await provider.getWebAcl(location),
          location,
          wafConfig.componentLabelPrefix,
        ),
    );
  }

  /** `ALL` and every rule of the web ACL over the window: one GetMetricData per location and window. */
  /** One association read per web ACL location per `webAclTtlSeconds`. */
  private webAclResources(
    location: WafLogLocation,
    arn: string,
  ): Promise<Fetched<string[]>> {
    const { provider, wafConfig } = this.options;
    return this.cached(
      `resources:${keyOf(location)}`,
      wafConfig.webAclTtlMs,
      () => provider.listWebAclResources(location, arn),
    );
  }

  private webAclMetrics(
    location: WafLogLocation,
    acl: WafWebAclInfo,
    window: WafWindow,
    startMs: number,
    endMs: number,
  ): Promise<Fetched<WebAclMetrics>> {
    const { provider, wafConfig } = this.options;
    const base = aclDimensions(location, acl);
    return this.cached(
      `metrics:${keyOf(location)}:${acl.metricName}:${window}`,
      wafConfig.metricsTtlMs,
      async () => {
        const queries: WafMetricQuery[] = METRICS.map(
          ([field, metricName]) => ({
            id: `all_${field}`,
            metricName,
            dimensions: { ...base, Rule: 'ALL' },
          }),
        );
        acl.rules.forEach((rule, index) => {
          for (const [field, metricName] of metricsOf(rule)) {
            queries.push({
              id: `r${index}_${field}`,
              metricName,
              dimensions: { ...base, Rule: rule.metricName },
            });
          }
        });
        const sums = bucketSums(
          await provider.getMetricData(location, {
            queries,
            startMs,
            endMs,
            periodSeconds: BUCKET_MS[window] / 1000,
          }),
          startMs,
          BUCKET_MS[window],
          WAF_WINDOW_MS[window] / BUCKET_MS[window],
        );
        const buckets = WAF_WINDOW_MS[window] / BUCKET_MS[window];
        const zeros = () => new Array(buckets).fill(0);
        const all = Object.fromEntries(
          METRICS.map(([field]) => [field, sums[`all_${field}`] ?? zeros()]),
        ) as WebAclMetrics['all'];
        return {
          all,
          rules: acl.rules.map((rule, index) => {
            const counts = emptyCounts();
            for (const [field] of METRICS) {
              counts[field] = sum(sums[`r${index}_${field}`]);
            }
            return {
              rule,
              counts,
              blockedByBucket: sums[`r${index}_blocked`] ?? zeros(),
            };
          }),
        };
      },
    );
  }

  /** The component's label metrics over the window: one GetMetricData per location, component and window. */
  private labelMetrics(
    location: WafLogLocation,
    acl: WafWebAclInfo,
    namespace: string,
    component: string,
    window: WafWindow,
    startMs: number,
    endMs: number,
  ): Promise<Fetched<Record<keyof WafCounts, number[]>>> {
    const { provider, wafConfig } = this.options;
    const dimensions = labelDimensions(location, acl, namespace, component);
    const buckets = WAF_WINDOW_MS[window] / BUCKET_MS[window];
    return this.cached(
      `label:${keyOf(location)}:${
        acl.metricName
      }:${namespace}:${component}:${window}`,
      wafConfig.metricsTtlMs,
      async () => {
        const sums = bucketSums(
          await provider.getMetricData(location, {
            queries: METRICS.map(([field, metricName]) => ({
              id: `l_${field}`,
              metricName,
              dimensions,
            })),
            startMs,
            endMs,
            periodSeconds: BUCKET_MS[window] / 1000,
          }),
          startMs,
          BUCKET_MS[window],
          buckets,
        );
        return Object.fromEntries(
          METRICS.map(([field]) => [
            field,
            sums[`l_${field}`] ?? new Array(buckets).fill(0),
          ]),
        ) as Record<keyof WafCounts, number[]>;
      },
    );
  }

  /**
   * The latest blocked requests of the location's log group: one Logs
   * Insights query per `recent.refreshSeconds`, newest first, `recent.limit`
   * rows, over the last `recent.windowMinutes`.
   */
  private blockedSample(
    location: WafLogLocation,
  ): Promise<Fetched<BlockedSample>> {
    const { provider, wafConfig, clock } = this.options;
    return this.cached(
      `recent:${keyOf(location)}:${location.logGroup}:${
        wafConfig.recentLimit
      }:${wafConfig.recentWindowMs}`,
      wafConfig.recentTtlMs,
      async () => {
        const endMs = clock();
        const startMs = endMs - wafConfig.recentWindowMs;
        const result = await provider.queryLogs(location, {
          queryString: blockedRequestsQuery(wafConfig.recentLimit),
          startMs,
          endMs,
          limit: wafConfig.recentLimit,
        });
        const sample: BlockedSample = {
          startMs,
          endMs,
          records: [],
          returned: 0,
          limitReached: result.rows.length >= wafConfig.recentLimit,
          malformed: 0,
          recordsScanned: result.statistics.recordsScanned,
          bytesScanned: result.statistics.bytesScanned,
        };
        for (const row of result.rows.slice(0, wafConfig.recentLimit)) {
          const record = parseWafLogLine(row['@message'] ?? '');
          if (!record) {
            sample.malformed++;
            continue;
          }
          // The query filters on the action; a row that is not blocked is dropped here too.
          if (!isBlocked(record.action)) continue;
          sample.returned++;
          sample.records.push(record);
        }
        sample.records.sort((a, b) => b.time - a.time);
        return sample;
      },
    );
  }
}

/** The Logs Insights query of the latest blocked requests. */
export function blockedRequestsQuery(limit: number): string {
  return [
    'fields @timestamp, @message',
    'filter action in ["BLOCK", "CAPTCHA", "CHALLENGE"]',
    'sort @timestamp desc',
    `limit ${limit}`,
  ].join(' | ');
}

function toBlockedRequest(record: WafLogRecord): WafBlockedRequest {
  return {
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
  };
}

/** `WebACL` (its metric name) and, for regional web ACLs, `Region`; CloudFront metrics carry no Region. */
function aclDimensions(location: WafLogLocation, acl: WafWebAclInfo) {
  return {
    WebACL: acl.metricName,
    ...(location.scope === 'REGIONAL' ? { Region: location.region } : {}),
  };
}

function labelDimensions(
  location: WafLogLocation,
  acl: WafWebAclInfo,
  namespace: string,
  component: string,
) {
  return {
    ...aclDimensions(location, acl),
    LabelNamespace: namespace,
    Label: component,
  };
}

function bucketSums(
  series: WafMetricSeries[],
  startMs: number,
  bucketMs: number,
  buckets: number,
): BucketSums {
  const sums: BucketSums = {};
  for (const s of series) {
    const values = (sums[s.id] ??= new Array(buckets).fill(0));
    s.timestamps.forEach((t, i) => {
      const index = Math.floor((t - startMs) / bucketMs);
      if (index >= 0 && index < buckets) values[index] += s.values[i];
    });
  }
  return sums;
}

/** AWS's "no such web ACL": GetWebACL's WAFNonexistentItemException, or none of that name listed. */
function isNonexistent(error: unknown) {
  const name = (error as Error)?.name;
  return name === 'WAFNonexistentItemException' || name === 'NotFoundError';
}

function keyOf(location: WafLogLocation) {
  return `${location.accountId}:${location.region}:${location.scope}:${location.webAcl}`;
}

function scopeOf(location: WafLogLocation) {
  return {
    environment: location.environment,
    accountId: location.accountId,
    region: location.region,
  };
}
