import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ENVIRONMENTS,
  linksOf,
  readListAnnotation,
} from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsEnvironment,
  AwsTarget,
  Clock,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  cyclePosition,
  seededRandom,
  StoreService,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  AlarmMetric,
  AlarmStateValue,
} from '@internal/backstage-plugin-cloudwatch-common';
import {
  AccountAlarms,
  AlarmRecord,
  AlarmsProvider,
  alarmConsoleUrl,
  MetricQuery,
  MetricRange,
  MetricSeriesBatch,
} from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The EKS demo rolls checkout-service out every 20 minutes in the first environment. */
const ROLLOUT_PERIOD = 20 * MINUTE;
/** Latency is high for this first part of each rollout period (pods warming up). */
const ROLLOUT_SLOW_SHARE = 0.4;
/** The story, consistent with the EKS demo; other components fall back to the first/last one. */
const FLAPPING_SERVICE = 'checkout-service';
const FIRING_SERVICE = 'recommendation-service';
const SILENT_WEBSITE = 'support-mfe';

/**
 * How an alarm behaves over time: `level` is the metric relative to the
 * threshold (1 = at the threshold, above 1 = breaching), `undefined` for a
 * missing datapoint.
 */
interface Behaviour {
  state(now: number): { state: AlarmStateValue; since: number };
  level(time: number, now: number): number | undefined;
}

interface SimulatedMetricAlarm {
  type: 'metric';
  name: string;
  description: string;
  metric: AlarmMetric;
  threshold: number;
  comparisonOperator: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  treatMissingData: string;
  behaviour: Behaviour;
}

interface SimulatedCompositeAlarm {
  type: 'composite';
  name: string;
  description: string;
  children: string[];
}

type SimulatedAlarm = SimulatedMetricAlarm | SimulatedCompositeAlarm;

function noise(key: string, time: number): number {
  return seededRandom(`${key}:${Math.floor(time / MINUTE)}`)() - 0.5;
}

function steady(key: string): Behaviour {
  return {
    state: now => ({
      state: 'OK',
      since: now - cyclePosition(now, 3 * DAY, key) * 3 * DAY,
    }),
    level: time =>
      0.35 +
      0.15 * Math.sin(2 * Math.PI * cyclePosition(time, 6 * HOUR, key)) +
      0.1 * noise(key, time),
  };
}

/** Breaching since the start of the current 2-hour episode (the staging crash loop). */
function firing(key: string): Behaviour {
  const since = (now: number) =>
    Math.floor(now / MINUTE) * MINUTE -
    Math.floor(cyclePosition(now, 2 * HOUR, key) * 2 * HOUR);
  return {
    state: now => ({ state: 'ALARM', since: since(now) }),
    level: time => 1.8 + 0.4 * noise(key, time),
  };
}

/** In ALARM while checkout-service rolls out (same clock as the EKS demo), OK otherwise. */
function flapping(key: string): Behaviour {
  const slow = (time: number) =>
    (time % ROLLOUT_PERIOD) / ROLLOUT_PERIOD < ROLLOUT_SLOW_SHARE;
  return {
    state: now => {
      const cycleStart = Math.floor(now / ROLLOUT_PERIOD) * ROLLOUT_PERIOD;
      return slow(now)
        ? { state: 'ALARM', since: cycleStart }
        : {
            state: 'OK',
            since: cycleStart + ROLLOUT_SLOW_SHARE * ROLLOUT_PERIOD,
          };
    },
    level: time =>
      slow(time) ? 1.3 + 0.2 * noise(key, time) : 0.55 + 0.1 * noise(key, time),
  };
}

/** The metric stopped arriving some hours ago (e.g. the RUM snippet was dropped). */
function silent(key: string): Behaviour {
  const since = (now: number) =>
    Math.floor(now / MINUTE) * MINUTE -
    Math.floor((1 + cyclePosition(now, 6 * HOUR, key) * 4) * HOUR);
  return {
    state: now => ({ state: 'INSUFFICIENT_DATA', since: since(now) }),
    level: (time, now) =>
      time >= since(now) ? undefined : 0.3 + 0.1 * noise(key, time),
  };
}

function pascal(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1))
    .join('');
}

function formatValue(value: number): string {
  return Number(value.toPrecision(4)).toString();
}

