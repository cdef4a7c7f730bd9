import { AwsRateLimits } from './limits';

describe('AwsRateLimits', () => {
  const target = { accountId: '123456789012', region: 'eu-west-1' };

  function recorder() {
    const starts: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const call = async () => {
      starts.push(Date.now());
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise(resolve => setTimeout(resolve, 30));
      inFlight -= 1;
    };
    return { starts, call, maxInFlight: () => maxInFlight };
  }

  it("spaces one API's calls to the replica's share of the quota and bounds those in flight", async () => {
    // 20/s shared by 2 replicas: one call per 100 ms here, 2 at once at most
    const limits = new AwsRateLimits({
      replicas: 2,
      quotas: { 'x:Read': { perSecond: 20, concurrency: 2 } },
    });
    const { starts, call, maxInFlight } = recorder();
    await Promise.all(
      Array.from({ length: 6 }, () => limits.schedule('x:Read', target, call)),
    );
    expect(starts).toHaveLength(6);
    // Bottleneck spaces the starts by 100 ms. On a loaded machine a call can
    // start a few ms after Bottleneck let it go, so the gap after it looks
    // short (94 ms seen in a fresh-clone run): no gap is a burst, and the run keeps the rate.
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(40);
    }
    expect(starts[5] - starts[0]).toBeGreaterThanOrEqual(5 * 100 - 20);
    expect(maxInFlight()).toBeLessThanOrEqual(2);
  });

  it('keeps separate budgets per region, but one per account for IAM', async () => {
    const limits = new AwsRateLimits({
      replicas: 1,
      quotas: {
        'x:Read': { perSecond: 2, concurrency: 1 },
        'iam:read': { perSecond: 2, concurrency: 1 },
      },
    });
    const other = { ...target, region: 'us-east-1' };
    const regional = recorder();
    await Promise.all([
      limits.schedule('x:Read', target, regional.call),
      limits.schedule('x:Read', other, regional.call),
    ]);
    // different regions: no 500 ms spacing between them
    expect(Math.abs(regional.starts[1] - regional.starts[0])).toBeLessThan(400);
    const iam = recorder();
    await Promise.all([
      limits.schedule('iam:read', target, iam.call),
      limits.schedule('iam:read', other, iam.call),
    ]);
    // one IAM budget for the account: 500 ms apart (less the start jitter above)
    expect(Math.abs(iam.starts[1] - iam.starts[0])).toBeGreaterThanOrEqual(450);
  });

  it('runs an interactive call before background calls queued ahead of it', async () => {
    const limits = new AwsRateLimits({
      replicas: 1,
      quotas: { 'x:Read': { perSecond: 20, concurrency: 1 } },
    });
    const order: string[] = [];
    const call = (name: string) => async () => {
      order.push(name);
      await new Promise(resolve => setTimeout(resolve, 20));
    };
    await Promise.all([
      ...['b1', 'b2', 'b3'].map(name =>
        limits.schedule('x:Read', target, call(name), 'background'),
      ),
      limits.schedule('x:Read', target, call('viewer'), 'interactive'),
    ]);
    // b1 was already running; the viewer goes next.
    expect(order).toEqual(['b1', 'viewer', 'b2', 'b3']);
  });

  it('refuses an API with no known quota, so a new fan-out gets one', () => {
    const limits = new AwsRateLimits({ replicas: 2 });
    expect(() =>
      limits.schedule('s3:ListBuckets', target, async () => 1),
    ).toThrow(/No quota is known for s3:ListBuckets/);
  });
});
