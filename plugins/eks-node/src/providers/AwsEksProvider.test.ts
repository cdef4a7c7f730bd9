import {
  DescribeClusterVersionsCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListUpdatesCommand,
} from '@aws-sdk/client-eks';
import { AwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import { mockClient } from 'aws-sdk-client-mock';
import { createEksToken } from '../kubernetes/eksToken';
import { evaluateVersionSupport } from '../versionSupport';
import {
  FakeKubernetesServer,
  startFakeKubernetes,
} from '../testUtils/fakeKubernetes';
import { inbestmentNamespace } from '../testUtils/fixtures';
import sample from '../testUtils/samples/describe-cluster-versions.json';
import updates from '../testUtils/samples/eks-updates.json';
import { AwsEksProvider, toEksUpdate } from './AwsEksProvider';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const eks = mockClient(EKSClient);
const scheduled: string[] = [];
const awsOps = {
  clients: {
    getClient: async () => new EKSClient({ region: 'eu-west-1' }),
    getCredentials: async () => async () => credentials,
  },
  limits: {
    schedule: (api: string, _target: unknown, call: () => Promise<unknown>) => {
      scheduled.push(api);
      return call();
    },
  },
} as unknown as AwsOpsService;
const target = { accountId: '111122223333', region: 'eu-west-1' };

/** The CLI's JSON as the SDK returns it: dates as Date objects. */
function asSdkOutput(page: (typeof sample.pages)[number]) {
  return {
    ...page,
    clusterVersions: page.clusterVersions.map(v => ({
      ...v,
      releaseDate: new Date(v.releaseDate),
      endOfStandardSupportDate: new Date(v.endOfStandardSupportDate),
      endOfExtendedSupportDate: new Date(v.endOfExtendedSupportDate),
    })),
  } as any;
}

beforeEach(() => {
  eks.reset();
  scheduled.length = 0;
});

describe('AwsEksProvider.describeClusterVersions', () => {
  it('asks for every EKS version page by page and reads status and end dates', async () => {
    eks
      .on(DescribeClusterVersionsCommand)
      .resolvesOnce(asSdkOutput(sample.pages[0]))
      .resolvesOnce(asSdkOutput(sample.pages[1]));

    const versions = await new AwsEksProvider(awsOps).describeClusterVersions(
      target,
    );

    expect(
      eks
        .commandCalls(DescribeClusterVersionsCommand)
        .map(c => c.args[0].input),
    ).toEqual([
      {
        clusterType: 'eks',
        includeAll: true,
        maxResults: 100,
        nextToken: undefined,
      },
      {
        clusterType: 'eks',
        includeAll: true,
        maxResults: 100,
        nextToken: sample.pages[0].nextToken,
      },
    ]);
    expect(scheduled).toEqual([
      'eks:DescribeClusterVersions',
      'eks:DescribeClusterVersions',
    ]);
    expect(versions.map(v => v.version)).toEqual([
      '1.34',
      '1.33',
      '1.32',
      '1.31',
      '1.30',
      '1.29',
      '1.28',
    ]);
    // The CLI's local times, as UTC instants.
    expect(versions[3]).toEqual({
      version: '1.31',
      status: 'EXTENDED_SUPPORT',
      endOfStandardSupport: '2025-11-26T00:00:00.000Z',
      endOfExtendedSupport: '2026-11-26T00:00:00.000Z',
    });

    // What the clusters of that day showed, with an empty config table.
    const asOf = Date.parse(sample.asOf);
    const noTable = { versionSupport: [], warnDaysBeforeEnd: 90 };
    const support = (version: string) =>
      evaluateVersionSupport(version, noTable, asOf, versions);
    expect(support('1.34')).toMatchObject({
      status: 'supported',
      source: 'eks-api',
      daysLeft: 356,
    });
    expect(support('1.31')).toMatchObject({
      status: 'ended',
      endOfExtendedSupport: '2026-11-26T00:00:00.000Z',
    });
    expect(support('1.31').unsupported).toBeUndefined();
    expect(support('1.28')).toMatchObject({
      status: 'ended',
      unsupported: true,
    });
    expect(support('1.27')).toEqual({
      status: 'ended',
      source: 'eks-api',
      unsupported: true,
    });
  });

  it('skips entries without a version and keeps missing dates absent', async () => {
    eks.on(DescribeClusterVersionsCommand).resolves({
      clusterVersions: [
        { clusterType: 'eks' },
        { clusterVersion: '1.35', versionStatus: 'STANDARD_SUPPORT' },
      ],
    });
    await expect(
      new AwsEksProvider(awsOps).describeClusterVersions(target),
    ).resolves.toEqual([{ version: '1.35', status: 'STANDARD_SUPPORT' }]);
  });
});

describe('AwsEksProvider tokens', () => {
  let kubernetes: FakeKubernetesServer;
  const cnArn = 'arn:aws-cn:eks:cn-north-1:111122223333:cluster/inbestment-cn';

  beforeAll(async () => {
    kubernetes = await startFakeKubernetes({
      clusterName: 'inbestment-cn',
      region: 'cn-north-1',
      stsHost: 'sts.cn-north-1.amazonaws.com.cn',
      ...credentials,
      workloads: { inbestment: inbestmentNamespace() },
    });
  });
  afterAll(() => kubernetes?.close());

  it("signs for the cluster's partition, drops a token the cluster answers 401 to and signs a new one", async () => {
    const created: string[] = [];
    const createToken: typeof createEksToken = async options => {
      const token = await createEksToken(options);
      created.push(token);
      return token;
    };
    const provider = new AwsEksProvider(awsOps, undefined, createToken);
    const cluster = {
      accountId: '111122223333',
      region: 'cn-north-1',
      environment: 'china',
      clusterName: 'inbestment-cn',
    };
    const connection = { apiUrl: kubernetes.url, clusterArn: cnArn };

    const first = await provider.listWorkloads(
      cluster,
      connection,
      'inbestment',
    );
    expect(first.deployments.length).toBeGreaterThan(0);
    expect(created).toHaveLength(1);
    // Within its lifetime the token is reused.
    await provider.listWorkloads(cluster, connection, 'inbestment');
    expect(created).toHaveLength(1);

    // The cluster refuses the token once: it is dropped, the read signs a
    // new token and succeeds; later reads use the new one.
    kubernetes.refuseNext(1);
    const before = kubernetes.tokens.length;
    const again = await provider.listWorkloads(
      cluster,
      connection,
      'inbestment',
    );
    expect(again.deployments).toEqual(first.deployments);
    expect(created).toHaveLength(2);
    const refused = kubernetes.tokens[before];
    expect(refused).toBe(created[0]);
    await provider.listWorkloads(cluster, connection, 'inbestment');
    expect(created).toHaveLength(2);
    expect(kubernetes.tokens[kubernetes.tokens.length - 1]).toBe(created[1]);

    // Refused again after the new token: the error reaches the caller.
    kubernetes.refuseNext(8);
    await expect(
      provider.listWorkloads(cluster, connection, 'inbestment'),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(created).toHaveLength(3);
  });
});

describe('AwsEksProvider.listWorkloads', () => {
  let kubernetes: FakeKubernetesServer;
  const cluster = {
    accountId: '111122223333',
    region: 'eu-west-1',
    environment: 'prod',
    clusterName: 'inbestment-prod',
  };
  beforeAll(async () => {
    kubernetes = await startFakeKubernetes({
      clusterName: 'inbestment-prod',
      region: 'eu-west-1',
      ...credentials,
      workloads: {
        inbestment: inbestmentNamespace(),
        locked: {
          ...inbestmentNamespace(),
          podDisruptionBudgetsError:
            'poddisruptionbudgets.policy is forbidden: User "eks-viewer" cannot list resource "poddisruptionbudgets"',
        },
      },
    });
  });
  afterAll(() => kubernetes?.close());

  it('lists the policy/v1 PodDisruptionBudgets of the namespace with its workloads', async () => {
    const provider = new AwsEksProvider(awsOps);
    const listed = await provider.listWorkloads(
      cluster,
      { apiUrl: kubernetes.url },
      'inbestment',
    );
    expect(listed.podDisruptionBudgets).toEqual(
      inbestmentNamespace().podDisruptionBudgets,
    );
    expect(listed.podDisruptionBudgetsError).toBeUndefined();
    expect(kubernetes.requests).toContain(
      '/apis/policy/v1/namespaces/inbestment/poddisruptionbudgets',
    );
  });

  it('still lists the namespace when its PodDisruptionBudgets are forbidden, with the reason', async () => {
    const provider = new AwsEksProvider(awsOps);
    const listed = await provider.listWorkloads(
      cluster,
      { apiUrl: kubernetes.url },
      'locked',
    );
    expect(listed.deployments).toEqual(inbestmentNamespace().deployments);
    expect(listed.podDisruptionBudgets).toBeUndefined();
    expect(listed.podDisruptionBudgetsError).toMatch(
      /poddisruptionbudgets answered 403: .*Forbidden.*cannot list resource/,
    );
  });
});

describe('AwsEksProvider.listUpdates and describeUpdate', () => {
  const clusterTarget = {
    ...target,
    environment: 'prod',
    clusterName: 'inbestment-prod',
  };
  /** DescribeUpdate as the SDK returns it: dates as Date objects. */
  const describeAnswer = (id: string) => {
    const { update } = (updates.describeUpdate as Record<string, any>)[id];
    return { update: { ...update, createdAt: new Date(update.createdAt) } };
  };

  it('reads at most two ListUpdates pages of 100 per cluster, through the ListUpdates budget', async () => {
    const pages = updates.listUpdates.cluster;
    eks
      .on(ListUpdatesCommand)
      .resolvesOnce(pages[0])
      .resolvesOnce(pages[1])
      .resolvesOnce(pages[2]);
    const ids = await new AwsEksProvider(awsOps).listUpdates(clusterTarget);
    expect(ids).toEqual([...pages[0].updateIds, ...pages[1].updateIds]);
    expect(
      eks.commandCalls(ListUpdatesCommand).map(c => c.args[0].input),
    ).toEqual([
      {
        name: 'inbestment-prod',
        maxResults: 100,
        nextToken: undefined,
        nodegroupName: undefined,
      },
      {
        name: 'inbestment-prod',
        maxResults: 100,
        nextToken: pages[0].nextToken,
        nodegroupName: undefined,
      },
    ]);
    expect(scheduled).toEqual(['eks:ListUpdates', 'eks:ListUpdates']);
  });

  it("lists a node group's updates with its name", async () => {
    eks.on(ListUpdatesCommand).resolves(updates.listUpdates.nodegroup[0]);
    await expect(
      new AwsEksProvider(awsOps).listUpdates(clusterTarget, 'general'),
    ).resolves.toEqual(updates.listUpdates.nodegroup[0].updateIds);
    expect(eks.commandCalls(ListUpdatesCommand)[0].args[0].input).toMatchObject(
      {
        name: 'inbestment-prod',
        nodegroupName: 'general',
      },
    );
  });

  it('maps DescribeUpdate: type, status, creation time and params by type', async () => {
    eks
      .on(DescribeUpdateCommand, {
        updateId: 'b5f0ba18-9a87-4450-b5a0-825e6e84496f',
      })
      .resolves(describeAnswer('b5f0ba18-9a87-4450-b5a0-825e6e84496f'))
      .on(DescribeUpdateCommand, {
        updateId: '8f1d2c3b-0a9e-4c7d-8b6a-5e4f3d2c1b0a',
      })
      .resolves(describeAnswer('8f1d2c3b-0a9e-4c7d-8b6a-5e4f3d2c1b0a'));
    const provider = new AwsEksProvider(awsOps);
    await expect(
      provider.describeUpdate(
        clusterTarget,
        'b5f0ba18-9a87-4450-b5a0-825e6e84496f',
      ),
    ).resolves.toEqual({
      id: 'b5f0ba18-9a87-4450-b5a0-825e6e84496f',
      type: 'VersionUpdate',
      status: 'Successful',
      createdAt: '2026-11-22T14:05:12.310Z',
      params: { Version: '1.35', PlatformVersion: 'eks.1' },
    });
    await expect(
      provider.describeUpdate(
        clusterTarget,
        '8f1d2c3b-0a9e-4c7d-8b6a-5e4f3d2c1b0a',
        'general',
      ),
    ).resolves.toMatchObject({ status: 'Failed', params: { Version: '1.35' } });
    expect(eks.commandCalls(DescribeUpdateCommand)[1].args[0].input).toEqual({
      name: 'inbestment-prod',
      updateId: '8f1d2c3b-0a9e-4c7d-8b6a-5e4f3d2c1b0a',
      nodegroupName: 'general',
    });
    expect(scheduled).toEqual(['eks:DescribeUpdate', 'eks:DescribeUpdate']);
  });

  it('an unknown status counts as in progress; an empty answer is not found', async () => {
    expect(
      toEksUpdate(
        { id: 'x', status: 'Pending' as any, createdAt: new Date(0) },
        'x',
      ),
    ).toMatchObject({ status: 'InProgress', type: 'Unknown', params: {} });
    eks.on(DescribeUpdateCommand).resolves({});
    await expect(
      new AwsEksProvider(awsOps).describeUpdate(clusterTarget, 'gone'),
    ).rejects.toThrow(/update gone of inbestment-prod not found/);
  });
});
