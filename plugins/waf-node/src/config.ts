import { Config } from '@backstage/config';

/** The parsed `awsOps.waf` config block. */
export interface WafConfig {
  logGroupPattern: string;
  /** Label name of a component's label rule before the component name (`inbestment:component:`). */
  componentLabelPrefix: string;
  /** Lifetime of the metric reads (totals, series, rules, summaries). */
  metricsTtlMs: number;
  /** Lifetime of a web ACL's GetWebACL read (rules and metric names). */
  webAclTtlMs: number;
  /** Window of the blocked-requests Logs Insights query. */
  recentWindowMs: number;
  /** Lifetime of a Logs Insights result: the query runs at most this often per location. */
  recentTtlMs: number;
  /** Rows per Logs Insights query (`limit`). */
  recentLimit: number;
  /** Longest a Logs Insights query is polled before it is given up. */
  queryTimeoutMs: number;
}

export function readWafConfig(root: Config): WafConfig {
  const config = root.getOptionalConfig('awsOps.waf');
  const logGroupPattern =
    config?.getOptionalString('logGroupPattern') ?? 'aws-waf-logs-{webAcl}';
  if (!logGroupPattern.startsWith('aws-waf-logs-')) {
    throw new Error(
      `awsOps.waf.logGroupPattern '${logGroupPattern}' must start with aws-waf-logs- (AWS WAF only delivers logs to such groups)`,
    );
  }
  const componentLabelPrefix =
    config?.getOptionalString('componentLabelPrefix') ??
    'inbestment:component:';
  if (!/^([A-Za-z0-9_-]+:){1,5}$/.test(componentLabelPrefix)) {
    throw new Error(
      `awsOps.waf.componentLabelPrefix '${componentLabelPrefix}' must be 1 to 5 label namespaces, each followed by ':'`,
    );
  }
  const recentLimit = config?.getOptionalNumber('recent.limit') ?? 1000;
  if (
    !(
      Number.isInteger(recentLimit) &&
      recentLimit >= 1 &&
      recentLimit <= 10_000
    )
  ) {
    throw new Error(
      'awsOps.waf.recent.limit must be an integer from 1 to 10000',
    );
  }
  const recentMinutes = config?.getOptionalNumber('recent.windowMinutes') ?? 15;
  if (!(recentMinutes >= 1 && recentMinutes <= 60)) {
    throw new Error('awsOps.waf.recent.windowMinutes must be from 1 to 60');
  }
  const recentRefresh =
    config?.getOptionalNumber('recent.refreshSeconds') ?? 300;
  if (!(recentRefresh >= 60)) {
    throw new Error(
      'awsOps.waf.recent.refreshSeconds must be at least 60 (each query scans the whole window of the log group)',
    );
  }
  return {
    logGroupPattern,
    componentLabelPrefix,
    metricsTtlMs: (config?.getOptionalNumber('metricsTtlSeconds') ?? 60) * 1000,
    webAclTtlMs: (config?.getOptionalNumber('webAclTtlSeconds') ?? 3600) * 1000,
    recentWindowMs: recentMinutes * 60_000,
    recentTtlMs: recentRefresh * 1000,
    recentLimit,
    queryTimeoutMs:
      (config?.getOptionalNumber('recent.queryTimeoutSeconds') ?? 60) * 1000,
  };
}

/** The log group of a web ACL under the configured naming. */
export function logGroupOf(config: WafConfig, webAcl: string): string {
  return config.logGroupPattern.split('{webAcl}').join(webAcl);
}
