import {
  CloudWatchClient,
  GetMetricDataCommand,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { AwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import { WafRuleMetric } from '@internal/backstage-plugin-waf-common';
import { WafLogLocation, WafProvider } from './types';

const METRICS = [
  ['allowed', 'AllowedRequests'],
  ['blocked', 'BlockedRequests'],
  ['counted', 'CountedRequests'],
] as const;

/** GetMetricData accepts at most 500 queries per call. */
const QUERIES_PER_CALL = 500;

/**
 * Reads WAF full logs with FilterLogEvents and rule totals with
 * GetMetricData. FilterLogEvents rather than Logs Insights: the plugin needs
 * the individual records (recent blocked requests, per-component filters),
 * FilterLogEvents returns them synchronously page by page with no query
 * polling, and it is what moto implements fully.
 */
export class AwsWafProvider implements WafProvider {
  readonly source = 'aws' as const;

  constructor(
    private readonly awsOps: AwsOpsService,
    private readonly pageSize: number,
  ) {}

  async *readLogLines(
    location: WafLogLocation,
    startMs: number,
    endMs: number,
  ): AsyncIterable<string[]> {
    const logs = await this.awsOps.clients.getClient(
      CloudWatchLogsClient,
      location,
    );
    let nextToken: string | undefined;
    do {
      const page = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: location.logGroup,
          startTime: startMs,
          endTime: endMs - 1,
          limit: this.pageSize,
          nextToken,
        }),
      );
      yield (page.events ?? []).map(event => event.message ?? '');
      nextToken = page.nextToken;
    } while (nextToken);
  }

  async readRuleMetrics(
    location: WafLogLocation,
    rules: string[],
    startMs: number,
    endMs: number,
  ): Promise<WafRuleMetric[]> {
    const cloudwatch = await this.awsOps.clients.getClient(
      CloudWatchClient,
      location,
    );
    const period = Math.max(60, Math.round((endMs - startMs) / 60_000) * 60);
    const queries: MetricDataQuery[] = rules.flatMap((rule, ruleIndex) =>
      METRICS.map(([, metricName], metricIndex) => ({
        Id: `m${ruleIndex}_${metricIndex}`,
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/WAFV2',
            MetricName: metricName,
            Dimensions: [
              { Name: 'WebACL', Value: location.webAcl },
              { Name: 'Rule', Value: rule },
              // CloudFront web ACL metrics carry no Region dimension.
              ...(location.scope === 'REGIONAL'
                ? [{ Name: 'Region', Value: location.region }]
                : []),
            ],
          },
          Period: period,
          Stat: 'Sum',
        },
      })),
    );
    const sums = new Map<string, number>();
    for (let i = 0; i < queries.length; i += QUERIES_PER_CALL) {
      let nextToken: string | undefined;
      do {
        const page = await cloudwatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries.slice(i, i + QUERIES_PER_CALL),
            StartTime: new Date(startMs),
            EndTime: new Date(endMs),
            NextToken: nextToken,
          }),
        );
        for (const result of page.MetricDataResults ?? []) {
          const sum = (result.Values ?? []).reduce((a, b) => a + b, 0);
          sums.set(result.Id!, (sums.get(result.Id!) ?? 0) + sum);
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
    return rules
      .map((rule, ruleIndex) => {
        const metric: WafRuleMetric = {
          rule,
          allowed: 0,
          blocked: 0,
          counted: 0,
        };
        METRICS.forEach(([field], metricIndex) => {
          metric[field] = sums.get(`m${ruleIndex}_${metricIndex}`) ?? 0;
        });
        return metric;
      })
      .filter(m => m.allowed || m.blocked || m.counted);
  }
}
