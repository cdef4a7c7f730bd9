import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FaultProxy,
  fromStoreFiles,
  MotoServer,
  startFaultProxy,
  startMotoServer,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  EntityAlarmsResponse,
  MetricAlarm,
} from '@internal/backstage-plugin-cloudwatch-common';
import request from 'supertest';
import { cloudWatchPlugin } from './plugin';

const ACCOUNT = '123456789012';

// moto start-up and the retries of throttled and dropped calls take a few seconds.
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
    spec: { type: 'service', owner: 'team-commerce', lifecycle: 'production' },
  };
}

/** Registered by a developer (not from the store's files), naming checkout-service's alarms. */
const planted = [
  component('planted-service', {
    'aws-ops.io/alarm-prefix': 'checkout-service',
    'aws-ops.io/alarm-names': 'inbestment-alb-5xx-rate',
  }),
  // Named like checkout-service: its default prefix is checkout-service's.
  component('checkout-service', {}, 'attacker'),
  // `cart-` covers cart-service's `cart-service-*`.
  component('cart', {}),
];

const storeEntities = [
  component('checkout-service', {
    'aws-ops.io/alarm-names': 'inbestment-alb-5xx-rate',
  }),
  component('cart-service', { 'aws-ops.io/environments': 'prod' }),
  component('legacy-batch', { 'aws-ops.io/environments': 'prod,staging' }),
  component('payment-service', { 'aws-ops.io/environments': 'prod,qa' }),
  component('cart-mfe', {
    'aws-ops.io/environments': 'prod',
    'aws-ops.io/alarm-names': [
      `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:storefront-cdn-5xx-rate`,
      'arn:aws:cloudwatch:eu-west-1:999999999999:alarm:someone-elses',
    ].join(','),
  }),
].map(fromStoreFiles);
const entities = [...storeEntities, ...planted];

const targetGroup = 'targetgroup/checkout-service/6d0ecf831eec9f09';

