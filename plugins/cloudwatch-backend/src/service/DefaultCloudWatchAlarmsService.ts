import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  AwsLinks,
  AwsOpsErrorEntry,
  AwsOpsStale,
} from '@internal/backstage-plugin-aws-ops-common';
import { createHash } from 'node:crypto';
import {
  AwsOpsService,
  AwsTarget,
  claimErrors,
  Clock,
  Fetched,
  GrantedClaims,
  oldestStale,
  toErrorEntry,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  Alarm,
  ALARM_STATE_ORDER,
  AlarmSeries,
  AlarmStateChange,
  AlarmStateValue,
  AlarmWindow,
  EntityAlarmHistoryResponse,
  EntityAlarmListResponse,
  EntityAlarmsResponse,
  EntityAlarmSummary,
  MetricAlarm,
} from '@internal/backstage-plugin-cloudwatch-common';
import { CloudWatchConfig } from '../config';
import {
  AccountAlarms,
  AlarmRecord,
  AlarmsProvider,
  CloudWatchAlarmsService,
  MetricQuery,
  MetricSeriesBatch,
  SeriesLine,
} from '@internal/backstage-plugin-cloudwatch-node';

import { readAccountHistory } from './alarmHistory';
import { chartPeriodOf, rangeOf } from './windows';

/** An account+region to search, and the environment name(s) it stands for. */
interface SearchTarget extends AwsTarget {
  environment: string;
}

/** How an entity's alarms are recognised: the alarm claims it holds. */
type AlarmLinking = AwsLinks['alarms'];

/** Chart lines of some alarms of one account+region for one window, by query id. */
interface ChartLines {
  byId: Record<string, SeriesLine>;
}

/** One charted alarm of the entity: what to read and how to show it. */
interface ChartPlan {
  alarm: MetricAlarm;
  query: MetricQuery;
  divisor: number;
}

/** Chart reads of several components waiting to share one GetMetricData call. */
interface PendingBatch {
  target: AwsTarget;
  window: AlarmWindow;
  entries: Array<{
    queries: MetricQuery[];
    resolve: (batch: MetricSeriesBatch) => void;
    reject: (error: unknown) => void;
  }>;
}

function matchOf(
  alarm: Pick<AlarmRecord, 'name' | 'arn'>,
  linking: AlarmLinking,
): Alarm['matchedBy'] | undefined {
  if (linking.names.includes(alarm.name) || linking.arns.includes(alarm.arn)) {
    return 'name';
  }
  return linking.prefix !== undefined &&
    alarm.name.startsWith(`${linking.prefix}-`)
    ? 'prefix'
    : undefined;
}

function scopeOf(target: SearchTarget) {
  return {
    environment: target.environment,
    accountId: target.accountId,
    region: target.region,
  };
}

const stateRank = (state: AlarmStateValue) => ALARM_STATE_ORDER.indexOf(state);

function worstFirst(a: Alarm, b: Alarm): number {
  return (
    stateRank(a.state) - stateRank(b.state) ||
    a.name.localeCompare(b.name, 'en') ||
    a.environment.localeCompare(b.environment, 'en')
  );
}

/**
 * Builds the alarms of one entity. Each account+region's alarms are read with
 * one paginated DescribeAlarms per cache lifetime for every entity and viewer;
 * an entity only filters that list by its linking convention. Chart data is
 * read in batches of up to 500 alarms per account+region and window, also
 * shared by every entity.
 */
export class DefaultCloudWatchAlarmsService implements CloudWatchAlarmsService {
  private readonly pendingBatches = new Map<string, PendingBatch>();

  constructor(
    private readonly options: {
      awsOps: AwsOpsService;
      cloudWatchConfig: CloudWatchConfig;
      provider: AlarmsProvider;
      clock: Clock;
    },
  ) {}

  async listAlarms(claims: GrantedClaims): Promise<EntityAlarmListResponse> {
    const read = await this.readAlarms(claims);
    return {
      source: this.options.provider.source,
      fetchedAt: read.fetchedAt,
      ...(read.stale ? { stale: read.stale } : {}),
      errors: read.errors,
      entityRef: claims.entityRef,
      alarms: read.alarms.map(({ alarm }) => alarm).sort(worstFirst),
    };
  }

