import { CatalogService } from '@backstage/plugin-catalog-node';
import { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import { AwsOpsErrorEntry } from '@internal/backstage-plugin-aws-ops-common';
import { AwsOpsClaimsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  Alarm,
  EntityAlarmListResponse,
  MetricAlarm,
} from '@internal/backstage-plugin-cloudwatch-common';
import { CloudWatchAlarmsService } from '@internal/backstage-plugin-cloudwatch-node';
import { createServiceFactRetriever, ServiceFacts } from './serviceFacts';

export const CLOUDWATCH_FACTS_ID = 'inbestmentCloudWatchFacts';

/** Metrics whose alarms watch a service's response time (ALB, classic ELB, API Gateway, CloudFront). */
export const LATENCY_METRICS = [
  'TargetResponseTime',
  'Latency',
  'IntegrationLatency',
  'OriginLatency',
];
/** Metrics whose alarms watch a service's 5xx responses (ALB target and ALB, classic ELB, API Gateway, CloudFront). */
export const ERROR_5XX_METRICS = [
  'HTTPCode_Target_5XX_Count',
  'HTTPCode_ELB_5XX_Count',
  'HTTPCode_Backend_5XX',
  '5XXError',
  '5xxErrorRate',
];

/**
 * A metric alarm on a latency metric, or, for alarms on custom metrics and
 * metric math, one whose name says `latency`.
 */
export function isLatencyAlarm(alarm: Alarm): alarm is MetricAlarm {
  if (alarm.type !== 'metric') return false;
  if (alarm.metric && LATENCY_METRICS.includes(alarm.metric.name)) return true;
  return /latency/i.test(alarm.name);
}

/** A metric alarm on a 5xx metric, or one whose name says `5xx`. */
export function isErrorRateAlarm(alarm: Alarm): alarm is MetricAlarm {
  if (alarm.type !== 'metric') return false;
  if (alarm.metric && ERROR_5XX_METRICS.includes(alarm.metric.name)) {
    return true;
  }
  return /5xx/i.test(alarm.name);
}

/** Whether an alarm (or error) is of the environment: `environment` may be `prod, staging` when two share an account+region. */
const inEnvironment = (value: string | undefined, environment: string) =>
  (value ?? '').split(', ').includes(environment);

/**
 * The CloudWatch facts of one service from its linked alarms in
 * `environment`: an error of that environment (or of the alarm claims) makes
 * all three unknown, as the alarms it hides might change any of them.
 */
export function cloudWatchFactsOf(
  list: EntityAlarmListResponse,
  environment: string,
): ServiceFacts {
  const errors = list.errors.filter(
    (error: AwsOpsErrorEntry) =>
      error.scope.environment === undefined ||
      inEnvironment(error.scope.environment, environment),
  );
  if (errors.length) {
    const reason = `The ${environment} alarms could not all be read: ${errors
      .map(e => `${e.name}: ${e.message}`)
      .join('; ')}`;
    return {
      facts: {},
      readErrors: {
        hasLatencyAlarm: reason,
        hasErrorRateAlarm: reason,
        alarmActionsEnabled: reason,
      },
    };
  }
  const alarms = list.alarms.filter(alarm =>
    inEnvironment(alarm.environment, environment),
  );
  const latency = alarms.filter(isLatencyAlarm);
  const errorRate = alarms.filter(isErrorRateAlarm);
  const watched = [...new Set([...latency, ...errorRate])];
  const facts: ServiceFacts['facts'] = {
    hasLatencyAlarm: latency.length > 0,
    hasErrorRateAlarm: errorRate.length > 0,
  };
  const unknown = watched.filter(alarm => alarm.alarmActions === undefined);
  if (unknown.length) {
    return {
      facts,
      readErrors: {
        alarmActionsEnabled: `The alarm actions of ${unknown
          .map(a => a.name)
          .join(', ')} are not known`,
      },
    };
  }
  facts.alarmActionsEnabled = watched.every(
    alarm => alarm.actionsEnabled && alarm.alarmActions!.length > 0,
  );
  return { facts };
}

export interface CloudWatchFactRetrieverOptions {
  catalog: CatalogService;
  claims: AwsOpsClaimsService;
  alarms: CloudWatchAlarmsService;
  /** The `awsOps.environments` name the facts are about; default `prod`. */
  environment?: string;
}

/**
 * `inbestmentCloudWatchFacts`: whether each service has latency and 5xx
 * alarms in prod and whether they run their actions. Reads the alarms the
 * service holds claims on (alarm prefix and names) from the alarms service's
 * cached DescribeAlarms of each account+region: no metric data.
 */
export function createCloudWatchFactRetriever(
  options: CloudWatchFactRetrieverOptions,
): FactRetriever {
  const { catalog, claims, alarms } = options;
  const environment = options.environment ?? 'prod';
  return createServiceFactRetriever({
    id: CLOUDWATCH_FACTS_ID,
    version: '0.1.0',
    title: 'CloudWatch alarms',
    description: `Latency and 5xx alarms of each service in ${environment}, and whether they run their actions`,
    catalog,
    schema: {
      hasLatencyAlarm: {
        type: 'boolean',
        description: `A metric alarm on the service's latency exists in ${environment}`,
      },
      hasErrorRateAlarm: {
        type: 'boolean',
        description: `A metric alarm on the service's 5xx responses exists in ${environment}`,
      },
      alarmActionsEnabled: {
        type: 'boolean',
        description:
          'Every latency and 5xx alarm has its actions enabled and at least one alarm action',
      },
    },
    async read(entity) {
      const granted = await claims.grant(entity);
      return cloudWatchFactsOf(await alarms.listAlarms(granted), environment);
    },
  });
}
