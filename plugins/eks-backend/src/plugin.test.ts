import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  EKSClient,
} from '@aws-sdk/client-eks';
import { Entity } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FaultProxy,
  fromStoreFiles,
  getFreePort,
  MotoServer,
  startFaultProxy,
  startMotoServer,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { EksDeploymentsResponse } from '@internal/backstage-plugin-eks-common';
import request from 'supertest';
import { eksPlugin } from './plugin';
import { eksDeploymentsServiceFactory } from './service/serviceFactory';
import {
  FakeKubernetesServer,
  inbestmentNamespace,
  startFakeKubernetes,
} from '@internal/backstage-plugin-eks-node/testUtils';

const ACCOUNT = '123456789012';

// moto start-up and the retries of throttled calls take a few seconds.
jest.setTimeout(60_000);

function component(
  name: string,
  annotations: Record<string, string>,
  namespace = 'default',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace, annotations },
    spec: { type: 'service', owner: 'team-checkout', lifecycle: 'production' },
  };
}

/** Registered by a developer (not from the store's files), naming checkout-service's workloads. */
const planted = [
  component('planted-service', {
    'backstage.io/kubernetes-id': 'checkout-service',
    'aws-ops.io/eks-cluster-arns': `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/inbestment-prod`,
  }),
  component('planted-selector', {
    'backstage.io/kubernetes-label-selector': 'app in (payment-service)',
  }),
  // Its kubernetes-id is its own name, and checkout-service's too.
  component(
    'checkout-service',
    { 'backstage.io/kubernetes-id': 'checkout-service' },
    'attacker',
  ),
];

const storeEntities = [
  component('checkout-service', {
    'backstage.io/kubernetes-id': 'checkout-service',
  }),
  component('legacy-batch', {}),
  // Runs on an old cluster named by ARN only.
  component('reporting-service', {
    'backstage.io/kubernetes-id': 'reporting-service',
    'aws-ops.io/environments': 'prod',
    'aws-ops.io/eks-cluster-arns': `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/inbestment-legacy`,
  }),
  component('rogue-service', {
    'backstage.io/kubernetes-id': 'checkout-service',
    'aws-ops.io/environments': 'prod',
    'aws-ops.io/eks-cluster-arns':
      'arn:aws:eks:eu-west-1:999999999999:cluster/someone-elses',
  }),
  component('payment-service', {
    'backstage.io/kubernetes-label-selector':
      'app in (payment-service),tier=backend',
    'aws-ops.io/environments': 'prod',
  }),
].map(fromStoreFiles);
const entities = [...storeEntities, ...planted];

