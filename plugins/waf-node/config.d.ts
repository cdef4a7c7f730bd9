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
      /**
       * Label name the component label rule adds before the component name.
       * Default `inbestment:component:` (the rule of templates/shared/terraform).
       */
      componentLabelPrefix?: string;
      /** Seconds a metric read (totals, series, rules, summaries) is reused. Default 60. */
      metricsTtlSeconds?: number;
      /** Seconds a web ACL's GetWebACL read (rules, metric names, labels) is reused. Default 3600. */
      webAclTtlSeconds?: number;
      /** The Logs Insights query behind the recent blocked requests. */
      recent?: {
        /** Rows per query and location, 1 to 10000. Default 1000. */
        limit?: number;
        /** Minutes of logs each query scans, 1 to 60. Default 15. */
        windowMinutes?: number;
        /** Seconds between two queries of one log group, at least 60. Default 300. */
        refreshSeconds?: number;
        /** Seconds a query is polled before it is given up. Default 60. */
        queryTimeoutSeconds?: number;
      };
    };
  };
}
