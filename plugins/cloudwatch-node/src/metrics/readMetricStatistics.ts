import { createHash } from 'node:crypto';
import {
  AwsOpsService,
  AwsTarget,
  Fetched,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  AlarmsProvider,
  MetricQuery,
  MetricRange,
  MetricSeriesBatch,
} from '../providers/types';

/**
 * Metric data that is not an alarm's chart (e.g. the p99 of a DynamoDB
 * table's `SuccessfulRequestLatency` over a day), read through the alarms
 * provider's GetMetricData (AWS or the demo scenario, rate-limited per
 * account+region by the provider) and cached in the plugin's AWS cache by
 * account+region, range and queries for `ttlMs` (default: the lookup TTL).
 * A failed read is remembered for the live TTL, so a failing metric is not
 * asked again by every caller.
 */
export function readMetricStatistics(options: {
  awsOps: AwsOpsService;
  provider: AlarmsProvider;
  target: AwsTarget;
  queries: MetricQuery[];
  range: MetricRange;
  ttlMs?: number;
}): Promise<Fetched<MetricSeriesBatch>> {
  const { awsOps, provider, target, queries, range } = options;
  const digest = createHash('sha256')
    .update(JSON.stringify([range, queries]))
    .digest('base64url')
    .slice(0, 22);
  return awsOps.cache.getOrLoad(
    `cloudwatch:${provider.source}:statistics:${target.accountId}:${target.region}:${digest}`,
    {
      ttlMs: options.ttlMs ?? awsOps.config.cache.lookupTtlMs,
      failureTtlMs: awsOps.config.cache.liveTtlMs,
    },
    () => provider.getMetricData(target, queries, range),
  );
}