  async getAlarmSummary(claims: GrantedClaims): Promise<EntityAlarmSummary> {
    const { alarms, ...response } = await this.listAlarms(claims);
    const counts: Record<AlarmStateValue, number> = {
      ALARM: 0,
      INSUFFICIENT_DATA: 0,
      OK: 0,
    };
    for (const alarm of alarms) counts[alarm.state]++;
    const worstState =
      ALARM_STATE_ORDER.find(state => counts[state] > 0) ?? 'NONE';
    return {
      ...response,
      worstState,
      counts,
      alarming: alarms
        .filter(alarm => alarm.state === 'ALARM')
        .map(alarm => ({
          name: alarm.name,
          environment: alarm.environment,
          stateReason: alarm.stateReason,
          stateUpdatedAt: alarm.stateUpdatedAt,
          consoleUrl: alarm.consoleUrl,
        })),
    };
  }

  async getEntityAlarms(
    claims: GrantedClaims,
    options: { window: AlarmWindow },
  ): Promise<EntityAlarmsResponse> {
    const read = await this.readAlarms(claims);
    const errors = [...read.errors];
    let fetchedAt = read.fetchedAt;
    const stalePieces: Array<{ stale?: AwsOpsStale }> = [read];
    let skippedDatapoints = 0;

    // Chart data of this entity's metric alarms only, per account+region.
    const plans = new Map<
      string,
      { target: SearchTarget; plans: ChartPlan[] }
    >();
    read.alarms.forEach(({ alarm, target }) => {
      if (alarm.type !== 'metric' || !alarm.metric) return;
      const key = `${target.accountId}/${target.region}`;
      const group = plans.get(key) ?? { target, plans: [] };
      plans.set(key, group);
      const chart = chartPeriodOf(options.window, alarm.metric);
      const expression = alarm.metric.queryId ? alarm.expression : undefined;
      group.plans.push({
        alarm,
        // Whether an expression adds up over time is unknown (`FILL(m1, 0)`
        // does, `m1 / PERIOD(m1)` does not): its values are left as read.
        divisor: expression ? 1 : chart.divisor,
        query: {
          id: `q${group.plans.length}`,
          alarmName: alarm.name,
          metric: alarm.metric,
          period: chart.period,
          expression,
        },
      });
    });
    const seriesByAlarm = new Map<MetricAlarm, AlarmSeries>();
    const reads = await Promise.all(
      [...plans.values()].map(group =>
        this.readChartLines(group.target, options.window, group.plans).then(
          lines => ({ group, lines }),
          error => ({ group, error }),
        ),
      ),
    );
    for (const result of reads) {
      if (!('lines' in result)) {
        errors.push(toErrorEntry(scopeOf(result.group.target), result.error));
        continue;
      }
      const { lines, group } = result;
      stalePieces.push(lines);
      if (lines.fetchedAt < fetchedAt) fetchedAt = lines.fetchedAt;
      for (const { alarm, query, divisor } of group.plans) {
        const line = lines.value.byId[query.id];
        skippedDatapoints += line?.skipped ?? 0;
        seriesByAlarm.set(alarm, {
          timestamps: line?.timestamps ?? [],
          values: (line?.values ?? []).map(v =>
            divisor > 1 ? Number((v / divisor).toPrecision(6)) : v,
          ),
          period: query.period,
          statistic: query.metric.statistic,
          alarmPeriod: query.metric.period,
          ...(divisor > 1 ? { perAlarmPeriod: true } : {}),
          ...(query.expression ? { expression: query.expression } : {}),
        });
      }
    }

    const alarms: Alarm[] = read.alarms.map(({ alarm }) => {
      const series = alarm.type === 'metric' && seriesByAlarm.get(alarm);
      return series ? { ...alarm, series } : alarm;
    });
    const stale = oldestStale(stalePieces);

    return {
      source: this.options.provider.source,
      fetchedAt,
      ...(stale ? { stale } : {}),
      errors,
      entityRef: claims.entityRef,
      window: options.window,
      // What the entity claims; a refused claim matches nothing and is explained in errors.
      linking: {
        prefix: claims.claimed.alarms.prefix ?? '',
        names: [...claims.claimed.alarms.names, ...claims.claimed.alarms.arns],
        environments: read.environments,
      },
      alarms: alarms.sort(worstFirst),
      skipped: { alarms: read.skippedAlarms, datapoints: skippedDatapoints },
    };
  }

