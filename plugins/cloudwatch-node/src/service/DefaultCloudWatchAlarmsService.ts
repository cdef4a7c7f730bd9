import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  AwsLinks,
  AwsOpsErrorEntry,
} from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsService,
  AwsTarget,
  claimErrors,
  Clock,
  Fetched,
  GrantedClaims,
  toErrorEntry,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  Alarm,
  ALARM_STATE_ORDER,
  AlarmStateValue,
  AlarmWindow,
  EntityAlarmsResponse,
  EntityAlarmSummary,
} from '@internal/backstage-plugin-cloudwatch-common';
import { CloudWatchConfig } from '../config';
import {
  AccountAlarms,
  AlarmRecord,
  AlarmsProvider,
  MetricQuery,
  SeriesLine,
} from '../providers/types';
import { CloudWatchAlarmsService } from './types';
import { rangeOf, WINDOWS } from './windows';

/** An account+region to search, and the environment name(s) it stands for. */
interface SearchTarget extends AwsTarget {
  environment: string;
}

/** How an entity's alarms are recognised: the alarm claims it holds. */
type AlarmLinking = AwsLinks['alarms'];

/** Metric data of an account+region's alarms for one window, by alarm ARN. */
interface AccountSeries {
  byArn: Record<string, SeriesLine>;
}

function matchOf(
  alarm: AlarmRecord,
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
  constructor(
    private readonly options: {
      awsOps: AwsOpsService;
      cloudWatchConfig: CloudWatchConfig;
      provider: AlarmsProvider;
      clock: Clock;
    },
  ) {}

  async getAlarmSummary(claims: GrantedClaims): Promise<EntityAlarmSummary> {
    const read = await this.readAlarms(claims);
    const counts: Record<AlarmStateValue, number> = {
      ALARM: 0,
      INSUFFICIENT_DATA: 0,
      OK: 0,
    };
    for (const { alarm } of read.alarms) counts[alarm.state]++;
    const worstState =
      ALARM_STATE_ORDER.find(state => counts[state] > 0) ?? 'NONE';
    return {
      source: this.options.provider.source,
      fetchedAt: read.fetchedAt,
      errors: read.errors,
      entityRef: claims.entityRef,
      worstState,
      counts,
      alarming: read.alarms
        .map(({ alarm }) => alarm)
        .filter(alarm => alarm.state === 'ALARM')
        .sort(worstFirst)
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
    let skippedDatapoints = 0;

    const charted = read.alarms.filter(
      ({ alarm }) => alarm.type === 'metric' && alarm.metric,
    );
    const chartTargets = new Map<string, SearchTarget>();
    for (const { target } of charted) {
      chartTargets.set(`${target.accountId}/${target.region}`, target);
    }
    const seriesByTarget = new Map<string, AccountSeries>();
    const reads = await Promise.all(
      [...chartTargets].map(([key, target]) =>
        this.readSeries(target, options.window).then(
          series => ({ key, target, series }),
          error => ({ key, target, error }),
        ),
      ),
    );
    for (const result of reads) {
      if (!('series' in result)) {
        errors.push(toErrorEntry(scopeOf(result.target), result.error));
        continue;
      }
      seriesByTarget.set(result.key, result.series.value);
      if (result.series.fetchedAt < fetchedAt) {
        fetchedAt = result.series.fetchedAt;
      }
    }

    const period = WINDOWS[options.window].periodSeconds;
    const alarms: Alarm[] = read.alarms.map(({ alarm, target }) => {
      const accountSeries = seriesByTarget.get(
        `${target.accountId}/${target.region}`,
      );
      if (alarm.type !== 'metric' || !alarm.metric || !accountSeries) {
        return alarm;
      }
      const line = accountSeries.byArn[alarm.arn];
      if (!line) {
        return { ...alarm, series: { timestamps: [], values: [], period } };
      }
      skippedDatapoints += line.skipped;
      return {
        ...alarm,
        series: { timestamps: line.timestamps, values: line.values, period },
      };
    });

    return {
      source: this.options.provider.source,
      fetchedAt,
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

  /** The entity's alarms in every account+region it is searched in. */
  private async readAlarms(claims: GrantedClaims): Promise<{
    environments: string[];
    alarms: { alarm: Alarm; target: SearchTarget }[];
    errors: AwsOpsErrorEntry[];
    fetchedAt: string;
    skippedAlarms: number;
  }> {
    const { clock } = this.options;
    const linking = claims.links.alarms;
    const { targets, environments, errors } = this.resolveTargets(
      claims.entity,
      linking,
    );
    errors.unshift(
      ...claimErrors(claims, ['alarm-prefix', 'alarm-name', 'alarm-arn']),
    );
    let fetchedAt = new Date(clock()).toISOString();
    let skippedAlarms = 0;
    const alarms: { alarm: Alarm; target: SearchTarget }[] = [];
    // Read in parallel, merged in target order so responses are stable.
    // An entity that holds no alarm claim has nothing to look up.
    const claimsAlarms =
      linking.prefix !== undefined ||
      linking.names.length > 0 ||
      linking.arns.length > 0;
    const accounts = await Promise.all(
      (claimsAlarms ? targets : []).map(target =>
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
    return {
      environments,
      alarms,
      errors,
      fetchedAt,
      skippedAlarms,
    };
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

  /** Chart lines of every charted alarm of the account+region, for one window. */
  private readSeries(
    target: AwsTarget,
    window: AlarmWindow,
  ): Promise<Fetched<AccountSeries>> {
    const { awsOps, provider, cloudWatchConfig, clock } = this.options;
    return awsOps.cache.getOrLoad(
      `cloudwatch:${provider.source}:metrics:${target.accountId}:${target.region}:${window}`,
      {
        ttlMs: cloudWatchConfig.metricDataTtlMs,
        failureTtlMs: awsOps.config.cache.liveTtlMs,
      },
      async () => {
        const account = await this.readAccountAlarms(target);
        const queries: MetricQuery[] = [];
        const arnById = new Map<string, string>();
        for (const alarm of account.value.alarms) {
          if (alarm.type === 'metric' && alarm.metric) {
            const id = `m${queries.length}`;
            arnById.set(id, alarm.arn);
            queries.push({ id, alarmName: alarm.name, metric: alarm.metric });
          }
        }
        const batch = queries.length
          ? await provider.getMetricData(
              target,
              queries,
              rangeOf(window, clock()),
            )
          : {};
        const byArn: AccountSeries['byArn'] = {};
        for (const [id, line] of Object.entries(batch)) {
          const arn = arnById.get(id);
          if (arn) byArn[arn] = line;
        }
        return { byArn };
      },
    );
  }
}
