import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
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
  grantAsStoreEntity,
  listenOnLoopback,
  MotoServer,
  startFaultProxy,
  startMotoServer,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  EntityAlarmsResponse,
  MetricAlarm,
} from '@internal/backstage-plugin-cloudwatch-common';
import {
  CloudWatchAlarmsService,
  cloudWatchAlarmsServiceRef,
} from '@internal/backstage-plugin-cloudwatch-node';
import http from 'node:http';
import request from 'supertest';
import { cloudWatchPlugin } from './plugin';
import { cloudWatchAlarmsServiceFactory } from './service/serviceFactory';

/** A GetMetricData request as the SDK sends it (JSON 1.0 protocol). */
interface GetMetricDataBody {
  MetricDataQueries: Array<{
    Id: string;
    ReturnData?: boolean;
    Expression?: string;
    MetricStat?: {
      Metric: { MetricName: string };
      Period: number;
      Stat: string;
    };
  }>;
}

/**
 * Forwards to `target` and keeps the body of every GetMetricData request with
 * its signing region, to check what chart data was asked for.
 */
async function startBodyRecorder(target: string) {
  const bodies: Array<{ region: string; body: GetMetricDataBody }> = [];
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (String(req.headers['x-amz-target']).endsWith('.GetMetricData')) {
        bodies.push({
          region:
            /Credential=[^/]+\/\d{8}\/([\w-]+)\//.exec(
              req.headers.authorization ?? '',
            )?.[1] ?? '',
          body: JSON.parse(body.toString('utf8')),
        });
      }
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        upstreamRes => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      // A dropped upstream connection stays a dropped connection.
      forward.on('error', () => req.socket.destroy());
      forward.end(body);
    });
  });
  return { ...(await listenOnLoopback(server)), bodies };
}

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
  let recorder: Awaited<ReturnType<typeof startBodyRecorder>>;
  let alarmsService: CloudWatchAlarmsService;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const savedEnv = { ...process.env };
  const putAt = [Date.now() - 4 * 60_000, Date.now() - 2 * 60_000];
  // A whole 5-minute bucket 20-25 minutes ago, and the one before it.
  const bucket = Math.floor((Date.now() - 25 * 60_000) / 300_000) * 300_000;

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    moto = await startMotoServer();
    proxy = await startFaultProxy({
      target: moto.endpoint,
      throttle: /region=us-west-2/,
      unreachable: /region=ap-southeast-2/,
    });
    recorder = await startBodyRecorder(proxy.url);
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
    // A Sum over 5 minutes: its chart must be per 5 minutes, not per minute.
    await prod.send(
      new PutMetricAlarmCommand({
        AlarmName: 'checkout-service-orders-failed',
        Namespace: 'Inbestment/Checkout',
        MetricName: 'OrdersFailed',
        Dimensions: [{ Name: 'Service', Value: 'checkout-service' }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 10,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
    // Metric math over one metric (as the console and CDK write it).
    await prod.send(
      new PutMetricAlarmCommand({
        AlarmName: 'checkout-service-latency-max',
        Metrics: [
          {
            Id: 'latency',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/ApplicationELB',
                MetricName: 'TargetResponseTime',
                Dimensions: [{ Name: 'TargetGroup', Value: targetGroup }],
              },
              Period: 60,
              Stat: 'Maximum',
            },
            ReturnData: false,
          },
          { Id: 'e1', Expression: 'latency', ReturnData: true },
        ],
        EvaluationPeriods: 3,
        Threshold: 2,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
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

    await prod.send(
      new PutMetricDataCommand({
        Namespace: 'Inbestment/Checkout',
        MetricData: [
          { value: 2, at: bucket - 150_000 },
          { value: 4, at: bucket + 30_000 },
          { value: 5, at: bucket + 90_000 },
          { value: 6, at: bucket + 200_000 },
        ].map(({ value, at }) => ({
          MetricName: 'OrdersFailed',
          Dimensions: [{ Name: 'Service', Value: 'checkout-service' }],
          Value: value,
          Timestamp: new Date(at),
        })),
      }),
    );
    await prod.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/ApplicationELB',
        MetricData: [
          { value: 0.8, at: putAt[0] },
          { value: 2.4, at: putAt[0] + 1000 },
          { value: 1.1, at: putAt[1] },
        ].map(({ value, at }) => ({
          MetricName: 'TargetResponseTime',
          Dimensions: [{ Name: 'TargetGroup', Value: targetGroup }],
          Value: value,
          Timestamp: new Date(at),
        })),
      }),
    );

    // Holds the service the health overview uses, to call it as it does.
    const captureService = createBackendPlugin({
      pluginId: 'capture',
      register(env) {
        env.registerInit({
          deps: { alarms: cloudWatchAlarmsServiceRef },
          async init({ alarms }) {
            alarmsService = alarms;
          },
        });
      },
    });

    ({ server } = await startTestBackend({
      features: [
        cloudWatchPlugin,
        cloudWatchAlarmsServiceFactory,
        captureService,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            inbestment: { catalogFiles: STORE_CATALOG_FILES },
            awsOps: {
              endpoint: recorder.url,
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
              // A batch window wide enough that 20 concurrent requests on a loaded machine share it.
              cloudwatch: { metricDataTtlSeconds: 300, metricDataBatchMs: 250 },
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    process.env = savedEnv;
    await recorder?.close();
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
      ['checkout-service-latency-max', 'prod', 'OK', 'prefix'],
      ['checkout-service-orders-failed', 'prod', 'OK', 'prefix'],
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
    // The two datapoints, oldest first, in the minutes they were put in,
    // at the alarm's own period and statistic.
    expect(firing.series).toMatchObject({
      values: [7, 31],
      period: 60,
      statistic: 'Sum',
      alarmPeriod: 60,
    });
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

  it('charts each alarm at its own period and statistic: a Sum over 5 minutes per 5 minutes, a Maximum as maxima', async () => {
    const body: EntityAlarmsResponse = (await get('checkout-service')).body;
    const byName = (name: string) =>
      body.alarms.find(a => a.name === name) as MetricAlarm;

    const orders = byName('checkout-service-orders-failed');
    expect(orders.threshold).toBe(10);
    expect(orders.series).toMatchObject({ period: 300, statistic: 'Sum' });
    // 4 + 5 + 6 in one 5-minute bucket: 15 is over the threshold of 10,
    // which a per-minute chart (4, 5, 6) would never show.
    expect(orders.series!.values).toEqual([2, 15]);
    expect(orders.series!.timestamps).toEqual([
      new Date(bucket - 300_000).toISOString(),
      new Date(bucket).toISOString(),
    ]);

    const latency = byName('checkout-service-latency-max');
    expect(latency.metric).toMatchObject({
      name: 'TargetResponseTime',
      statistic: 'Maximum',
      period: 60,
      queryId: 'latency',
    });
    expect(latency.expression).toBe('latency');
    expect(latency.series).toMatchObject({
      values: [2.4, 1.1],
      period: 60,
      statistic: 'Maximum',
      expression: 'latency',
    });
  });

  it("reads chart data for the viewed component's alarms only, each at its alarm's period and statistic", async () => {
    const before = recorder.bodies.length;
    const res = await get('checkout-service', '12h');
    expect(res.status).toBe(200);
    const reads = recorder.bodies.slice(before);
    const queries = (region: string) =>
      reads
        .filter(r => r.region === region)
        .flatMap(r => r.body.MetricDataQueries)
        .map(q =>
          q.MetricStat
            ? `${q.Id}: ${q.MetricStat.Metric.MetricName} ${q.MetricStat.Stat} ${q.MetricStat.Period} ${q.ReturnData}`
            : `${q.Id}: ${q.Expression} ${q.ReturnData}`,
        )
        .sort();
    // Not cart-service's, checkout-service2's or the unlinked alarms of the
    // account; the expression alarm reads its metric and the expression.
    const latencyId = queries('eu-west-1')
      .find(q => q.includes('TargetResponseTime'))
      ?.split(':')[0];
    expect(latencyId).toMatch(/^l\d_m$/);
    expect(
      queries('eu-west-1')
        .map(q => q.replace(/^l\d+(_m)?: /, ''))
        .sort(),
    ).toEqual(
      [
        'HTTPCode_ELB_5XX_Count Sum 60 true',
        'HTTPCode_Target_5XX_Count Sum 60 true',
        'OrdersFailed Sum 300 true',
        'TargetResponseTime Maximum 60 false',
        `${latencyId} true`,
      ].sort(),
    );
    expect(queries('us-east-1')).toEqual([
      'l0: HTTPCode_Target_5XX_Count Sum 60 true',
    ]);
    expect(reads.length).toBe(2);

    // Another component's view reads its own alarms' data, in one call.
    const cart = recorder.bodies.length;
    await get('cart-service', '12h');
    expect(
      recorder.bodies
        .slice(cart)
        .map(r =>
          r.body.MetricDataQueries.map(q => q.MetricStat?.Metric.MetricName),
        ),
    ).toEqual([['HTTPCode_Target_5XX_Count']]);
  });

  it('answers the health overview from DescribeAlarms alone: no chart data for any component', async () => {
    const before = proxy.requests.length;
    const summaries = await Promise.all(
      storeEntities.map(async entity =>
        alarmsService.getAlarmSummary(await grantAsStoreEntity(entity)),
      ),
    );
    expect(
      summaries.map(s => [s.entityRef, s.worstState, s.counts.ALARM]),
    ).toEqual([
      ['component:default/checkout-service', 'ALARM', 1],
      ['component:default/cart-service', 'OK', 0],
      ['component:default/legacy-batch', 'NONE', 0],
      ['component:default/payment-service', 'NONE', 0],
      ['component:default/cart-mfe', 'OK', 0],
    ]);
    const calls = proxy.requests.slice(before);
    expect(calls.filter(r => /GetMetricData/.test(r))).toEqual([]);
    // The health overview's plugin reads through its own plugin-scoped
    // service and core cache: one DescribeAlarms per healthy region, then
    // only the failing regions are asked again within the cache lifetime.
    const healthy = (requests: string[]) =>
      requests.filter(r => /region=(eu-west-1|us-east-1)$/.test(r));
    expect(healthy(calls).sort()).toEqual([
      'POST / target=GraniteServiceVersion20100801.DescribeAlarms region=eu-west-1',
      'POST / target=GraniteServiceVersion20100801.DescribeAlarms region=us-east-1',
    ]);
    const again = proxy.requests.length;
    await Promise.all(
      storeEntities.map(async entity =>
        alarmsService.getAlarmSummary(await grantAsStoreEntity(entity)),
      ),
    );
    expect(healthy(proxy.requests.slice(again))).toEqual([]);
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
    // One for the alarms route's plugin, one for the health overview's
    // (each plugin's service reads through its own core cache).
    expect(describeCalls('eu-west-1')).toBe(2);
    expect(describeCalls('us-east-1')).toBe(2);
    // Only the 3h window's chart data was new: checkout-service's and
    // cart-service's lines, read together, share one GetMetricData per region.
    const newCalls = proxy.requests.slice(before);
    expect(newCalls.filter(r => /DescribeAlarms/.test(r))).toEqual([]);
    expect(
      newCalls
        .filter(r => /GetMetricData/.test(r))
        .map(r => r.split('region=')[1])
        .sort(),
    ).toEqual(['eu-west-1', 'us-east-1']);
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