  async getAlarmHistory(
    claims: GrantedClaims,
    range: { start: number; end: number },
  ): Promise<EntityAlarmHistoryResponse> {
    const { awsOps, provider, clock } = this.options;
    const linking = claims.links.alarms;
    const { targets, errors } = this.searchTargets(claims);
    let fetchedAt = new Date(clock()).toISOString();
    let skipped = 0;
    const stalePieces: Array<{ stale?: AwsOpsStale }> = [];
    const changes: AlarmStateChange[] = [];
    const reads = await Promise.all(
      targets.map(target =>
        readAccountHistory({ awsOps, provider, clock, target, range }).then(
          history => ({ target, history }),
          error => ({ target, error }),
        ),
      ),
    );
    for (const result of reads) {
      const { target } = result;
      if (!('history' in result)) {
        errors.push(toErrorEntry(scopeOf(target), result.error));
        continue;
      }
      const { history } = result;
      stalePieces.push(history);
      if (history.fetchedAt < fetchedAt) fetchedAt = history.fetchedAt;
      skipped += history.skipped;
      for (const change of history.changes) {
        // Linked as DescribeAlarms' alarms are, by name, ARN or prefix; an
        // alarm deleted since keeps its history.
        const linked = matchOf(
          {
            name: change.alarmName,
            arn: `arn:aws:cloudwatch:${target.region}:${target.accountId}:alarm:${change.alarmName}`,
          },
          linking,
        );
        if (linked)
          changes.push({ ...change, environment: target.environment });
      }
    }
    const stale = oldestStale(stalePieces);
    return {
      source: provider.source,
      fetchedAt,
      ...(stale ? { stale } : {}),
      errors,
      entityRef: claims.entityRef,
      start: new Date(range.start).toISOString(),
      end: new Date(range.end).toISOString(),
      changes: changes.sort(
        (a, b) =>
          a.timestamp.localeCompare(b.timestamp) ||
          a.alarmName.localeCompare(b.alarmName, 'en') ||
          a.environment.localeCompare(b.environment, 'en'),
      ),
      skipped,
    };
  }

  /** The entity's alarms in every account+region it is searched in. */
  private async readAlarms(claims: GrantedClaims): Promise<{
    environments: string[];
    alarms: { alarm: Alarm; target: SearchTarget }[];
    errors: AwsOpsErrorEntry[];
    fetchedAt: string;
    stale?: AwsOpsStale;
    skippedAlarms: number;
  }> {
    const { clock } = this.options;
    const linking = claims.links.alarms;
    const { targets, environments, errors } = this.searchTargets(claims);
    let fetchedAt = new Date(clock()).toISOString();
    let skippedAlarms = 0;
    const stalePieces: Array<{ stale?: AwsOpsStale }> = [];
    const alarms: { alarm: Alarm; target: SearchTarget }[] = [];
    // Read in parallel, merged in target order so responses are stable.
    const accounts = await Promise.all(
      targets.map(target =>
        this.readAccountAlarms(target).then(
          account => ({ target, account }),
          error => ({ target, error }),
        ),
      ),
    );
    for (const result of accounts) {
      const { target } = result;
      if (!('account' in result)) {
        errors.push(toErrorEntry(scopeOf(target), result.error));
        continue;
      }
      const { account } = result;
      stalePieces.push(account);
      if (account.fetchedAt < fetchedAt) fetchedAt = account.fetchedAt;
      skippedAlarms += account.value.skipped;
      for (const record of account.value.alarms) {
        const matchedBy = matchOf(record, linking);
        if (matchedBy) {
          alarms.push({
            alarm: {
              ...record,
              environment: target.environment,
              matchedBy,
            } as Alarm,
            target,
          });
        }
      }
    }
    const stale = oldestStale(stalePieces);
    return {
      environments,
      alarms,
      errors,
      fetchedAt,
      ...(stale ? { stale } : {}),
      skippedAlarms,
    };
  }

  /**
   * The account+regions to search for the entity's alarms (none when it
   * holds no alarm claim: it has nothing to look up), its environments, and
   * the errors of refused claims and environments.
   */
  private searchTargets(claims: GrantedClaims): {
    targets: SearchTarget[];
    environments: string[];
    errors: AwsOpsErrorEntry[];
  } {
    const linking = claims.links.alarms;
    const { targets, environments, errors } = this.resolveTargets(
      claims.entity,
      linking,
    );
    errors.unshift(
      ...claimErrors(claims, ['alarm-prefix', 'alarm-name', 'alarm-arn']),
    );
    const claimsAlarms =
      linking.prefix !== undefined ||
      linking.names.length > 0 ||
      linking.arns.length > 0;
    return { targets: claimsAlarms ? targets : [], environments, errors };
  }

