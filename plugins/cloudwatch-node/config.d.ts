export interface Config {
  awsOps?: {
    /** Settings of the CloudWatch alarms plugin. */
    cloudwatch?: {
      /**
       * Seconds the metric data of an account+region's alarm charts is reused
       * per window. Default 60 (the shortest alarm period most alarms use).
       */
      metricDataTtlSeconds?: number;
    };
  };
}
