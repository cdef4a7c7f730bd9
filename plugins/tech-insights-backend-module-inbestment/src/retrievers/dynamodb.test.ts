import {
  CloudWatchClient,
  GetMetricDataCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  loadScenario,
  ScenarioAlarmsProvider,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  FaultProxy,
  MotoServer,
  startFaultProxy,
  startMotoServer,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  AlarmsProvider,
  AwsAlarmsProvider,
} from '@internal/backstage-plugin-cloudwatch-node';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import {
  awsOpsOn,
  claimsGateOver,
  ENVIRONMENTS,
  runRetriever,
  scenarioServices,
  service,
  STORE_SERVICES,
} from './__testUtils__';
import {
  createDynamoDbFactRetriever,
  DYNAMODB_OPERATIONS,
  lastDayOf,
} from './dynamodb';

jest.setTimeout(120_000);

const [PROD] = ENVIRONMENTS.map(e => e.region);
/** A fixed clock: the last day is 2026-11-22T10:00Z to 2026-11-23T10:00Z. */
const NOW = Date.UTC(2026, 10, 23, 10, 16);
const DAY_START = new Date(Date.UTC(2026, 10, 22, 10));
const DAY_END = new Date(Date.UTC(2026, 10, 23, 10));

function retrieverOn(
  entities: Entity[],
  awsOps: ReturnType<typeof awsOpsOn>,
  provider: AlarmsProvider = new AwsAlarmsProvider(awsOps),
) {
  return createDynamoDbFactRetriever({
    catalog: catalogServiceMock({ entities }),
    claims: claimsGateOver(entities),
    awsOps,
    provider,
    clock: () => NOW,
  });
}

const savedEnv = { ...process.env };
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
});
afterAll(() => {
  process.env = savedEnv;
});

describe('lastDayOf', () => {
  it('is the day before the last full hour', () => {
    expect(lastDayOf(NOW)).toEqual({
      start: DAY_START.getTime(),
      end: DAY_END.getTime(),
    });
    expect(lastDayOf(DAY_END.getTime())).toEqual(lastDayOf(NOW));
  });
});

describe('inbestmentDynamoDbFacts on moto', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;

  beforeAll(async () => {
    moto = await startMotoServer();
    proxy = await startFaultProxy({ target: moto.endpoint });
    const client = new CloudWatchClient({
      region: PROD,
      endpoint: moto.endpoint,
    });
    await client.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/DynamoDB',
        MetricData: [
          {
            MetricName: 'SuccessfulRequestLatency',
            Dimensions: [
              { Name: 'TableName', Value: 'inbestment-cart' },
              { Name: 'Operation', Value: 'GetItem' },
            ],
            Timestamp: new Date(NOW - 3_600_000),
            Value: 4.2,
            Unit: 'Milliseconds',
          },
        ],
      }),
    );
    client.destroy();
  });

  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });

  it('names the p99 read that moto cannot answer in readErrors, keeps tableCount, and refuses foreign tables', async () => {
    const entities = [
      service('cart-service'),
      service('order-service', {
        annotations: {
          'aws-ops.io/dynamodb-tables':
            'inbestment-order,inbestment-order-outbox',
        },
      }),
      service('batch-service', {
        annotations: { 'aws-ops.io/environments': 'staging' },
      }),
      // Outside the store's files, naming cart-service's table.
      service('planted-service', {
        trusted: false,
        annotations: { 'aws-ops.io/dynamodb-tables': 'inbestment-cart' },
      }),
    ];
    const facts = await runRetriever(
      retrieverOn(entities, awsOpsOn(proxy.url)),
    );

    expect(facts['cart-service']).toEqual({
      tableCount: 1,
      readErrors: {
        p99LatencyMs: expect.stringMatching(
          /^GetMetricData of the p99 SuccessfulRequestLatency in prod failed: /,
        ),
        slowestTable: expect.stringMatching(/^GetMetricData .* failed: /),
      },
    });
    expect(facts['order-service']).toEqual({
      tableCount: 2,
      readErrors: {
        p99LatencyMs: expect.any(String),
        slowestTable: expect.any(String),
      },
    });
    expect(facts['batch-service']).toEqual({
      tableCount: 1,
      readErrors: {
        p99LatencyMs:
          'component:default/batch-service does not run in prod (aws-ops.io/environments)',
        slowestTable:
          'component:default/batch-service does not run in prod (aws-ops.io/environments)',
      },
    });
    expect(facts['planted-service']).toEqual({
      readErrors: {
        '*': expect.stringContaining(
          'may not claim DynamoDB table inbestment-cart (aws-ops.io/dynamodb-tables)',
        ),
      },
    });
    // Each read went to moto's GetMetricData, in prod's region only.
    const reads = proxy.requests.filter(r => /GetMetricData/.test(r));
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.every(r => r.includes(`region=${PROD}`))).toBe(true);
  });
});

