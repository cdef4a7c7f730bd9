import {
  CloudWatchClient,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CloudFrontClient,
  ListDistributionsByWebACLIdCommand,
} from '@aws-sdk/client-cloudfront';
import {
  GetWebACLCommand,
  ListResourcesForWebACLCommand,
  ListWebACLsCommand,
  ResourceType,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { AwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  WafLogLocation,
  WafLogQueryResult,
  WafMetricQuery,
  WafMetricSeries,
  WafProvider,
  WafWebAclDescription,
} from './types';

/**
 * The regional resource types a web ACL can protect, most likely first for
 * the store (its services sit behind an ALB): ListResourcesForWebACL answers
 * one type per call, so the types are asked in turn until one has resources.
 */
export const REGIONAL_RESOURCE_TYPES: ResourceType[] = [
  'APPLICATION_LOAD_BALANCER',
  'API_GATEWAY',
  'APPSYNC',
  'COGNITO_USER_POOL',
  'APP_RUNNER_SERVICE',
  'VERIFIED_ACCESS_INSTANCE',
  'AMPLIFY',
];

/** GetMetricData accepts at most 500 queries per call. */
const QUERIES_PER_CALL = 500;
const DONE = new Set(['Complete', 'Failed', 'Cancelled', 'Timeout']);

/**
 * Real AWS: GetWebACL and ListResourcesForWebACL (WAFV2),
 * ListDistributionsByWebACLId (CloudFront), GetMetricData on AWS/WAFV2 (CloudWatch) and
 * Logs Insights (CloudWatch Logs). Every call goes through the shared
 * per-account rate limits (`awsOps.limits`), so fan-out never exceeds the
 * replica's share of the account's quota.
 */
export class AwsWafProvider implements WafProvider {
  readonly source = 'aws' as const;

  constructor(
    private readonly awsOps: AwsOpsService,
    private readonly options: { queryTimeoutMs: number; pollMs?: number },
  ) {}

  async getWebAcl(location: WafLogLocation): Promise<WafWebAclDescription> {
    const waf = await this.awsOps.clients.getClient(WAFV2Client, location);
    // GetWebACL needs the id; ListWebACLs names it (100 a page).
    let id: string | undefined;
    let marker: string | undefined;
    do {
      const nextMarker = marker;
      const page = await this.awsOps.limits.schedule(
        'wafv2:ListWebACLs',
        location,
        () =>
          waf.send(
            new ListWebACLsCommand({
              Scope: location.scope,
              Limit: 100,
              NextMarker: nextMarker,
            }),
          ),
      );
      id = page.WebACLs?.find(acl => acl.Name === location.webAcl)?.Id;
      marker = page.WebACLs?.length ? page.NextMarker : undefined;
    } while (!id && marker);
    if (!id) {
      throw Object.assign(
        new Error(
          `Web ACL ${location.webAcl} (${location.scope}) does not exist in ${location.accountId} ${location.region}`,
        ),
        { name: 'NotFoundError' },
      );
    }
    const webAclId = id;
    const answer = await this.awsOps.limits.schedule(
      'wafv2:GetWebACL',
      location,
      () =>
        waf.send(
          new GetWebACLCommand({
            Name: location.webAcl,
            Scope: location.scope,
            Id: webAclId,
          }),
        ),
    );
    // The plugin reads a few plain fields of the answer (see WafWebAclDescription).
    return answer.WebACL as unknown as WafWebAclDescription;
  }

  async listWebAclResources(
    location: WafLogLocation,
    webAclArn: string,
  ): Promise<string[]> {
    if (location.scope === 'CLOUDFRONT') {
      // CloudFront is global; its API answers in us-east-1 (the location's region).
      const cloudfront = await this.awsOps.clients.getClient(
        CloudFrontClient,
        location,
      );
      const page = await this.awsOps.limits.schedule(
        'cloudfront:ListDistributionsByWebACLId',
        location,
        () =>
          cloudfront.send(
            new ListDistributionsByWebACLIdCommand({
              // WAFV2 web ACLs are named by ARN here.
              WebACLId: webAclArn,
              // One is enough to tell it protects something.
              MaxItems: 1,
            }),
          ),
      );
      return (page.DistributionList?.Items ?? []).map(
        item => item.ARN ?? `distribution/${item.Id}`,
      );
    }
    const waf = await this.awsOps.clients.getClient(WAFV2Client, location);
    for (const type of REGIONAL_RESOURCE_TYPES) {
      const page = await this.awsOps.limits.schedule(
        'wafv2:ListResourcesForWebACL',
        location,
        () =>
          waf.send(
            new ListResourcesForWebACLCommand({
              WebACLArn: webAclArn,
              ResourceType: type,
            }),
          ),
      );
      if (page.ResourceArns?.length) return page.ResourceArns;
    }
    return [];
  }

  async getMetricData(
    location: WafLogLocation,
    request: {
      queries: WafMetricQuery[];
      startMs: number;
      endMs: number;
      periodSeconds: number;
    },
  ): Promise<WafMetricSeries[]> {
    const cloudwatch = await this.awsOps.clients.getClient(
      CloudWatchClient,
      location,
    );
    const byId = new Map<string, WafMetricSeries>();
    for (let i = 0; i < request.queries.length; i += QUERIES_PER_CALL) {
      const queries = request.queries.slice(i, i + QUERIES_PER_CALL);
      let nextToken: string | undefined;
      do {
        const token = nextToken;
        const page = await this.awsOps.limits.schedule(
          'cloudwatch:GetMetricData',
          location,
          () =>
            cloudwatch.send(
              new GetMetricDataCommand({
                MetricDataQueries: queries.map(query => ({
                  Id: query.id,
                  ReturnData: true,
                  MetricStat: {
                    Metric: {
                      Namespace: 'AWS/WAFV2',
                      MetricName: query.metricName,
                      Dimensions: Object.entries(query.dimensions).map(
                        ([Name, Value]) => ({ Name, Value }),
                      ),
                    },
                    Period: request.periodSeconds,
                    Stat: 'Sum',
                  },
                })),
                StartTime: new Date(request.startMs),
                EndTime: new Date(request.endMs),
                ScanBy: 'TimestampAscending',
                NextToken: token,
              }),
            ),
        );
        for (const result of page.MetricDataResults ?? []) {
          const series = byId.get(result.Id!) ?? {
            id: result.Id!,
            timestamps: [],
            values: [],
          };
          (result.Timestamps ?? []).forEach((time, index) => {
            series.timestamps.push(new Date(time).getTime());
            series.values.push(result.Values?.[index] ?? 0);
          });
          byId.set(result.Id!, series);
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
    return [...byId.values()];
  }

  async queryLogs(
    location: WafLogLocation,
    request: {
      queryString: string;
      startMs: number;
      endMs: number;
      limit: number;
    },
  ): Promise<WafLogQueryResult> {
    const logs = await this.awsOps.clients.getClient(
      CloudWatchLogsClient,
      location,
    );
    const { queryId } = await this.awsOps.limits.schedule(
      'logs:StartQuery',
      location,
      () =>
        logs.send(
          new StartQueryCommand({
            logGroupName: location.logGroup,
            // Logs Insights takes seconds.
            startTime: Math.floor(request.startMs / 1000),
            endTime: Math.floor(request.endMs / 1000),
            queryString: request.queryString,
            limit: request.limit,
          }),
        ),
    );
    const deadline = Date.now() + this.options.queryTimeoutMs;
    let wait = this.options.pollMs ?? 1000;
    for (;;) {
      const page = await this.awsOps.limits.schedule(
        'logs:GetQueryResults',
        location,
        () => logs.send(new GetQueryResultsCommand({ queryId })),
      );
      const status = page.status ?? 'Unknown';
      if (DONE.has(status)) {
        if (status !== 'Complete') {
          throw Object.assign(
            new Error(
              `Logs Insights query on ${location.logGroup} ended ${status}`,
            ),
            { name: 'QueryFailedError' },
          );
        }
        return {
          status,
          rows: (page.results ?? []).map(row =>
            Object.fromEntries(
              row
                .filter(cell => cell.field && cell.field !== '@ptr')
                .map(cell => [cell.field!, cell.value ?? '']),
            ),
          ),
          statistics: {
            recordsMatched: page.statistics?.recordsMatched ?? 0,
            recordsScanned: page.statistics?.recordsScanned ?? 0,
            bytesScanned: page.statistics?.bytesScanned ?? 0,
          },
        };
      }
      if (Date.now() > deadline) {
        try {
          // Stop paying for the scan; the answer no longer matters.
          await logs.send(new StopQueryCommand({ queryId }));
        } catch {
          // it may have finished meanwhile
        }
        throw Object.assign(
          new Error(
            `Logs Insights query on ${
              location.logGroup
            } did not finish in ${Math.round(
              this.options.queryTimeoutMs / 1000,
            )} s`,
          ),
          { name: 'TimeoutError' },
        );
      }
      const delay = wait;
      await new Promise(resolve => setTimeout(resolve, delay));
      wait = Math.min(wait * 2, 5000);
    }
  }
}
