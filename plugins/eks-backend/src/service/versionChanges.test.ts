import {
  DescribeUpdateCommand,
  EKSClient,
  ListUpdatesCommand,
} from '@aws-sdk/client-eks';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  loadScenario,
  Scenario,
  ScenarioEksProvider,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  AwsOpsCache,
  createAwsOpsService,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  grantAsStoreEntity,
  memoryCacheService,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  AwsEksProvider,
  EksProvider,
  readEksConfig,
} from '@internal/backstage-plugin-eks-node';
import { mockClient } from 'aws-sdk-client-mock';
import path from 'node:path';
import { DefaultEksDeploymentsService } from './DefaultEksDeploymentsService';

const ACCOUNT = '123456789012';
const NOW = Date.parse('2026-11-23T10:06:00Z');
const eks = mockClient(EKSClient);

/** DescribeUpdate answers shaped as the EKS API reference documents them (dates as the SDK gives them). */
const UPDATES: Record<
  string,
  {
    status: string;
    type: string;
    params: Array<{ type: string; value: string }>;
    createdAt: string;
  }
> = {
  'b5f0ba18-9a87-4450-b5a0-825e6e84496f': {
    status: 'Successful',
    type: 'VersionUpdate',
    params: [
      { type: 'Version', value: '1.35' },
      { type: 'PlatformVersion', value: 'eks.1' },
    ],
    createdAt: '2026-11-23T00:00:00Z',
  },
  '10bddb13-a71b-425a-b0a6-71cd03e59161': {
    status: 'Successful',
    type: 'EndpointAccessUpdate',
    params: [{ type: 'EndpointPublicAccess', value: 'false' }],
    createdAt: '2026-11-23T02:00:00Z',
  },
  'e4c6d0a2-6f3b-4f47-9a51-6a0f3d1c2b77': {
    status: 'InProgress',
    type: 'VersionUpdate',
    params: [
      { type: 'Version', value: '1.35' },
      { type: 'ReleaseVersion', value: '1.35.0-20261118' },
    ],
    createdAt: '2026-11-23T09:50:00Z',
  },
};

let scenario: Scenario;
let now = NOW;

const savedEnv = { ...process.env };
afterAll(() => {
  process.env = savedEnv;
});

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  scenario = await loadScenario({
    storeServicesDir: path.resolve(__dirname, '../../../../store-services'),
    clock: () => now,
  });
});

beforeEach(() => {
  eks.reset();
  now = NOW;
  eks.on(ListUpdatesCommand).callsFake(({ name, nodegroupName }) => {
    if (name !== 'inbestment-prod') return { updateIds: [] };
    if (nodegroupName === 'spot') {
      throw Object.assign(
        new Error('User is not authorized to perform: eks:ListUpdates'),
        { name: 'AccessDeniedException' },
      );
    }
    return {
      updateIds:
        nodegroupName === 'general'
          ? ['e4c6d0a2-6f3b-4f47-9a51-6a0f3d1c2b77']
          : [
              'b5f0ba18-9a87-4450-b5a0-825e6e84496f',
              '10bddb13-a71b-425a-b0a6-71cd03e59161',
            ],
    };
  });
  eks.on(DescribeUpdateCommand).callsFake(({ updateId }) => {
    const update = UPDATES[updateId];
    return {
      update: {
        id: updateId,
        ...update,
        createdAt: new Date(update.createdAt),
      },
    };
  });
});

/** The scenario's clusters and workloads, the EKS updates from the (mocked) EKS API. */
function service() {
  const config = new ConfigReader({
    awsOps: {
      accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1'] }],
      environments: [
        {
          name: 'prod',
          accountId: ACCOUNT,
          region: 'eu-west-1',
          eksCluster: 'inbestment-prod',
        },
        {
          name: 'staging',
          accountId: ACCOUNT,
          region: 'eu-west-1',
          eksCluster: 'inbestment-staging',
        },
      ],
      eks: { updatesTtlSeconds: 300 },
    },
  });
  const base = createAwsOpsService(
    config,
    mockServices.logger.mock(),
    memoryCacheService(),
  );
  const awsOps = {
    ...base,
    cache: new AwsOpsCache(memoryCacheService(), {
      maxLocalEntries: 1000,
      maxStaleMs: 86_400_000,
      clock: () => now,
    }),
  };
  const scenarioProvider = new ScenarioEksProvider(scenario);
  // The SDK clients of the service, with fixed credentials instead of STS.
  const aws = new AwsEksProvider({
    ...awsOps,
    clients: {
      ...awsOps.clients,
      getClient: async () =>
        new EKSClient({
          region: 'eu-west-1',
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        }),
    } as unknown as typeof awsOps.clients,
  });
  const provider: EksProvider = {
    source: 'aws',
    describeCluster: t => scenarioProvider.describeCluster(t),
    describeClusterVersions: async () => [],
    listWorkloads: (t, c, n) => scenarioProvider.listWorkloads(t, c, n),
    listUpdates: (t, g) => aws.listUpdates(t, g),
    describeUpdate: (t, id, g) => aws.describeUpdate(t, id, g),
  };
  return new DefaultEksDeploymentsService({
    awsOps,
    eksConfig: readEksConfig(config),
    provider,
    clock: () => now,
  });
}