describe('inbestmentDynamoDbFacts on GetMetricData responses (aws-sdk-client-mock)', () => {
  // Mocked only here: the other tests read moto and the scenario.
  let cloudwatch: AwsClientStub<CloudWatchClient>;
  beforeAll(() => {
    cloudwatch = mockClient(CloudWatchClient);
  });
  afterAll(() => cloudwatch.restore());

  const id = (table: number, operation: string) =>
    `t${table}_${DYNAMODB_OPERATIONS.indexOf(operation)}`;

  it('takes the highest p99 among the tables and operations, reads once per day range, and says when there is no datapoint', async () => {
    cloudwatch.on(GetMetricDataCommand).callsFake(input => {
      const tables = [
        ...new Set(
          input.MetricDataQueries.map(
            (q: any) => q.MetricStat.Metric.Dimensions[0].Value,
          ),
        ),
      ];
      if (tables.includes('inbestment-search')) {
        // An idle table: every query Complete, no datapoint.
        return {
          MetricDataResults: input.MetricDataQueries.map((q: any) => ({
            Id: q.Id,
            Label: 'SuccessfulRequestLatency',
            Timestamps: [],
            Values: [],
            StatusCode: 'Complete',
          })),
          Messages: [],
        };
      }
      return {
        MetricDataResults: [
          {
            Id: id(0, 'GetItem'),
            Label: 'SuccessfulRequestLatency',
            Timestamps: [DAY_START],
            Values: [4.31],
            StatusCode: 'Complete',
          },
          {
            Id: id(0, 'UpdateItem'),
            Label: 'SuccessfulRequestLatency',
            Timestamps: [DAY_START],
            Values: [12.4],
            StatusCode: 'Complete',
          },
          {
            Id: id(1, 'Query'),
            Label: 'SuccessfulRequestLatency',
            Timestamps: [DAY_START],
            Values: [9.87],
            StatusCode: 'Complete',
          },
        ],
        Messages: [],
      };
    });
    const entities = [
      service('cart-service', {
        annotations: {
          'aws-ops.io/dynamodb-tables':
            'inbestment-cart,inbestment-cart-archive',
        },
      }),
      service('search-service'),
    ];
    const retriever = retrieverOn(entities, awsOpsOn('http://127.0.0.1:1'));
    const facts = await runRetriever(retriever);

    expect(facts['cart-service']).toEqual({
      tableCount: 2,
      p99LatencyMs: 12.4,
      slowestTable: 'inbestment-cart',
    });
    expect(facts['search-service']).toEqual({
      tableCount: 1,
      readErrors: {
        p99LatencyMs:
          'No SuccessfulRequestLatency datapoint of inbestment-search in prod between 2026-11-22T10:00:00.000Z and 2026-11-23T10:00:00.000Z (no traffic, or no such table)',
        slowestTable: expect.any(String),
      },
    });

    const calls = cloudwatch.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(2);
    const cart = calls
      .map(c => c.args[0].input)
      .find(i => i.MetricDataQueries!.length === 20)!;
    expect(cart.StartTime).toEqual(DAY_START);
    expect(cart.EndTime).toEqual(DAY_END);
    expect(cart.MetricDataQueries![DYNAMODB_OPERATIONS.length + 2]).toEqual({
      Id: 't1_2',
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/DynamoDB',
          MetricName: 'SuccessfulRequestLatency',
          Dimensions: [
            { Name: 'TableName', Value: 'inbestment-cart-archive' },
            { Name: 'Operation', Value: 'Query' },
          ],
        },
        Period: 86_400,
        Stat: 'p99',
        Unit: undefined,
      },
    });

    // The same day again: from the cache, no new call.
    expect(await runRetriever(retriever)).toEqual(facts);
    expect(cloudwatch.commandCalls(GetMetricDataCommand)).toHaveLength(2);
  });
});

describe('inbestmentDynamoDbFacts on the demo scenario', () => {
  it("tells the story: cart-service's inbestment-cart misses 10 ms, every other service's tables are under it", async () => {
    const scenario = await loadScenario({
      storeServicesDir: STORE_SERVICES,
      clock: () => NOW,
    });
    const services = scenarioServices(scenario);
    const awsOps = awsOpsOn('http://127.0.0.1:1');
    const facts = await runRetriever(
      retrieverOn(
        services,
        awsOps,
        new ScenarioAlarmsProvider(scenario, awsOps.config.environments),
      ),
    );
    expect(Object.keys(facts)).toHaveLength(services.length);
    expect(facts['cart-service']).toEqual({
      tableCount: 1,
      p99LatencyMs: 12.4,
      slowestTable: 'inbestment-cart',
    });
    for (const [name, values] of Object.entries(facts)) {
      if (name === 'cart-service') continue;
      expect({ name, ...values }).toEqual({
        name,
        tableCount: 1,
        p99LatencyMs: expect.any(Number),
        slowestTable: `inbestment-${name.replace(/-service$/, '')}`,
      });
      expect(values.p99LatencyMs).toBeLessThan(10);
      expect(values.p99LatencyMs).toBeGreaterThan(0);
    }
  });
});
