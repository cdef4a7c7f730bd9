import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderServiceMock } from '@backstage/plugin-scaffolder-node/testUtils';
import { loadStoreServices } from '@internal/backstage-plugin-aws-ops-demo';
import {
  fromStoreFiles,
  MotoServer,
  startFaultProxy,
  startMotoServer,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { cloudWatchAlarmsServiceFactory } from '@internal/backstage-plugin-cloudwatch-backend';
import { eksDeploymentsServiceFactory } from '@internal/backstage-plugin-eks-backend';
import {
  deployment,
  FakeKubernetesServer,
  replicaSet,
  startFakeKubernetes,
} from '@internal/backstage-plugin-eks-node/testUtils';
import opsHealthPlugin from '@internal/backstage-plugin-ops-health-backend';
import { EntityTimelineResponse } from '@internal/backstage-plugin-ops-health-common';
import { wafEventsServiceFactory } from '@internal/backstage-plugin-waf-backend';
import path from 'node:path';
import request from 'supertest';

const REPO = path.resolve(__dirname, '../../..');
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const minutes = (n: number) => n * 60_000;

/** A Deployment and its ReplicaSets, one per `[minutes before t, image tag]`, as the Kubernetes API lists them. */
function workload(name: string, revisions: Array<[number, string]>, t: number) {
  const image = (tag: string) =>
    `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:${tag}`;
  const [latestAgo, latestTag] = revisions[revisions.length - 1];
  return {
    deployment: deployment(name, 2, image(latestTag), revisions.length, {
      observedGeneration: revisions.length,
      replicas: 2,
      readyReplicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          lastUpdateTime: new Date(t - minutes(latestAgo - 2)).toISOString(),
        },
      ],
    }),
    replicaSets: revisions.map(([ago, tag], i) =>
      replicaSet(
        name,
        `rs${i + 1}`,
        i + 1,
        i === revisions.length - 1 ? 2 : 0,
        new Date(t - minutes(ago)).toISOString(),
        image(tag),
      ),
    ),
  };
}

/**
 * The timeline through the real EKS, CloudWatch and WAF services on the AWS
 * path: moto (with its DescribeAlarmHistory extension) and a Kubernetes API
 * server serving Deployments and ReplicaSets whose rollouts started minutes
 * before the alarms moto records as they are set.
 */