function formatTime(time: number): string {
  // The format of CloudWatch state reasons: dd/MM/yy HH:mm:ss.
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${String(
    d.getUTCFullYear(),
  ).slice(2)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`;
}

const OPERATOR_WORDS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

function isLessThan(alarm: SimulatedMetricAlarm): boolean {
  return alarm.comparisonOperator.startsWith('LessThan');
}

function valueAt(
  alarm: SimulatedMetricAlarm,
  time: number,
  now: number,
): number | undefined {
  const level = alarm.behaviour.level(time, now);
  if (level === undefined) return undefined;
  // For "less than" alarms breaching means falling below the threshold.
  const ratio = isLessThan(alarm) ? 2 - level : level;
  return Number((alarm.threshold * Math.max(0, ratio)).toPrecision(4));
}

/** A reason worded like CloudWatch's own. */
function stateReason(
  alarm: SimulatedMetricAlarm,
  state: AlarmStateValue,
  since: number,
  now: number,
): string {
  if (state === 'INSUFFICIENT_DATA') {
    return `Insufficient Data: ${alarm.evaluationPeriods} datapoint${
      alarm.evaluationPeriods === 1 ? ' was' : 's were'
    } unknown.`;
  }
  const needed = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
  const points = Array.from({ length: needed }, (_, i) => {
    const time = since - (needed - 1 - i) * alarm.metric.period * 1000;
    return `${formatValue(valueAt(alarm, time, now) ?? 0)} (${formatTime(
      time,
    )})`;
  });
  const words = OPERATOR_WORDS[alarm.comparisonOperator] ?? 'beyond';
  return state === 'ALARM'
    ? `Threshold Crossed: ${needed} out of the last ${
        alarm.evaluationPeriods
      } datapoints [${points.join(', ')}] were ${words} the threshold (${
        alarm.threshold
      }) (minimum ${needed} datapoint${
        needed === 1 ? '' : 's'
      } for OK -> ALARM transition).`
    : `Threshold Crossed: 1 datapoint [${
        points[points.length - 1]
      }] was not ${words} the threshold (${
        alarm.threshold
      }) (minimum 1 datapoint for ALARM -> OK transition).`;
}

/**
 * A deterministic simulated CloudWatch for the store: for every store
 * component (services and websites) in each environment, alarms named by its
 * `aws-ops.io/alarm-prefix` plus the shared ones its `aws-ops.io/alarm-names`
 * list, with metric series that agree with their states. The story matches the
 * EKS demo: `recommendation-service` is in ALARM in the non-first
 * environments (its crash-looping pod), `checkout-service`'s latency alarm
 * flaps with its 20-minute rollouts in the first environment (and its
 * composite health alarm with it), `support-mfe`'s RUM errors alarm has had
 * no data for hours; everything else is OK.
 */
export class DemoAlarmsProvider implements AlarmsProvider {
  readonly source = 'demo' as const;

  constructor(
    private readonly options: {
      services: StoreService[];
      environments: AwsOpsEnvironment[];
      seed: string;
      clock: Clock;
    },
  ) {}

  async describeAlarms(target: AwsTarget): Promise<AccountAlarms> {
    const now = this.options.clock();
    const simulated = this.simulate(target);
    const records = new Map<string, AlarmRecord>();
    for (const alarm of simulated.values()) {
      if (alarm.type === 'metric') {
        records.set(alarm.name, this.metricRecord(target, alarm, now));
      }
    }
    for (const alarm of simulated.values()) {
      if (alarm.type === 'composite') {
        const children = alarm.children
          .map(child => records.get(child))
          .filter((child): child is AlarmRecord => !!child);
        const breaching = children.filter(child => child.state === 'ALARM');
        const state: AlarmStateValue = breaching.length ? 'ALARM' : 'OK';
        const since = (breaching.length ? breaching : children)
          .map(child => Date.parse(child.stateUpdatedAt))
          .reduce(
            (a, b) => (breaching.length ? Math.min(a, b) : Math.max(a, b)),
            breaching.length ? Infinity : 0,
          );
        records.set(alarm.name, {
          ...this.common(target, alarm.name, alarm.description, state, since),
          stateReason: breaching.length
            ? `arn:aws:cloudwatch:${target.region}:${target.accountId}:alarm:${
                breaching[0].name
              } transitioned to ALARM at ${new Date(since).toISOString()}`
            : 'All alarms in the rule are OK',
          type: 'composite',
          rule: alarm.children.map(child => `ALARM("${child}")`).join(' OR '),
        });
      }
    }
    return { alarms: [...records.values()], skipped: 0 };
  }

  async getMetricData(
    target: AwsTarget,
    queries: MetricQuery[],
    range: MetricRange,
  ): Promise<MetricSeriesBatch> {
    const now = this.options.clock();
    const simulated = this.simulate(target);
    const batch: MetricSeriesBatch = {};
    for (const query of queries) {
      const step = query.period * 1000;
      const alarm = simulated.get(query.alarmName);
      const line = {
        timestamps: [] as string[],
        values: [] as number[],
        skipped: 0,
      };
      if (alarm?.type === 'metric') {
        // A Sum read over several alarm periods adds them up, like CloudWatch's.
        const scale =
          query.metric.statistic === 'Sum' ||
          query.metric.statistic === 'SampleCount'
            ? query.period / query.metric.period
            : 1;
        // Datapoints on the query's period boundaries, like CloudWatch's.
        for (
          let time = Math.ceil(range.start / step) * step;
          time <= Math.min(range.end, now);
          time += step
        ) {
          const value = valueAt(alarm, time, now);
          if (value !== undefined) {
            line.timestamps.push(new Date(time).toISOString());
            line.values.push(value * scale);
          }
        }
      }
      batch[query.id] = line;
    }
    return batch;
  }

  private common(
    target: AwsTarget,
    name: string,
    description: string,
    state: AlarmStateValue,
    since: number,
  ) {
    return {
      name,
      arn: `arn:aws:cloudwatch:${target.region}:${target.accountId}:alarm:${name}`,
      description,
      accountId: target.accountId,
      region: target.region,
      state,
      stateReason: '',
      stateUpdatedAt: new Date(since).toISOString(),
      actionsEnabled: true,
      consoleUrl: alarmConsoleUrl(target.region, name),
    };
  }

  private metricRecord(
    target: AwsTarget,
    alarm: SimulatedMetricAlarm,
    now: number,
  ): AlarmRecord {
    const { state, since } = alarm.behaviour.state(now);
    return {
      ...this.common(target, alarm.name, alarm.description, state, since),
      stateReason: stateReason(alarm, state, since, now),
      type: 'metric',
      metric: alarm.metric,
      threshold: alarm.threshold,
      comparisonOperator: alarm.comparisonOperator,
      evaluationPeriods: alarm.evaluationPeriods,
      datapointsToAlarm: alarm.datapointsToAlarm,
      treatMissingData: alarm.treatMissingData,
    };
  }

  /** Every simulated alarm of the account+region, by name. */
  private simulate(target: AwsTarget): Map<string, SimulatedAlarm> {
    const { environments, seed } = this.options;
    const here = environments.filter(
      env => env.accountId === target.accountId && env.region === target.region,
    );
    const alarms = new Map<string, SimulatedAlarm>();
    const components = this.components();
    const services = components.filter(c => c.spec?.type === 'service');
    const websites = components.filter(c => c.spec?.type === 'website');
    const flappingService =
      services.find(c => c.metadata.name === FLAPPING_SERVICE) ?? services[0];
    const firingService =
      services.find(c => c.metadata.name === FIRING_SERVICE) ??
      services[services.length - 1];
    const silentWebsite =
      websites.find(c => c.metadata.name === SILENT_WEBSITE) ??
      websites[websites.length - 1];

    for (const env of here) {
      const index = environments.indexOf(env);
      for (const component of components) {
        const names = readListAnnotation(component, ANNOTATION_ENVIRONMENTS);
        if (names && !names.includes(env.name)) continue;
        const name = component.metadata.name;
        const { alarms: linking } = linksOf(component);
        const prefix = linking.prefix ?? name;
        const key = `${seed}:${env.name}:${name}`;
        const add = (alarm: SimulatedAlarm) => {
          if (!alarms.has(alarm.name)) alarms.set(alarm.name, alarm);
        };
        if (component.spec?.type === 'service') {
          add({
            type: 'metric',
            name: `${prefix}-5xx-rate`,
            description: `5xx responses of ${name}'s target group`,
            metric: {
              namespace: 'AWS/ApplicationELB',
              name: 'HTTPCode_Target_5XX_Count',
              dimensions: {
                LoadBalancer: 'app/inbestment-alb/50dc6c495c0c9188',
                TargetGroup: `targetgroup/${name.slice(0, 20)}/${Math.floor(
                  seededRandom(key)() * 1e12,
                ).toString(16)}`,
              },
              statistic: 'Sum',
              period: 60,
            },
            threshold: 25,
            comparisonOperator: 'GreaterThanOrEqualToThreshold',
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
            treatMissingData: 'notBreaching',
            behaviour: steady(`${key}:5xx`),
          });
          add({
            type: 'metric',
            name: `${prefix}-latency-p99`,
            description: `p99 response time of ${name} behind the ALB`,
            metric: {
              namespace: 'AWS/ApplicationELB',
              name: 'TargetResponseTime',
              dimensions: {
                LoadBalancer: 'app/inbestment-alb/50dc6c495c0c9188',
              },
              statistic: 'p99',
              period: 60,
            },
            threshold: 1.5,
            comparisonOperator: 'GreaterThanThreshold',
            evaluationPeriods: 5,
            datapointsToAlarm: 3,
            treatMissingData: 'missing',
            behaviour:
              component === flappingService && index === 0
                ? flapping(`${key}:latency`)
                : steady(`${key}:latency`),
          });
          add({
            type: 'metric',
            name: `${prefix}-pod-restarts`,
            description: `Container restarts of ${name}'s pods (Container Insights)`,
            metric: {
              namespace: 'ContainerInsights',
              name: 'pod_number_of_container_restarts',
              dimensions: {
                ClusterName: env.eksCluster ?? `inbestment-${env.name}`,
                Namespace: 'inbestment',
                PodName: name,
              },
              statistic: 'Maximum',
              period: 60,
            },
            threshold: 3,
            comparisonOperator: 'GreaterThanOrEqualToThreshold',
            evaluationPeriods: 1,
            treatMissingData: 'notBreaching',
            behaviour:
              component === firingService && index > 0
                ? firing(`${key}:restarts`)
                : steady(`${key}:restarts`),
          });
          if (component === flappingService) {
            add({
              type: 'composite',
              name: `${prefix}-health`,
              description: `${name} is failing or slow`,
              children: [`${prefix}-5xx-rate`, `${prefix}-latency-p99`],
            });
          }
        } else if (component.spec?.type === 'website') {
          add({
            type: 'metric',
            name: `${prefix}-js-errors`,
            description: `JavaScript errors reported by CloudWatch RUM for ${name}`,
            metric: {
              namespace: 'AWS/RUM',
              name: 'JsErrorCount',
              dimensions: { application_name: name },
              statistic: 'Sum',
              period: 300,
            },
            threshold: 50,
            comparisonOperator: 'GreaterThanThreshold',
            evaluationPeriods: 1,
            treatMissingData: 'missing',
            behaviour:
              component === silentWebsite
                ? silent(`${key}:js`)
                : steady(`${key}:js`),
          });
          add({
            type: 'metric',
            name: `${prefix}-page-load-p90`,
            description: `p90 page load time of ${name} (CloudWatch RUM)`,
            metric: {
              namespace: 'AWS/RUM',
              name: 'PerformanceNavigationDuration',
              dimensions: { application_name: name },
              statistic: 'p90',
              period: 300,
              unit: 'Milliseconds',
            },
            threshold: 4000,
            comparisonOperator: 'GreaterThanThreshold',
            evaluationPeriods: 3,
            treatMissingData: 'missing',
            behaviour: steady(`${key}:load`),
          });
        }
        for (const explicit of linking.names) {
          add(explicitAlarm(explicit, `${seed}:${env.name}:${explicit}`));
        }
      }
    }
    return alarms;
  }

  private components(): Entity[] {
    return this.options.services
      .flatMap(service => service.entities)
      .filter(
        entity =>
          entity.kind === 'Component' &&
          ['service', 'website'].includes(String(entity.spec?.type)),
      );
  }
}

