import { Config } from '@backstage/config';

export interface CloudWatchConfig {
  metricDataTtlMs: number;
  /**
   * How long chart reads of one account+region and window wait for others to
   * share their GetMetricData call (components opened at the same time, the
   * first requests after a restart).
   */
  metricDataBatchMs: number;
}

export function readCloudWatchConfig(root: Config): CloudWatchConfig {
  return {
    metricDataTtlMs:
      (root.getOptionalNumber('awsOps.cloudwatch.metricDataTtlSeconds') ?? 60) *
      1000,
    metricDataBatchMs:
      root.getOptionalNumber('awsOps.cloudwatch.metricDataBatchMs') ?? 10,
  };
}