async function changes(svc: DefaultEksDeploymentsService) {
  const entity = scenario.store
    .flatMap(s => s.entities)
    .find(
      e => e.kind === 'Component' && e.metadata.name === 'checkout-service',
    )!;
  return svc.getChanges(await grantAsStoreEntity(entity), {
    start: now - 24 * 3_600_000,
    end: now,
  });
}

describe('version changes from EKS ListUpdates and DescribeUpdate', () => {
  it('keeps VersionUpdates of the cluster and each node group; a node group that fails is an error next to the others', async () => {
    const response = await changes(service());
    expect(response.versionChanges).toEqual([
      {
        environment: 'prod',
        cluster: 'inbestment-prod',
        updateId: 'b5f0ba18-9a87-4450-b5a0-825e6e84496f',
        from: '1.34',
        to: '1.35',
        status: 'Successful',
        startedAt: '2026-11-23T00:00:00.000Z',
      },
      {
        environment: 'prod',
        cluster: 'inbestment-prod',
        nodeGroup: 'general',
        updateId: 'e4c6d0a2-6f3b-4f47-9a51-6a0f3d1c2b77',
        to: '1.35',
        status: 'InProgress',
        startedAt: '2026-11-23T09:50:00.000Z',
      },
    ]);
    expect(response.errors).toEqual([
      expect.objectContaining({
        name: 'NotAllowedError',
        message: expect.stringMatching(/AccessDeniedException/),
        scope: expect.objectContaining({ environment: 'prod' }),
      }),
    ]);
    // Rollouts load next to it.
    expect(response.rollouts.length).toBeGreaterThan(0);
  });

  it('lists again after updatesTtlSeconds; describes a finished update once, one in progress again until it finishes', async () => {
    const svc = service();
    await changes(svc);
    const described = () =>
      eks
        .commandCalls(DescribeUpdateCommand)
        .map(c => c.args[0].input.updateId);
    expect(described().sort()).toEqual(Object.keys(UPDATES).sort());
    // Within the lists' lifetime (and the failed one's): no call at all.
    now += 10_000;
    await changes(svc);
    expect(eks.commandCalls(ListUpdatesCommand)).toHaveLength(5);
    expect(described()).toHaveLength(3);

    // Past it (the stale list is served while it refreshes in the background).
    UPDATES['e4c6d0a2-6f3b-4f47-9a51-6a0f3d1c2b77'].status = 'Successful';
    now += 300_000 - 10_000;
    await changes(svc);
    // The refreshes run behind the ListUpdates budget (10 a second).
    for (
      let i = 0;
      i < 40 && eks.commandCalls(ListUpdatesCommand).length < 10;
      i++
    ) {
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    await new Promise(resolve => setTimeout(resolve, 200));
    const finished = await changes(svc);
    expect(eks.commandCalls(ListUpdatesCommand)).toHaveLength(10);
    // Only the update seen in progress was described again.
    expect(described().slice(3)).toEqual([
      'e4c6d0a2-6f3b-4f47-9a51-6a0f3d1c2b77',
    ]);
    expect(
      finished.versionChanges.find(c => c.nodeGroup === 'general')?.status,
    ).toBe('Successful');
    UPDATES['e4c6d0a2-6f3b-4f47-9a51-6a0f3d1c2b77'].status = 'InProgress';
  });
  it('asks a list that failed again only after the lookup TTL, not every live TTL (every replica shares it)', async () => {
    const svc = service();
    const spotCalls = () =>
      eks
        .commandCalls(ListUpdatesCommand)
        .filter(c => c.args[0].input.nodegroupName === 'spot').length;
    await changes(svc);
    expect(spotCalls()).toBe(1);
    // Past the live TTL (15 s), inside the lookup TTL (300 s).
    now += 60_000;
    expect((await changes(svc)).errors).toHaveLength(1);
    expect(spotCalls()).toBe(1);
    now += 300_000;
    await changes(svc);
    expect(spotCalls()).toBe(2);
  });
});
