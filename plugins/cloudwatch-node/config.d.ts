export interface Config {
  awsOps?: {
    /** Settings of the CloudWatch alarms plugin. */
    cloudwatch?: {
      /**
       * Seconds the metric data of an account+region's alarm charts is reused
       * per window. Default 60 (the shortest alarm period most alarms use).
       */
      metricDataTtlSeconds?: number;
      /**
       * Milliseconds chart reads of one account+region and window wait for
       * others to share their GetMetricData call. Default 10.
       */
      metricDataBatchMs?: number;
    };
  };
}
