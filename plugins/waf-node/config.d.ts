export interface Config {
  awsOps?: {
    /** Settings of the WAF events plugin. */
    waf?: {
      /**
       * Name of the CloudWatch Logs group a web ACL's full logs are delivered
       * to; `{webAcl}` is replaced by the web ACL name. AWS requires the
       * `aws-waf-logs-` prefix. Default `aws-waf-logs-{webAcl}`.
       */
      logGroupPattern?: string;
      /** Seconds one read of a log group's window is reused by every entity and viewer. Default 60. */
      eventsTtlSeconds?: number;
      /**
       * Most log events read per log group and window; beyond it the read
       * stops and the response says so. Default 200000.
       */
      maxEventsPerRead?: number;
      /** Events per FilterLogEvents page, 1 to 10000. Default 10000. */
      pageSize?: number;
      /** Read rule totals from the AWS/WAFV2 CloudWatch metrics. Default true. */
      ruleMetrics?: boolean;
    };
  };
}
