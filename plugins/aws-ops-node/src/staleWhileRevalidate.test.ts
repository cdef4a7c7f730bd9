import {
  CreateClusterCommand,
  EKSClient,
  ListClustersCommand,
} from '@aws-sdk/client-eks';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AwsOpsCache } from './cache';
import { AwsClientFactory } from './clients';
import { readAwsOpsConfig } from './config';
import { AwsOpsResolver } from './resolver';
import {
  FaultProxy,
  MotoServer,
  startFaultProxy,
  startMotoServer,
} from './testUtils';

/**
 * The shared layer as a viewer meets it when AWS throttles: moto behind a
 * proxy that answers 429 ThrottlingException for a (simulated) minute, the
 * real SDK client with its adaptive retries, and the stale-while-revalidate
 * cache on a clock the test moves.
 */
describe('stale-while-revalidate against a throttling emulator', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let eks: EKSClient;
  const target = { accountId: '123456789012', region: 'eu-west-1' };
  const listClusters = /GET \/clusters/;

  beforeAll(async () => {
    moto = await startMotoServer();
    proxy = await startFaultProxy({ target: moto.endpoint });
    const root = new ConfigReader({
      aws: {
        accounts: [
          {
            accountId: target.accountId,
            accessKeyId: 'test',
            secretAccessKey: 'test',
          },
        ],
      },
      awsOps: {
        source: 'aws',
        endpoint: proxy.url,
        accounts: [{ accountId: target.accountId, regions: [target.region] }],
      },
    });
    const config = readAwsOpsConfig(root);
    eks = await AwsClientFactory.fromConfig(
      root,
      config,
      new AwsOpsResolver(config),
    ).getClient(EKSClient, target);
  });

  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });

  const createCluster = (name: string) =>
    eks.send(
      new CreateClusterCommand({
        name,
        roleArn: 'arn:aws:iam::123456789012:role/eks',
        resourcesVpcConfig: { subnetIds: [] },
      }),
    );

  it('keeps serving the last good data, marked stale, with one refresh at a time while AWS answers 429 for a minute', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const ttl = { ttlMs: 15_000, failureTtlMs: 10_000 };
    const cache = new AwsOpsCache(mockServices.cache.mock(), {
      maxLocalEntries: 100,
      maxStaleMs: 3_600_000,
      clock: () => now,
    });
    const view = () =>
      cache.getOrLoad('clusters', ttl, async () => {
        const { clusters } = await eks.send(new ListClustersCommand({}));
        return clusters ?? [];
      });

    await createCluster('prod');
    const good = await view();
    expect(good.value).toEqual(['prod']);

    await createCluster('staging'); // a change the throttled minute hides
    proxy.setThrottle(listClusters);
    const callsBefore = proxy.requests.filter(r => listClusters.test(r)).length;
    now += ttl.ttlMs; // the data is due for a refresh when the throttling starts
    const throttleEnds = now + 60_000;
    let staleAnswers = 0;
    let refreshErrors = 0;
    while (now < throttleEnds) {
      now += 5_000;
      // 20 viewers at once, every 5 s of the minute
      const answers = await Promise.all(Array.from({ length: 20 }, view));
      for (const answer of answers) {
        expect(answer.value).toEqual(['prod']);
        expect(answer.fetchedAt).toBe(good.fetchedAt);
        expect(answer.stale?.since).toBe(good.fetchedAt);
        staleAnswers += 1;
        if (answer.stale?.refreshError?.name === 'ThrottlingException') {
          refreshErrors += 1;
        }
      }
      // let the background refresh (with the SDK's retries) finish
      await new Promise(resolve => setTimeout(resolve, 1500));
    }
    expect(staleAnswers).toBe(12 * 20);
    expect(refreshErrors).toBeGreaterThan(0);
    // One refresh at a time: never two ListClusters calls on the wire together.
    expect(proxy.maxConcurrent(listClusters)).toBe(1);
    // A refresh at most every failureTtl (plus the first): 7 refreshes of at
    // most 4 attempts each over the minute, not one per viewer.
    const throttledCalls =
      proxy.requests.filter(r => listClusters.test(r)).length - callsBefore;
    expect(throttledCalls).toBeGreaterThan(0);
    expect(throttledCalls).toBeLessThanOrEqual(7 * 4);

    proxy.setThrottle(undefined);
    now += ttl.failureTtlMs + 1;
    // The next refresh succeeds (the SDK's adaptive retry may first hold it
    // back a little after the 429s).
    let fresh = await view();
    for (let i = 0; i < 50 && fresh.stale; i++) {
      await new Promise(resolve => setTimeout(resolve, 200));
      fresh = await view();
    }
    expect(fresh.value.sort()).toEqual(['prod', 'staging']);
    expect(fresh.stale).toBeUndefined();
  }, 60_000);
});