/** The shared and domain alarms the catalog names explicitly. */
function explicitAlarm(name: string, key: string): SimulatedMetricAlarm {
  const common = {
    type: 'metric' as const,
    name,
    treatMissingData: 'notBreaching',
    behaviour: steady(key),
  };
  if (name === 'inbestment-alb-5xx-rate') {
    return {
      ...common,
      description: '5xx responses generated by the store ALB itself',
      metric: {
        namespace: 'AWS/ApplicationELB',
        name: 'HTTPCode_ELB_5XX_Count',
        dimensions: { LoadBalancer: 'app/inbestment-alb/50dc6c495c0c9188' },
        statistic: 'Sum',
        period: 60,
      },
      threshold: 50,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      evaluationPeriods: 3,
    };
  }
  if (name === 'storefront-cdn-5xx-rate') {
    return {
      ...common,
      description: '5xx error rate of the storefront CloudFront distribution',
      metric: {
        namespace: 'AWS/CloudFront',
        name: '5xxErrorRate',
        dimensions: { DistributionId: 'E2QWRUHAPOMQZL', Region: 'Global' },
        statistic: 'Average',
        period: 300,
        unit: 'Percent',
      },
      threshold: 1,
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 2,
    };
  }
  const lag = /^store-events-msk-consumer-lag-(.+)$/.exec(name);
  if (lag) {
    return {
      ...common,
      description: `Offset lag of ${lag[1]}'s consumer group on the store events topic`,
      metric: {
        namespace: 'AWS/Kafka',
        name: 'MaxOffsetLag',
        dimensions: {
          'Cluster Name': 'inbestment-store-events',
          'Consumer Group': lag[1],
          Topic: 'store-events',
        },
        statistic: 'Maximum',
        period: 60,
      },
      threshold: 10000,
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
    };
  }
  const drop = /drop|exhausted/.test(name);
  return {
    ...common,
    description: `Business metric ${pascal(name)}`,
    metric: {
      namespace: 'Inbestment',
      name: pascal(name),
      dimensions: {},
      statistic: drop ? 'Average' : 'Maximum',
      period: 300,
    },
    threshold: drop ? 0.6 : 10,
    comparisonOperator: drop ? 'LessThanThreshold' : 'GreaterThanThreshold',
    evaluationPeriods: 3,
  };
}
