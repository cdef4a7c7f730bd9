import { Config } from '@backstage/config';

export interface CloudWatchConfig {
  metricDataTtlMs: number;
}

export function readCloudWatchConfig(root: Config): CloudWatchConfig {
  return {
    metricDataTtlMs:
      (root.getOptionalNumber('awsOps.cloudwatch.metricDataTtlSeconds') ?? 60) *
      1000,
  };
}
