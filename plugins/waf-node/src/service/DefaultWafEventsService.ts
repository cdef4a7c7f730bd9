import { AwsOpsErrorEntry } from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsService,
  claimErrors,
  Clock,
  GrantedClaims,
  toErrorEntry,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  EntityWafEventsResponse,
  EntityWafSummary,
  WafRuleMetric,
  WafWindow,
  WAF_WINDOW_MS,
} from '@internal/backstage-plugin-waf-common';
import { WafConfig } from '../config';
import { aggregate, matchesTraffic, TrafficFilter } from '../logs/aggregate';
import { isBlocked, parseWafLogLine, WafLogRecord } from '../logs/wafLogRecord';
import { WafLogLocation, WafProvider } from '../providers/types';
import { resolveWafTarget, WafTarget } from './resolveWafTarget';
import { WafEventsService } from './types';

/** One read of a log group over a window, shared by every entity and viewer. */
interface LogGroupRead {
  records: WafLogRecord[];
  malformed: number;
  /** The read stopped at `awsOps.waf.maxEventsPerRead`. */
  limitReached: boolean;
  /** From the records' `webaclId`. */
  webAclArn?: string;
  /** Web ACL rules seen in the records, for the metric queries. */
  rules: string[];
}

const HOUR_MS = 3_600_000;

/**
 * A spike: at least three times the baseline and at least 20 more blocks, so
 * a quiet component does not spike on a handful of blocks.
 */
export function isSpike(blockedLastHour: number, baseline: number): boolean {
  return blockedLastHour >= Math.max(3 * baseline, baseline + 20);
}

/**
 * Builds WAF responses. Each log group is read once per account, region,
 * group and window per cache lifetime, for all entities and viewers; an
 * entity only filters the cached records by host and path.
 */
export class DefaultWafEventsService implements WafEventsService {
  /**
   * Each cached read's records per traffic filter, so warm requests do not
   * scan the whole log group again. Keyed by the read object, which the
   * cache hands out unchanged until it expires; then the memo goes with it.
   */
  private readonly matching = new WeakMap<
    LogGroupRead,
    Map<string, WafLogRecord[]>
  >();

  constructor(
    private readonly options: {
      awsOps: AwsOpsService;
      wafConfig: WafConfig;
      provider: WafProvider;
      clock: Clock;
    },
  ) {}

  async getEntityEvents(
    claims: GrantedClaims,
    { window }: { window: WafWindow },
  ): Promise<EntityWafEventsResponse> {
    const { provider, clock } = this.options;
    const now = clock();
    const target = this.resolve(claims);
    const reads = await this.readLocations(target, window);
    const response: EntityWafEventsResponse = {
      source: provider.source,
      fetchedAt: reads.fetchedAt ?? new Date(now).toISOString(),
      entityRef: claims.entityRef,
      window,
      webAcl: {
        name: target.webAcl ?? '',
        scope: target.scope,
        arn: reads.webAclArn,
        locations: target.locations.map(l => ({
          environment: l.environment,
          accountId: l.accountId,
          region: l.region,
          logGroup: l.logGroup,
        })),
      },
      filter: target.filter,
      ...aggregate(reads.records, window, now),
      skipped: { malformed: reads.malformed, limitReached: reads.limitReached },
      errors: [...target.errors, ...reads.errors],
    };
    if (reads.rules.length && this.options.wafConfig.ruleMetrics) {
      const metrics = await this.readRuleMetrics(
        reads.loaded,
        window,
        reads.rules,
      );
      response.ruleMetrics = metrics.ruleMetrics;
      response.errors.push(...metrics.errors);
    }
    return response;
  }

  async getEntitySummary(claims: GrantedClaims): Promise<EntityWafSummary> {
    const { provider, clock } = this.options;
    const now = clock();
    const target = this.resolve(claims);
    // The 24h read the Security events tab also uses: no extra AWS calls.
    const reads = await this.readLocations(target, '24h');
    let blockedLastHour = 0;
    let blockedBefore = 0;
    for (const record of reads.records) {
      if (!isBlocked(record.action)) continue;
      if (record.time >= now - HOUR_MS) blockedLastHour++;
      else if (record.time >= now - WAF_WINDOW_MS['24h']) blockedBefore++;
    }
    const baselineBlockedPerHour = blockedBefore / 23;
    return {
      source: provider.source,
      fetchedAt: reads.fetchedAt ?? new Date(now).toISOString(),
      entityRef: claims.entityRef,
      webAcl: target.webAcl,
      blockedLastHour,
      baselineBlockedPerHour,
      spike: isSpike(blockedLastHour, baselineBlockedPerHour),
      errors: [...target.errors, ...reads.errors],
    };
  }

