import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  FaultProxy,
  grantAsStoreEntity,
  memoryCacheService,
  MotoServer,
  startFaultProxy,
  startMotoServer,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { AwsAlarmsProvider } from '@internal/backstage-plugin-cloudwatch-node';
import { DefaultCloudWatchAlarmsService } from './DefaultCloudWatchAlarmsService';

/*
 * The alarm history read end to end against moto (with the DescribeAlarmHistory
 * the tests' moto server adds, see aws-ops-node's testUtils/moto_server.py),
 * through a proxy that counts the AWS calls.
 */

jest.setTimeout(120_000);

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const ALARMS = [
  'checkout-service-latency-p99',
  'checkout-service-5xx-rate',
  'payment-service-errors',
];
/** SetAlarmState calls in all: 100 per alarm, interleaved. */
const UPDATES = 300;
const HISTORY_CALL = /DescribeAlarmHistory/;

let moto: MotoServer;
let proxy: FaultProxy;
const savedEnv = { ...process.env };
/** Per alarm, the states it was set to, in order. */
const setStates: Record<string, string[]> = {};
let started: number;

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  moto = await startMotoServer();
  proxy = await startFaultProxy({ target: moto.endpoint });
  started = Date.now() - 1000;
  const client = new CloudWatchClient({
    region: REGION,
    endpoint: moto.endpoint,
  });
  for (const name of ALARMS) {
    await client.send(
      new PutMetricAlarmCommand({
        AlarmName: name,
        Namespace: 'Inbestment',
        MetricName: name,
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
    setStates[name] = [];
  }
  for (let i = 0; i < UPDATES; i++) {
    const name = ALARMS[i % ALARMS.length];
    // moto creates alarms in OK: the first update goes to ALARM.
    const state = setStates[name].length % 2 === 0 ? 'ALARM' : 'OK';
    setStates[name].push(state);
    await client.send(
      new SetAlarmStateCommand({
        AlarmName: name,
        StateValue: state,
        StateReason: `update ${i}: ${name} to ${state}`,
      }),
    );
  }
  client.destroy();
});

afterAll(async () => {
  await proxy?.close();
  await moto?.stop();
  process.env = savedEnv;
});

function awsOpsOnProxy() {
  return createAwsOpsService(
    new ConfigReader({
      awsOps: {
        endpoint: proxy.url,
        accounts: [{ accountId: ACCOUNT, regions: [REGION] }],
        environments: [{ name: 'prod', accountId: ACCOUNT, region: REGION }],
      },
    }),
    mockServices.logger.mock(),
    memoryCacheService(),
  );
}

const historyCalls = () =>
  proxy.requests.filter(request => HISTORY_CALL.test(request)).length;

describe('alarm history on moto', () => {
  it('reads all 300 state changes of the account in 3 pages of 100, oldest first', async () => {
    const provider = new AwsAlarmsProvider(awsOpsOnProxy());
    const before = historyCalls();
    const history = await provider.describeAlarmHistory(
      { accountId: ACCOUNT, region: REGION },
      { start: started, end: Date.now() + 1000 },
    );
    expect(historyCalls() - before).toBe(Math.ceil(UPDATES / 100));
    expect(history.skipped).toBe(0);
    expect(history.changes).toHaveLength(UPDATES);
    const times = history.changes.map(c => Date.parse(c.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Each alarm's changes chain: OK -> ALARM -> OK ..., with the reason given.
    for (const name of ALARMS) {
      const own = history.changes.filter(c => c.alarmName === name);
      expect(own.map(c => c.to)).toEqual(setStates[name]);
      expect(own.map(c => c.from)).toEqual([
        'OK',
        ...setStates[name].slice(0, -1),
      ]);
      expect(own[0].reason).toMatch(
        new RegExp(`^update \\d+: ${name} to ALARM$`),
      );
    }
  });

  it('gives an entity the changes of its own alarms only, in order, and reads them once per refresh', async () => {
    const awsOps = awsOpsOnProxy();
    const service = new DefaultCloudWatchAlarmsService({
      awsOps,
      cloudWatchConfig: { metricDataTtlMs: 60_000, metricDataBatchMs: 10 },
      provider: new AwsAlarmsProvider(awsOps),
      clock: Date.now,
    });
    const checkout = await grantAsStoreEntity({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout-service' },
      spec: { type: 'service', owner: 'team', lifecycle: 'production' },
    });
    const before = historyCalls();
    const range = { start: started, end: Date.now() + 1000 };
    const res = await service.getAlarmHistory(checkout, range);
    expect(res.errors).toEqual([]);
    expect(res.source).toBe('aws');
    expect(res.entityRef).toBe('component:default/checkout-service');
    expect(res.start).toBe(new Date(range.start).toISOString());
    const expected =
      setStates['checkout-service-latency-p99'].length +
      setStates['checkout-service-5xx-rate'].length;
    expect(res.changes).toHaveLength(expected);
    expect(new Set(res.changes.map(c => c.alarmName))).toEqual(
      new Set(['checkout-service-latency-p99', 'checkout-service-5xx-rate']),
    );
    expect(res.changes.every(c => c.environment === 'prod')).toBe(true);
    const times = res.changes.map(c => c.timestamp);
    expect(times).toEqual([...times].sort());
    // The account's whole history is read (3 pages), not one call per alarm.
    const calls = historyCalls() - before;
    expect(calls).toBe(Math.ceil(UPDATES / 100));

    // Another entity of the same account shares the cached read.
    const payment = await grantAsStoreEntity({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payment-service' },
      spec: { type: 'service', owner: 'team', lifecycle: 'production' },
    });
    const other = await service.getAlarmHistory(payment, range);
    expect(other.changes).toHaveLength(
      setStates['payment-service-errors'].length,
    );
    expect(historyCalls() - before).toBe(calls);
  });
});