describe('timeline on AWS (moto and a test Kubernetes API)', () => {
  jest.setTimeout(120_000);
  let moto: MotoServer;
  let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
  let kubernetes: FakeKubernetesServer;
  let entities: Entity[];
  let t: number;

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    moto = await startMotoServer();
    proxy = await startFaultProxy({ target: moto.endpoint });
    t = Date.now();
    const workloads = [
      // Its own rollout 4 minutes before its alarm: correlated.
      workload(
        'checkout-service',
        [
          [90, '4.9.0'],
          [4, '4.9.1'],
        ],
        t,
      ),
      // A dependency's rollout 40 minutes before: outside the 15-minute window.
      workload(
        'cart-service',
        [
          [120, '2.0.0'],
          [40, '2.0.1'],
        ],
        t,
      ),
      // Not a dependency of checkout-service: never correlated with its alarm.
      workload(
        'search-service',
        [
          [60, '1.19.4'],
          [2, '1.19.5'],
        ],
        t,
      ),
    ];
    kubernetes = await startFakeKubernetes({
      clusterName: 'inbestment-prod',
      region: REGION,
      ...credentials,
      pageSize: 50,
      workloads: {
        inbestment: {
          deployments: workloads.map(w => w.deployment),
          replicaSets: workloads.flatMap(w => w.replicaSets),
          pods: [],
          autoscalers: [],
        },
      },
    });
    await new EKSClient({
      region: REGION,
      endpoint: moto.endpoint,
      credentials,
    }).send(
      new CreateClusterCommand({
        name: 'inbestment-prod',
        version: '1.35',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/eks-cluster`,
        resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
      }),
    );
    const cloudwatch = new CloudWatchClient({
      region: REGION,
      endpoint: moto.endpoint,
      credentials,
    });
    const alarm = (name: string) =>
      cloudwatch.send(
        new PutMetricAlarmCommand({
          AlarmName: name,
          Namespace: 'AWS/ApplicationELB',
          MetricName: 'TargetResponseTime',
          Statistic: 'Maximum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1.5,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      );
    const setState = (name: string, state: 'ALARM' | 'OK', reason: string) =>
      cloudwatch.send(
        new SetAlarmStateCommand({
          AlarmName: name,
          StateValue: state,
          StateReason: reason,
        }),
      );
    for (const name of [
      'checkout-service-latency-p99',
      'cart-service-5xx-rate',
      'search-service-latency-p99',
    ]) {
      await alarm(name);
    }
    await setState(
      'checkout-service-latency-p99',
      'ALARM',
      'p99 latency above 1.5 s',
    );
    await setState(
      'search-service-latency-p99',
      'ALARM',
      'p99 latency above 1.5 s',
    );
    // cart-service's alarm flaps: 300 state changes, more than three pages of history.
    for (let i = 0; i < 300; i++) {
      await setState(
        'cart-service-5xx-rate',
        i % 2 ? 'OK' : 'ALARM',
        `flap ${i + 1}`,
      );
    }
    const store = await loadStoreServices(path.join(REPO, 'store-services'));
    const named = (name: string) =>
      fromStoreFiles(
        store.flatMap(s => s.entities).find(e => e.metadata.name === name)!,
      );
    // The relation the catalog emits for a dependsOn on cart-service.
    const checkout = named('checkout-service');
    entities = [
      {
        ...checkout,
        relations: [
          { type: 'dependsOn', targetRef: 'component:default/cart-service' },
        ],
      },
      named('cart-service'),
      named('search-service'),
    ];
  });

  afterAll(async () => {
    await kubernetes?.close();
    await proxy?.close();
    await moto?.stop();
  });

  const start = () =>
    startTestBackend({
      features: [
        opsHealthPlugin,
        eksDeploymentsServiceFactory,
        cloudWatchAlarmsServiceFactory,
        wafEventsServiceFactory,
        catalogServiceMock.factory({ entities }),
        scaffolderServiceMock.mock({
          listTasks: async () => ({ items: [], totalItems: 0 }),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            inbestment: { catalogFiles: STORE_CATALOG_FILES },
            awsOps: {
              endpoint: proxy.url,
              accounts: [{ accountId: ACCOUNT, regions: [REGION] }],
              environments: [
                {
                  name: 'prod',
                  accountId: ACCOUNT,
                  region: REGION,
                  eksCluster: 'inbestment-prod',
                  kubernetesApiUrl: kubernetes.url,
                },
              ],
              eks: {
                versionSupport: [
                  { version: '1.35', endOfStandardSupport: '2027-03-27' },
                ],
              },
            },
          },
        }),
      ],
    });

  const timeline = async (
    server: any,
    name: string,
  ): Promise<EntityTimelineResponse> => {
    const res = await request(server)
      .get(
        `/api/ops-health/entities/component/default/${name}/timeline?window=1h`,
      )
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };

  it('correlates an alarm with the rollout it followed within the window, and with nothing else', async () => {
    const { server } = await start();
    const body = await timeline(server, 'checkout-service');
    expect(body.source).toBe('aws');
    expect(body.dependencies).toEqual(['component:default/cart-service']);
    const kinds = body.events.map(
      e => `${e.kind} ${e.entityRef.split('/')[1]} ${e.title}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^alarm checkout-service checkout-service-latency-p99 fired in prod$/,
        ),
        expect.stringMatching(
          /^rollout checkout-service checkout-service 4\.9\.1 rolled out in prod/,
        ),
        expect.stringMatching(
          /^rollout cart-service cart-service 2\.0\.1 rolled out in prod/,
        ),
      ]),
    );
    // Its alarm, not cart-service's or search-service's, and no unrelated rollout.
    expect(kinds.filter(k => k.startsWith('alarm'))).toHaveLength(1);
    expect(kinds.some(k => k.includes('search-service'))).toBe(false);
    expect(body.correlations).toHaveLength(1);
    expect(body.correlations[0]).toMatchObject({
      environment: 'prod',
      rolloutEntityRef: 'component:default/checkout-service',
      sentence: expect.stringMatching(
        /^checkout-service-latency-p99 fired [45] min after checkout-service 4\.9\.1 started rolling out in prod$/,
      ),
    });
    // cart-service's rollout 40 minutes before is outside the window.
    expect(
      body.correlations.some(c => c.rolloutEntityRef.endsWith('cart-service')),
    ).toBe(false);
  });

  it('pages an alarm history with hundreds of items', async () => {
    const { server } = await start();
    const before = proxy.requests.length;
    const body = await timeline(server, 'cart-service');
    const alarms = body.events.filter(e => e.kind === 'alarm');
    expect(alarms).toHaveLength(300);
    expect(new Set(alarms.map(e => e.detail))).toEqual(
      new Set(Array.from({ length: 300 }, (_, i) => `flap ${i + 1}`)),
    );
    const historyCalls = proxy.requests
      .slice(before)
      .filter(r => r.includes('DescribeAlarmHistory'));
    expect(historyCalls.length).toBeGreaterThanOrEqual(3);
    // Its ALARMs came 40 minutes after its rollout: none is correlated.
    expect(body.correlations).toEqual([]);
    // The one alarms error: cart-service's annotation names staging, which this backend does not configure.
    expect(
      body.errors
        .filter(e => e.signal === 'alarms')
        .map(e => e.scope.environment),
    ).toEqual(['staging']);
  });

  it('puts the correlation on the health overview row of the red component', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/ops-health/components')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const row = (name: string) =>
      res.body.components.find((c: any) => c.name === name);
    expect(row('checkout-service').level).toBe('critical');
    expect(row('checkout-service').correlations).toEqual([
      expect.objectContaining({
        rolloutEntityRef: 'component:default/checkout-service',
        sentence: expect.stringContaining('after checkout-service 4.9.1'),
      }),
    ]);
    // search-service's own rollout 2 minutes before its alarm is its own correlation, not checkout's.
    expect(row('search-service').correlations?.[0]?.rolloutEntityRef).toBe(
      'component:default/search-service',
    );
  });
});