  private recordsMatching(
    read: LogGroupRead,
    filter: TrafficFilter,
  ): WafLogRecord[] {
    let byFilter = this.matching.get(read);
    if (!byFilter) {
      byFilter = new Map();
      this.matching.set(read, byFilter);
    }
    const key = `${filter.host ?? ''} ${filter.pathPrefix}`;
    let records = byFilter.get(key);
    if (!records) {
      records = read.records.filter(r => matchesTraffic(r, filter));
      byFilter.set(key, records);
    }
    return records;
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

  private async readLocations(target: WafTarget, window: WafWindow) {
    const results = await Promise.all(
      target.locations.map(async location => {
        try {
          return { location, read: await this.readLogGroup(location, window) };
        } catch (error) {
          return { location, error: toErrorEntry(scopeOf(location), error) };
        }
      }),
    );
    const merged = {
      /** The entity's records of every location. */
      records: [] as WafLogRecord[],
      malformed: 0,
      limitReached: false,
      webAclArn: undefined as string | undefined,
      rules: [] as string[],
      fetchedAt: undefined as string | undefined,
      errors: [] as AwsOpsErrorEntry[],
      /** Locations whose log group was read. */
      loaded: [] as WafLogLocation[],
    };
    for (const result of results) {
      if (result.error) {
        merged.errors.push(result.error);
        continue;
      }
      const { value, fetchedAt } = result.read!;
      merged.loaded.push(result.location);
      merged.records.push(...this.recordsMatching(value, target.filter));
      merged.malformed += value.malformed;
      merged.limitReached ||= value.limitReached;
      merged.webAclArn ??= value.webAclArn;
      merged.rules = [...new Set([...merged.rules, ...value.rules])];
      if (!merged.fetchedAt || fetchedAt < merged.fetchedAt) {
        merged.fetchedAt = fetchedAt;
      }
    }
    return merged;
  }

  private readLogGroup(location: WafLogLocation, window: WafWindow) {
    const { awsOps, wafConfig, provider, clock } = this.options;
    return awsOps.cache.getOrLoad<LogGroupRead>(
      `waf:${provider.source}:logs:${location.accountId}:${location.region}:${location.logGroup}:${window}`,
      {
        ttlMs: wafConfig.eventsTtlMs,
        failureTtlMs: awsOps.config.cache.liveTtlMs,
      },
      async () => {
        const end = clock();
        const read: LogGroupRead = {
          records: [],
          malformed: 0,
          limitReached: false,
          rules: [],
        };
        const rules = new Set<string>();
        let lines = 0;
        for await (const page of provider.readLogLines(
          location,
          end - WAF_WINDOW_MS[window],
          end,
        )) {
          for (const line of page) {
            if (++lines > wafConfig.maxEventsPerRead) {
              read.limitReached = true;
              break;
            }
            const record = parseWafLogLine(line);
            if (!record) {
              read.malformed++;
              continue;
            }
            read.webAclArn ??= webAclArnOf(line);
            read.records.push(record);
            rules.add(record.ruleGroup ?? record.ruleId);
          }
          if (read.limitReached) break;
        }
        rules.delete('Default_Action');
        read.rules = ['ALL', ...[...rules].sort()];
        return read;
      },
    );
  }

  private async readRuleMetrics(
    locations: WafLogLocation[],
    window: WafWindow,
    rules: string[],
  ): Promise<{ ruleMetrics?: WafRuleMetric[]; errors: AwsOpsErrorEntry[] }> {
    const { awsOps, wafConfig, provider, clock } = this.options;
    const errors: AwsOpsErrorEntry[] = [];
    const byRule = new Map<string, WafRuleMetric>();
    await Promise.all(
      locations.map(async location => {
        try {
          const { value } = await awsOps.cache.getOrLoad<WafRuleMetric[]>(
            `waf:${provider.source}:metrics:${location.accountId}:${
              location.region
            }:${location.webAcl}:${window}:${rules.join(',')}`,
            {
              ttlMs: wafConfig.eventsTtlMs,
              failureTtlMs: awsOps.config.cache.liveTtlMs,
            },
            () => {
              const end = clock();
              return provider.readRuleMetrics(
                location,
                rules,
                end - WAF_WINDOW_MS[window],
                end,
              );
            },
          );
          for (const metric of value) {
            const sum = byRule.get(metric.rule) ?? {
              rule: metric.rule,
              allowed: 0,
              blocked: 0,
              counted: 0,
            };
            sum.allowed += metric.allowed;
            sum.blocked += metric.blocked;
            sum.counted += metric.counted;
            byRule.set(metric.rule, sum);
          }
        } catch (error) {
          errors.push(toErrorEntry(scopeOf(location), error));
        }
      }),
    );
    return {
      ruleMetrics:
        errors.length === locations.length ? undefined : [...byRule.values()],
      errors,
    };
  }
}

function scopeOf(location: WafLogLocation) {
  return {
    environment: location.environment,
    accountId: location.accountId,
    region: location.region,
  };
}

/** The web ACL ARN of a WAF log line (`webaclId`); only read from valid records. */
function webAclArnOf(line: string): string | undefined {
  const arn = /"webaclId"\s*:\s*"(arn:aws[\w-]*:wafv2:[^"]+)"/.exec(line)?.[1];
  return arn;
}
