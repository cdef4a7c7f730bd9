import Bottleneck from 'bottleneck';
import { AwsTarget } from './config';

/** A request-rate quota of one AWS API, per account and region. */
export interface AwsApiQuota {
  /** Requests per second AWS allows the whole account in the region. */
  perSecond: number;
  /** Requests one replica keeps in flight at once. */
  concurrency: number;
}

/**
 * The documented quotas of the APIs the portal fans out over (per account and
 * region; IAM is global). Reads not listed here are one call per view and
 * rely on the SDK's adaptive retry alone.
 */
export const AWS_API_QUOTAS: Record<string, AwsApiQuota> = {
  // Hard quota, cannot be raised.
  'secretsmanager:GetResourcePolicy': { perSecond: 50, concurrency: 8 },
  'secretsmanager:ListSecrets': { perSecond: 50, concurrency: 2 },
  // IAM read APIs share a per-account budget AWS does not publish; stay low.
  'iam:read': { perSecond: 20, concurrency: 4 },
  'logs:StartQuery': { perSecond: 5, concurrency: 2 },
  'logs:GetQueryResults': { perSecond: 5, concurrency: 2 },
  'cloudwatch:GetMetricData': { perSecond: 50, concurrency: 4 },
  'cloudwatch:DescribeAlarms': { perSecond: 9, concurrency: 2 },
  'cloudwatch:DescribeAlarmHistory': { perSecond: 5, concurrency: 2 },
  'wafv2:GetWebACL': { perSecond: 5, concurrency: 2 },
  'wafv2:ListWebACLs': { perSecond: 5, concurrency: 1 },
  'wafv2:GetSampledRequests': { perSecond: 5, concurrency: 2 },
  'wafv2:ListResourcesForWebACL': { perSecond: 5, concurrency: 1 },
  // CloudFront control-plane reads: 5 requests per second per account (global).
  'cloudfront:ListDistributionsByWebACLId': { perSecond: 5, concurrency: 1 },
  'eks:DescribeCluster': { perSecond: 10, concurrency: 4 },
  'eks:DescribeClusterVersions': { perSecond: 10, concurrency: 2 },
  'eks:ListUpdates': { perSecond: 10, concurrency: 2 },
  'eks:DescribeUpdate': { perSecond: 10, concurrency: 4 },
};

/**
 * Who waits for a call: a viewer looking at one component goes ahead of a
 * store-wide read queued behind the same quota.
 */
export type AwsCallPriority = 'interactive' | 'background';

/**
 * Keeps each replica's calls of a throttled API under its share of the
 * account's quota: `quota / replicas` requests per second and a bounded
 * number in flight, per API, account and region. Bottleneck spaces the calls
 * out (minTime) and caps each second (a reservoir refilled every second, so
 * calls delayed by a busy event loop cannot fire together past the share)
 * rather than letting a fan-out burst into 429s and retries.
 */
export class AwsRateLimits {
  private readonly limiters = new Map<string, Bottleneck>();

  constructor(
    private readonly options: {
      /** Backend replicas sharing the account's quota. */
      replicas: number;
      quotas?: Record<string, AwsApiQuota>;
    },
  ) {}

  /** Runs `call` when the API's budget for `target` allows it. */
  schedule<T>(
    api: string,
    target: AwsTarget,
    call: () => Promise<T>,
    priority: AwsCallPriority = 'interactive',
  ): Promise<T> {
    return this.limiter(api, target).schedule(
      { priority: priority === 'interactive' ? 3 : 7 },
      call,
    );
  }

  private limiter(api: string, target: AwsTarget): Bottleneck {
    const quota = (this.options.quotas ?? AWS_API_QUOTAS)[api];
    if (!quota) {
      throw new Error(`No quota is known for ${api}; add it to AWS_API_QUOTAS`);
    }
    // IAM is a global service: one budget per account.
    const key = api.startsWith('iam:')
      ? `${api}/${target.accountId}`
      : `${api}/${target.accountId}/${target.region}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      const perSecond = quota.perSecond / Math.max(1, this.options.replicas);
      const perWindow = Math.max(1, Math.floor(perSecond));
      limiter = new Bottleneck({
        maxConcurrent: quota.concurrency,
        minTime: Math.ceil(1000 / perSecond),
        reservoir: perWindow,
        reservoirRefreshAmount: perWindow,
        reservoirRefreshInterval: 1000,
      });
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