describe('eks-backend with the aws source (moto + a fake Kubernetes API)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let kubernetes: FakeKubernetesServer;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    // Static credentials from the usual environment variables.
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    moto = await startMotoServer();
    proxy = await startFaultProxy({
      target: moto.endpoint,
      throttle: /\/clusters\/inbestment-busy/,
    });

    const create = async (region: string, name: string, version: string) => {
      const eks = new EKSClient({
        region,
        endpoint: moto.endpoint,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      await eks.send(
        new CreateClusterCommand({
          name,
          version,
          roleArn: `arn:aws:iam::${ACCOUNT}:role/eks-cluster`,
          resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
        }),
      );
      return eks;
    };
    const prod = await create('eu-west-1', 'inbestment-prod', '1.31');
    for (const [nodegroupName, instanceTypes, desiredSize] of [
      ['spot', ['m6i.large', 'm5.large'], 2],
      ['general', ['m6i.large'], 4],
    ] as const) {
      await prod.send(
        new CreateNodegroupCommand({
          clusterName: 'inbestment-prod',
          nodegroupName,
          nodeRole: `arn:aws:iam::${ACCOUNT}:role/eks-node`,
          subnets: ['subnet-1'],
          instanceTypes: [...instanceTypes],
          scalingConfig: { desiredSize, minSize: 1, maxSize: 8 },
        }),
      );
    }
    await create('us-east-1', 'inbestment-staging', '1.29');
    // Older than every version the config table holds.
    await create('eu-west-1', 'inbestment-legacy', '1.28');
    await create('us-west-2', 'inbestment-busy', '1.31');

    kubernetes = await startFakeKubernetes({
      clusterName: 'inbestment-prod',
      region: 'eu-west-1',
      accessKeyId: 'test',
      secretAccessKey: 'test',
      workloads: { inbestment: inbestmentNamespace() },
    });
    const closedPort = await getFreePort();

    ({ server } = await startTestBackend({
      features: [
        eksPlugin,
        eksDeploymentsServiceFactory,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            inbestment: { catalogFiles: STORE_CATALOG_FILES },
            awsOps: {
              endpoint: proxy.url,
              accounts: [
                {
                  accountId: ACCOUNT,
                  regions: ['eu-west-1', 'us-east-1', 'us-west-2'],
                },
              ],
              environments: [
                {
                  name: 'prod',
                  accountId: ACCOUNT,
                  region: 'eu-west-1',
                  eksCluster: 'inbestment-prod',
                  kubernetesApiUrl: kubernetes.url,
                },
                {
                  name: 'staging',
                  accountId: ACCOUNT,
                  region: 'us-east-1',
                  eksCluster: 'inbestment-staging',
                  kubernetesApiUrl: `http://127.0.0.1:${closedPort}`,
                },
                {
                  name: 'busy',
                  accountId: ACCOUNT,
                  region: 'us-west-2',
                  eksCluster: 'inbestment-busy',
                },
              ],
              eks: {
                versionSupport: [
                  { version: '1.29', endOfStandardSupport: '2025-03-23' },
                  { version: '1.31', endOfStandardSupport: '2099-01-01' },
                ],
              },
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    process.env = savedEnv;
    await kubernetes?.close();
    await proxy?.close();
    await moto?.stop();
  });

  const get = (name: string) =>
    request(server)
      .get(`/api/eks/entities/component/default/${name}/deployments`)
      .set('authorization', mockCredentials.user.header());

  it('calls a version older than every table entry past support, asking DescribeClusterVersions once per region', async () => {
    const res = await get('reporting-service');
    expect(res.status).toBe(200);
    const legacy = (res.body as EksDeploymentsResponse).environments.find(
      e => e.name === 'inbestment-legacy',
    );
    expect(legacy?.cluster).toMatchObject({
      arn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/inbestment-legacy`,
      kubernetesVersion: '1.28',
      versionSupport: { status: 'ended', source: 'config', unsupported: true },
    });
    await get('checkout-service');
    await get('reporting-service');
    const versionCalls = proxy.requests.filter(r =>
      r.includes('/cluster-versions'),
    );
    // The EKS API's request: every version of EKS clusters, 100 per page;
    // its failure (moto lacks it) is remembered, not asked per request.
    expect(versionCalls.length).toBeGreaterThan(0);
    for (const call of versionCalls) {
      expect(call).toMatch(
        /^GET \/cluster-versions\?(?=.*clusterType=eks)(?=.*includeAll=true)(?=.*maxResults=100)/,
      );
    }
    const regions = versionCalls.map(r => /region=([\w-]+)/.exec(r)?.[1]);
    expect(new Set(regions).size).toBe(regions.length);
  });

  it('reads clusters from EKS and workloads from Kubernetes, reporting each failing cluster next to the rest', async () => {
    const res = await get('checkout-service');
    expect(res.status).toBe(200);
    const body: EksDeploymentsResponse = res.body;
    expect(body.source).toBe('aws');
    expect(body.labelSelector).toBe(
      'backstage.io/kubernetes-id=checkout-service',
    );
    expect(body.environments.map(e => e.name)).toEqual([
      'prod',
      'staging',
      'busy',
    ]);

    const [prod, staging, busy] = body.environments;
    expect(prod.cluster).toMatchObject({
      name: 'inbestment-prod',
      region: 'eu-west-1',
      accountId: ACCOUNT,
      kubernetesVersion: '1.31',
      status: 'ACTIVE',
      versionSupport: { status: 'supported' },
    });
    expect(
      prod.cluster!.nodeGroups.map(n => [
        n.name,
        n.instanceTypes,
        n.desiredSize,
        n.minSize,
        n.maxSize,
      ]),
    ).toEqual([
      ['general', ['m6i.large'], 4, 1, 8],
      ['spot', ['m6i.large', 'm5.large'], 2, 1, 8],
    ]);

    expect(prod.deployments).toHaveLength(1);
    const checkout = prod.deployments![0];
    expect(checkout).toMatchObject({
      name: 'checkout-service',
      namespace: 'inbestment',
      replicas: { desired: 3, ready: 3, updated: 2, available: 3 },
      strategy: 'RollingUpdate',
      rollout: {
        state: 'progressing',
        reason: '2 of 3 new replicas have been updated',
      },
      revision: '7',
      lastRolloutAt: '2026-11-23T09:00:00Z',
      images: [
        {
          container: 'app',
          repository:
            '111122223333.dkr.ecr.eu-west-1.amazonaws.com/inbestment/checkout-service',
          tag: '1.4.2',
          digest: `sha256:${'a'.repeat(64)}`,
        },
      ],
      autoscaler: {
        minReplicas: 2,
        maxReplicas: 10,
        currentReplicas: 4,
        desiredReplicas: 3,
        currentCpuUtilization: 55,
        targetCpuUtilization: 70,
      },
    });
    expect(checkout.pods).toHaveLength(4);
    expect(
      checkout.pods.find(p => p.status === 'CrashLoopBackOff'),
    ).toMatchObject({
      name: 'checkout-service-7c9f8d6b5d-x3c4d',
      phase: 'Running',
      readyContainers: 0,
      totalContainers: 1,
      restarts: 5,
      lastTerminationReason: 'OOMKilled',
      node: 'ip-10-0-1-23.eu-west-1.compute.internal',
      revision: '7',
    });

    // staging: EKS answered (version past standard support) but its API server is unreachable.
    // moto has no DescribeClusterVersions: the config table stands in.
    expect(staging.cluster).toMatchObject({
      kubernetesVersion: '1.29',
      versionSupport: {
        status: 'ended',
        source: 'config',
        endOfStandardSupport: '2025-03-23',
      },
    });
    expect(staging.deployments).toBeUndefined();
    // busy: EKS throttles every call.
    expect(busy.cluster).toBeUndefined();

    expect(body.errors).toEqual([
      expect.objectContaining({
        scope: expect.objectContaining({
          environment: 'staging',
          cluster: 'inbestment-staging',
        }),
        name: 'ServiceUnavailableError',
      }),
      expect.objectContaining({
        scope: expect.objectContaining({
          environment: 'busy',
          region: 'us-west-2',
        }),
        name: 'ServiceUnavailableError',
        message: expect.stringContaining('ThrottlingException'),
      }),
    ]);
    // The Kubernetes lists were read page by page.
    expect(kubernetes.requests.filter(p => p.endsWith('/pods')).length).toBe(3);
  });

  it('serves further viewers and entities from the cache, without new AWS or Kubernetes calls', async () => {
    const awsCalls = proxy.requests.length;
    const kubernetesCalls = kubernetes.requests.length;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => get('checkout-service')),
    );
    expect(responses.every(r => r.status === 200)).toBe(true);
    const payment = await get('payment-service');
    expect(payment.body.environments.map((e: any) => e.name)).toEqual(['prod']);
    expect(
      payment.body.environments[0].deployments.map((d: any) => d.name),
    ).toEqual(['payment-service']);
    expect(payment.body.environments[0].deployments[0].rollout).toEqual({
      state: 'complete',
    });
    expect(proxy.requests.length).toBe(awsCalls);
    expect(kubernetes.requests.length).toBe(kubernetesCalls);
  });

  it('refuses a cluster ARN in an account outside the allowlist and still serves the rest', async () => {
    const res = await get('rogue-service');
    expect(res.status).toBe(200);
    expect(res.body.environments.map((e: any) => e.name)).toEqual(['prod']);
    expect(res.body.environments[0].deployments).toHaveLength(1);
    expect(res.body.errors).toEqual([
      {
        scope: {
          cluster: 'arn:aws:eks:eu-west-1:999999999999:cluster/someone-elses',
        },
        name: 'NotAllowedError',
        message:
          'AWS account 999999999999 is not in the awsOps.accounts allowlist',
      },
    ]);
  });

  it('answers an entity without annotations with no environments and no errors', async () => {
    const res = await get('legacy-batch');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      source: 'aws',
      entityRef: 'component:default/legacy-batch',
      environments: [],
      errors: [],
    });
    expect(res.body.labelSelector).toBeUndefined();
  });

  it("gives entities from outside the store's files none of checkout-service's or payment-service's workloads", async () => {
    const awsCalls = proxy.requests.length;
    const kubernetesCalls = kubernetes.requests.length;
    const responses = await Promise.all(
      [
        'component/default/planted-service',
        'component/default/planted-selector',
        'component/attacker/checkout-service',
      ].map(ref =>
        request(server)
          .get(`/api/eks/entities/${ref}/deployments`)
          .set('authorization', mockCredentials.user.header()),
      ),
    );
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.body.environments).toEqual([]);
      expect(res.body.errors.map((e: any) => e.name)).toEqual(
        res.body.errors.map(() => 'NotAllowedError'),
      );
    }
    const [plantedRes, selectorRes, namesakeRes] = responses.map(r => r.body);
    expect(plantedRes.errors.map((e: any) => e.message)).toEqual([
      expect.stringMatching(
        /^component:default\/planted-service may not claim workloads labelled backstage.io\/kubernetes-id=checkout-service \(backstage.io\/kubernetes-id\): .* \(backstage.io\/kubernetes-id: planted-service\)$/,
      ),
      expect.stringContaining('(aws-ops.io/eks-cluster-arns)'),
    ]);
    expect(selectorRes.errors.map((e: any) => e.message)).toEqual([
      expect.stringContaining('(backstage.io/kubernetes-label-selector)'),
    ]);
    // Only its EKS claim is the EKS route's business.
    expect(namesakeRes.errors.map((e: any) => e.message)).toEqual([
      'component:attacker/checkout-service may not claim workloads labelled backstage.io/kubernetes-id=checkout-service (backstage.io/kubernetes-id): component:default/checkout-service claims workloads labelled backstage.io/kubernetes-id=checkout-service',
    ]);
    // Nothing was read for them.
    expect(proxy.requests.length).toBe(awsCalls);
    expect(kubernetes.requests.length).toBe(kubernetesCalls);
  });
});
