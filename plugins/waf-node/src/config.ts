import { Config } from '@backstage/config';

/** The parsed `awsOps.waf` config block. */
export interface WafConfig {
  logGroupPattern: string;
  eventsTtlMs: number;
  maxEventsPerRead: number;
  pageSize: number;
  ruleMetrics: boolean;
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
  const maxEventsPerRead =
    config?.getOptionalNumber('maxEventsPerRead') ?? 200_000;
  if (!(maxEventsPerRead > 0)) {
    throw new Error('awsOps.waf.maxEventsPerRead must be positive');
  }
  const pageSize = config?.getOptionalNumber('pageSize') ?? 10_000;
  if (!(pageSize >= 1 && pageSize <= 10_000)) {
    throw new Error('awsOps.waf.pageSize must be between 1 and 10000');
  }
  return {
    logGroupPattern,
    pageSize,
    eventsTtlMs: (config?.getOptionalNumber('eventsTtlSeconds') ?? 60) * 1000,
    maxEventsPerRead,
    ruleMetrics: config?.getOptionalBoolean('ruleMetrics') ?? true,
  };
}

/** The log group of a web ACL under the configured naming. */
export function logGroupOf(config: WafConfig, webAcl: string): string {
  return config.logGroupPattern.split('{webAcl}').join(webAcl);
}