  /**
   * The account+regions of the entity's environments, plus those of alarm
   * ARNs it names (which must be inside the allowlist).
   */
  private resolveTargets(
    entity: Entity,
    linking: AlarmLinking,
  ): {
    targets: SearchTarget[];
    environments: string[];
    errors: AwsOpsErrorEntry[];
  } {
    const { resolver } = this.options.awsOps;
    const { environments, errors } = resolver.resolveEnvironments(entity);
    const targets = new Map<string, SearchTarget>();
    for (const env of environments) {
      const key = `${env.accountId}/${env.region}`;
      const known = targets.get(key);
      targets.set(key, {
        accountId: env.accountId,
        region: env.region,
        environment: known ? `${known.environment}, ${env.name}` : env.name,
      });
    }
    // A refused ARN matches nothing: its account+region is never searched.
    for (const arn of linking.arns) {
      try {
        const parsed = resolver.parseArn(arn, 'cloudwatch');
        if (!parsed.resource.startsWith('alarm:')) {
          throw new InputError(`'${arn}' is not a CloudWatch alarm ARN`);
        }
        const key = `${parsed.accountId}/${parsed.region}`;
        if (!targets.has(key)) {
          targets.set(key, {
            accountId: parsed.accountId,
            region: parsed.region,
            environment: `${parsed.region} (${parsed.accountId})`,
          });
        }
      } catch (error) {
        errors.push(toErrorEntry({}, error));
      }
    }
    return {
      targets: [...targets.values()],
      environments: environments.map(env => env.name),
      errors,
    };
  }

  private readAccountAlarms(
    target: AwsTarget,
  ): Promise<Fetched<AccountAlarms>> {
    const { awsOps, provider } = this.options;
    return awsOps.cache.getOrLoad(
      `cloudwatch:${provider.source}:alarms:${target.accountId}:${target.region}`,
      {
        ttlMs: awsOps.config.cache.liveTtlMs,
        failureTtlMs: awsOps.config.cache.liveTtlMs,
      },
      () => provider.describeAlarms(target),
    );
  }

  /**
   * Chart lines of the given alarms of one account+region for one window,
   * cached by what is read, so entities showing the same alarms share the
   * read and a changed alarm (period, statistic, metric) is read anew. Reads
   * starting together share one GetMetricData call (500 lines per call).
   */
  private readChartLines(
    target: AwsTarget,
    window: AlarmWindow,
    plans: ChartPlan[],
  ): Promise<Fetched<ChartLines>> {
    const { awsOps, provider, cloudWatchConfig } = this.options;
    const queries = plans.map(plan => plan.query);
    const digest = createHash('sha256')
      .update(JSON.stringify(queries))
      .digest('base64url')
      .slice(0, 22);
    return awsOps.cache.getOrLoad(
      `cloudwatch:${provider.source}:metrics:${target.accountId}:${target.region}:${window}:${digest}`,
      {
        ttlMs: cloudWatchConfig.metricDataTtlMs,
        failureTtlMs: awsOps.config.cache.liveTtlMs,
      },
      async () => ({
        byId: await this.batchedMetricData(target, window, queries),
      }),
    );
  }

  /**
   * GetMetricData for `queries`, in one call with the other components' chart
   * reads of the same account+region and window that start within
   * `metricDataBatchMs`.
   * Identical lines (an alarm several components show) are asked for once.
   */
  private batchedMetricData(
    target: AwsTarget,
    window: AlarmWindow,
    queries: MetricQuery[],
  ): Promise<MetricSeriesBatch> {
    const key = `${target.accountId}/${target.region}/${window}`;
    return new Promise((resolve, reject) => {
      let batch = this.pendingBatches.get(key);
      if (!batch) {
        batch = { target, window, entries: [] };
        this.pendingBatches.set(key, batch);
        setTimeout(
          () => this.flushBatch(key),
          this.options.cloudWatchConfig.metricDataBatchMs,
        );
      }
      batch.entries.push({ queries, resolve, reject });
    });
  }

  private async flushBatch(key: string): Promise<void> {
    const batch = this.pendingBatches.get(key)!;
    this.pendingBatches.delete(key);
    const { provider, clock } = this.options;
    const lines: MetricQuery[] = [];
    const idOfLine = new Map<string, string>();
    const idsOfEntry = batch.entries.map(entry =>
      entry.queries.map(query => {
        const { id: _, alarmName: __, ...line } = query;
        const lineKey = JSON.stringify(line);
        let id = idOfLine.get(lineKey);
        if (!id) {
          id = `l${lines.length}`;
          idOfLine.set(lineKey, id);
          lines.push({ ...query, id });
        }
        return [query.id, id] as const;
      }),
    );
    try {
      const longest = Math.max(...lines.map(q => q.period));
      const result = await provider.getMetricData(
        batch.target,
        lines,
        rangeOf(batch.window, clock(), longest),
      );
      batch.entries.forEach((entry, i) =>
        entry.resolve(
          Object.fromEntries(
            idsOfEntry[i].flatMap(([own, shared]) =>
              result[shared] ? [[own, result[shared]]] : [],
            ),
          ),
        ),
      );
    } catch (error) {
      for (const entry of batch.entries) entry.reject(error);
    }
  }
}