describe('cloudwatch-backend with the aws source (moto)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const savedEnv = { ...process.env };
  const putAt = [Date.now() - 4 * 60_000, Date.now() - 2 * 60_000];

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    moto = await startMotoServer();
    proxy = await startFaultProxy({
      target: moto.endpoint,
      throttle: /region=us-west-2/,
      unreachable: /region=ap-southeast-2/,
    });
    const cloudwatch = (region: string) =>
      new CloudWatchClient({
        region,
        endpoint: moto.endpoint,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
    const prod = cloudwatch('eu-west-1');
    const staging = cloudwatch('us-east-1');
    const alarm = (
      AlarmName: string,
      MetricName: string,
      Dimensions: { Name: string; Value: string }[],
    ) =>
      new PutMetricAlarmCommand({
        AlarmName,
        Namespace: 'AWS/ApplicationELB',
        MetricName,
        Dimensions,
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        Threshold: 25,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    for (const client of [prod, staging]) {
      await client.send(
        alarm('checkout-service-5xx-rate', 'HTTPCode_Target_5XX_Count', [
          { Name: 'TargetGroup', Value: targetGroup },
        ]),
      );
    }
    await prod.send(
      alarm('cart-service-5xx-rate', 'HTTPCode_Target_5XX_Count', [
        { Name: 'TargetGroup', Value: 'targetgroup/cart-service/1' },
      ]),
    );
    await prod.send(
      alarm('inbestment-alb-5xx-rate', 'HTTPCode_ELB_5XX_Count', [
        { Name: 'LoadBalancer', Value: 'app/inbestment-alb/1' },
      ]),
    );
    // Shares the prefix's first word only: not checkout-service's.
    await prod.send(
      alarm('checkout-service2-5xx-rate', 'HTTPCode_Target_5XX_Count', []),
    );
    await staging.send(
      alarm('storefront-cdn-5xx-rate', 'HTTPCode_ELB_5XX_Count', []),
    );
    await prod.send(
      new SetAlarmStateCommand({
        AlarmName: 'checkout-service-5xx-rate',
        StateValue: 'ALARM',
        StateReason: 'Threshold Crossed: 2 out of the last 3 datapoints',
      }),
    );
    await staging.send(
      new SetAlarmStateCommand({
        AlarmName: 'checkout-service-5xx-rate',
        StateValue: 'INSUFFICIENT_DATA',
        StateReason: 'Insufficient Data: 3 datapoints were unknown.',
      }),
    );
    await prod.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/ApplicationELB',
        MetricData: [
          { value: 7, at: putAt[0] },
          { value: 31, at: putAt[1] },
        ].map(({ value, at }) => ({
          MetricName: 'HTTPCode_Target_5XX_Count',
          Dimensions: [{ Name: 'TargetGroup', Value: targetGroup }],
          Value: value,
          Timestamp: new Date(at),
        })),
      }),
    );

    ({ server } = await startTestBackend({
      features: [
        cloudWatchPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            inbestment: { catalogFiles: STORE_CATALOG_FILES },
            awsOps: {
              source: 'aws',
              endpoint: proxy.url,
              accounts: [
                {
                  accountId: ACCOUNT,
                  regions: [
                    'eu-west-1',
                    'us-east-1',
                    'us-west-2',
                    'ap-southeast-2',
                  ],
                },
              ],
              environments: [
                { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
                { name: 'staging', accountId: ACCOUNT, region: 'us-east-1' },
                { name: 'busy', accountId: ACCOUNT, region: 'us-west-2' },
                { name: 'down', accountId: ACCOUNT, region: 'ap-southeast-2' },
              ],
              // Long enough that the whole file runs within one cache lifetime.
              cache: { liveTtlSeconds: 300 },
              cloudwatch: { metricDataTtlSeconds: 300 },
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    process.env = savedEnv;
    await proxy?.close();
    await moto?.stop();
  });

  const get = (name: string, window = '1h') =>
    request(server)
      .get(
        `/api/cloudwatch/entities/component/default/${name}/alarms?window=${window}`,
      )
      .set('authorization', mockCredentials.user.header());

  it('shows alarms set with SetAlarmState on the right component, with the metric put by PutMetricData, and each failing region next to them', async () => {
    const res = await get('checkout-service');
    expect(res.status).toBe(200);
    const body: EntityAlarmsResponse = res.body;
    expect(body.source).toBe('aws');
    expect(
      body.alarms.map(a => [a.name, a.environment, a.state, a.matchedBy]),
    ).toEqual([
      ['checkout-service-5xx-rate', 'prod', 'ALARM', 'prefix'],
      ['checkout-service-5xx-rate', 'staging', 'INSUFFICIENT_DATA', 'prefix'],
      ['inbestment-alb-5xx-rate', 'prod', 'OK', 'name'],
    ]);
    const firing = body.alarms[0] as MetricAlarm;
    expect(firing).toMatchObject({
      type: 'metric',
      accountId: ACCOUNT,
      region: 'eu-west-1',
      stateReason: 'Threshold Crossed: 2 out of the last 3 datapoints',
      metric: {
        namespace: 'AWS/ApplicationELB',
        name: 'HTTPCode_Target_5XX_Count',
        dimensions: { TargetGroup: targetGroup },
        statistic: 'Sum',
        period: 60,
      },
      threshold: 25,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: 'notBreaching',
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/checkout-service-5xx-rate',
    });
    expect(Date.parse(firing.stateUpdatedAt)).toBeGreaterThan(
      Date.now() - 60_000,
    );
    // The two datapoints, oldest first, in the minutes they were put in.
    expect(firing.series!.values).toEqual([7, 31]);
    firing.series!.timestamps.forEach((timestamp, i) =>
      expect(Math.abs(Date.parse(timestamp) - putAt[i])).toBeLessThan(60_000),
    );
    // The staging alarm's metric has no data there.
    expect((body.alarms[1] as MetricAlarm).series!.values).toEqual([]);

    expect(body.errors).toEqual([
      expect.objectContaining({
        scope: {
          environment: 'busy',
          accountId: ACCOUNT,
          region: 'us-west-2',
        },
        name: 'ServiceUnavailableError',
        message: expect.stringContaining('ThrottlingException'),
      }),
      expect.objectContaining({
        scope: {
          environment: 'down',
          accountId: ACCOUNT,
          region: 'ap-southeast-2',
        },
        name: 'ServiceUnavailableError',
      }),
    ]);
    expect(body.skipped).toEqual({ alarms: 0, datapoints: 0 });
  });

  it('keeps other components alarms apart', async () => {
    const res = await get('cart-service');
    expect(res.status).toBe(200);
    expect(res.body.alarms.map((a: any) => [a.name, a.state])).toEqual([
      ['cart-service-5xx-rate', 'OK'],
    ]);
    expect(res.body.errors).toEqual([]);
  });

  it('answers a component with no linked alarms with an empty list and no errors', async () => {
    const res = await get('legacy-batch');
    expect(res.status).toBe(200);
    expect(res.body.alarms).toEqual([]);
    expect(res.body.errors).toEqual([]);
  });

  it('reports an unknown environment and serves the known one', async () => {
    const res = await get('payment-service');
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        scope: { environment: 'qa' },
        name: 'InputError',
      }),
    ]);
  });

  it('finds alarms named by ARN outside the environments and refuses ARNs outside the allowlist', async () => {
    const res = await get('cart-mfe');
    expect(res.status).toBe(200);
    expect(
      res.body.alarms.map((a: any) => [a.name, a.environment, a.matchedBy]),
    ).toEqual([['storefront-cdn-5xx-rate', `us-east-1 (${ACCOUNT})`, 'name']]);
    expect(res.body.errors).toEqual([
      {
        scope: {},
        name: 'NotAllowedError',
        message:
          'AWS account 999999999999 is not in the awsOps.accounts allowlist',
      },
    ]);
  });

  it('calls DescribeAlarms once per account+region for every component and viewer within the cache lifetime', async () => {
    const describeCalls = (region: string) =>
      proxy.requests.filter(
        r => /DescribeAlarms /.test(`${r} `) && r.endsWith(`region=${region}`),
      ).length;
    const before = proxy.requests.length;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        get(
          ['checkout-service', 'cart-service', 'legacy-batch'][i % 3],
          ['1h', '3h'][i % 2],
        ),
      ),
    );
    expect(responses.every(r => r.status === 200)).toBe(true);
    expect(describeCalls('eu-west-1')).toBe(1);
    expect(describeCalls('us-east-1')).toBe(1);
    // Only the 3h window's chart data was new: one GetMetricData per region with alarms.
    const newCalls = proxy.requests.slice(before);
    expect(newCalls.filter(r => /DescribeAlarms/.test(r))).toEqual([]);
    expect(newCalls.filter(r => /GetMetricData/.test(r)).length).toBe(2);
  });

  it("gives entities from outside the store's files none of checkout-service's or cart-service's alarms", async () => {
    const responses = await Promise.all(
      [
        'component/default/planted-service',
        'component/attacker/checkout-service',
        'component/default/cart',
      ].map(ref =>
        request(server)
          .get(`/api/cloudwatch/entities/${ref}/alarms?window=1h`)
          .set('authorization', mockCredentials.user.header()),
      ),
    );
    const [plantedRes, namesakeRes, cartRes] = responses.map(r => r.body);
    for (const body of [plantedRes, namesakeRes, cartRes]) {
      expect(body.alarms).toEqual([]);
    }
    expect(
      plantedRes.errors.map((e: any) => [e.name, e.message.split(': ')[0]]),
    ).toEqual([
      [
        'NotAllowedError',
        'component:default/planted-service may not claim alarms named checkout-service-* (aws-ops.io/alarm-prefix)',
      ],
      [
        'NotAllowedError',
        'component:default/planted-service may not claim alarm inbestment-alb-5xx-rate (aws-ops.io/alarm-names)',
      ],
    ]);
    expect(namesakeRes.errors.map((e: any) => e.message)).toEqual([
      'component:attacker/checkout-service may not claim alarms named checkout-service-* (aws-ops.io/alarm-prefix, by default): component:default/checkout-service claims alarms named checkout-service-*',
    ]);
    expect(cartRes.errors.map((e: any) => e.message)).toEqual([
      'component:default/cart may not claim alarms named cart-* (aws-ops.io/alarm-prefix, by default): component:default/cart-service claims alarms named cart-service-*',
    ]);
  });
});
