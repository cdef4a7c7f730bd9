import {
  CloudWatchClient,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  loadScenario,
  ScenarioAlarmsProvider,
  seedAlarms,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  FaultProxy,
  MotoServer,
  startFaultProxy,
  startMotoServer,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { DefaultCloudWatchAlarmsService } from '@internal/backstage-plugin-cloudwatch-backend';
import {
  AlarmsProvider,
  AwsAlarmsProvider,
} from '@internal/backstage-plugin-cloudwatch-node';
import {
  ACCOUNT,
  awsOpsOn,
  claimsGateOver,
  ENVIRONMENTS,
  runRetriever,
  scenarioServices,
  service,
  STORE_SERVICES,
} from './__testUtils__';
import { cloudWatchFactsOf, createCloudWatchFactRetriever } from './cloudwatch';

jest.setTimeout(120_000);

const [PROD, STAGING] = ENVIRONMENTS.map(e => e.region);
const NOW = Date.UTC(2026, 10, 23, 10, 16);
const TOPIC = `arn:aws:sns:${PROD}:${ACCOUNT}:team-commerce-alerts`;
/** Both environments: the retriever reads prod and must not fail on staging. */
const BOTH = { 'aws-ops.io/environments': 'prod,staging' };

function retrieverOn(
  entities: Entity[],
  awsOps: ReturnType<typeof awsOpsOn>,
  provider: AlarmsProvider,
) {
  return createCloudWatchFactRetriever({
    catalog: catalogServiceMock({ entities }),
    claims: claimsGateOver(entities),
    alarms: new DefaultCloudWatchAlarmsService({
      awsOps,
      cloudWatchConfig: { metricDataTtlMs: 60_000, metricDataBatchMs: 10 },
      provider,
      clock: () => NOW,
    }),
  });
}

describe('inbestmentCloudWatchFacts on moto', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  const savedEnv = { ...process.env };

  const alarm = (
    region: string,
    name: string,
    metric: string,
    actions: { enabled: boolean; arns: string[] },
  ) =>
    new CloudWatchClient({ region, endpoint: moto.endpoint }).send(
      new PutMetricAlarmCommand({
        AlarmName: name,
        Namespace: metric === 'AppErrors' ? 'Inbestment' : 'AWS/ApplicationELB',
        MetricName: metric,
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        ActionsEnabled: actions.enabled,
        AlarmActions: actions.arns,
      }),
    );
  const paging = { enabled: true, arns: [TOPIC] };

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    moto = await startMotoServer();
    proxy = await startFaultProxy({ target: moto.endpoint });
    await alarm(PROD, 'cart-service-latency-p99', 'TargetResponseTime', paging);
    await alarm(
      PROD,
      'cart-service-5xx-rate',
      'HTTPCode_Target_5XX_Count',
      paging,
    );
    await alarm(PROD, 'review-service-latency-p99', 'TargetResponseTime', {
      enabled: false,
      arns: [TOPIC],
    });
    await alarm(
      PROD,
      'review-service-5xx-rate',
      'HTTPCode_Target_5XX_Count',
      paging,
    );
    // Named for what it watches, on a custom metric: still a latency alarm; but no action to run.
    await alarm(PROD, 'order-service-checkout-latency', 'AppErrors', {
      enabled: true,
      arns: [],
    });
    await alarm(PROD, 'search-service-app-errors', 'AppErrors', paging);
    // Staging only: not a prod alarm.
    await alarm(
      STAGING,
      'search-service-5xx-rate',
      'HTTPCode_Target_5XX_Count',
      paging,
    );
  });

  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
    process.env = savedEnv;
  });

  const store = [
    'cart-service',
    'review-service',
    'order-service',
    'search-service',
  ].map(name => service(name, { annotations: BOTH }));
  // Outside the store's files, claiming cart-service's alarms: refused, so unknown.
  const planted = service('planted-service', {
    trusted: false,
    annotations: { ...BOTH, 'aws-ops.io/alarm-prefix': 'cart-service' },
  });

  it('reads the prod alarms of each service through the claims gate', async () => {
    const entities = [...store, planted];
    const awsOps = awsOpsOn(proxy.url);
    const facts = await runRetriever(
      retrieverOn(entities, awsOps, new AwsAlarmsProvider(awsOps)),
    );
    expect(facts['cart-service']).toEqual({
      hasLatencyAlarm: true,
      hasErrorRateAlarm: true,
      alarmActionsEnabled: true,
    });
    expect(facts['review-service']).toEqual({
      hasLatencyAlarm: true,
      hasErrorRateAlarm: true,
      alarmActionsEnabled: false,
    });
    expect(facts['order-service']).toEqual({
      hasLatencyAlarm: true,
      hasErrorRateAlarm: false,
      alarmActionsEnabled: false,
    });
    // Its 5xx alarm is in staging only; no latency or 5xx alarm, none to page.
    expect(facts['search-service']).toEqual({
      hasLatencyAlarm: false,
      hasErrorRateAlarm: false,
      alarmActionsEnabled: true,
    });
    expect(facts['planted-service']).toEqual({
      readErrors: {
        hasLatencyAlarm: expect.stringMatching(
          /^The prod alarms could not all be read: NotAllowedError: component:default\/planted-service may not claim alarms named cart-service-\*/,
        ),
        hasErrorRateAlarm: expect.any(String),
        alarmActionsEnabled: expect.any(String),
      },
    });
    // One DescribeAlarms per account+region for the whole store (prod and staging).
    expect(proxy.requests.filter(r => /DescribeAlarms/.test(r))).toHaveLength(
      2,
    );
  });

  it('leaves every fact out when prod cannot be read, but not for staging', async () => {
    const unreachable = await startFaultProxy({
      target: moto.endpoint,
      unreachable: new RegExp(`DescribeAlarms.*region=${STAGING}`),
    });
    try {
      const awsOps = awsOpsOn(unreachable.url);
      const facts = await runRetriever(
        retrieverOn(store, awsOps, new AwsAlarmsProvider(awsOps)),
      );
      expect(facts['cart-service']).toEqual({
        hasLatencyAlarm: true,
        hasErrorRateAlarm: true,
        alarmActionsEnabled: true,
      });
      // Staging was asked, and could not be read.
      expect(
        unreachable.requests.filter(r =>
          new RegExp(`DescribeAlarms.*region=${STAGING}`).test(r),
        ).length,
      ).toBeGreaterThan(0);
      unreachable.setThrottle(/DescribeAlarms/);
      const throttled = awsOpsOn(unreachable.url);
      const none = await runRetriever(
        retrieverOn(store, throttled, new AwsAlarmsProvider(throttled)),
      );
      expect(none['cart-service']).toEqual({
        readErrors: {
          hasLatencyAlarm: expect.stringMatching(
            /^The prod alarms could not all be read: /,
          ),
          hasErrorRateAlarm: expect.any(String),
          alarmActionsEnabled: expect.any(String),
        },
      });
    } finally {
      await unreachable.close();
    }
  });
});

describe('cloudWatchFactsOf', () => {
  const base = {
    source: 'aws' as const,
    fetchedAt: new Date(NOW).toISOString(),
    entityRef: 'component:default/x-service',
  };
  const metricAlarm = (name: string, metric: string, extra = {}) => ({
    type: 'metric' as const,
    name,
    arn: `arn:aws:cloudwatch:${PROD}:${ACCOUNT}:alarm:${name}`,
    environment: 'prod, staging',
    accountId: ACCOUNT,
    region: PROD,
    state: 'OK' as const,
    stateReason: '',
    stateUpdatedAt: new Date(NOW).toISOString(),
    actionsEnabled: true,
    alarmActions: [TOPIC],
    matchedBy: 'prefix' as const,
    consoleUrl: '',
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    metric: {
      namespace: 'AWS/ApplicationELB',
      name: metric,
      dimensions: {},
      statistic: 'p99',
      period: 60,
    },
    ...extra,
  });

  it('counts alarms of an environment shared with another, by metric or name, not composites', () => {
    expect(
      cloudWatchFactsOf(
        {
          ...base,
          errors: [],
          alarms: [
            metricAlarm('x-service-a', 'TargetResponseTime'),
            metricAlarm('x-service-b', 'Other', {
              metric: undefined,
              expression: 'm1/m2',
              name: 'x-service-5XX-ratio',
            }),
            {
              ...metricAlarm('x-service-health', 'Other'),
              type: 'composite',
              rule: 'ALARM("x-service-latency")',
            } as any,
          ],
        },
        'prod',
      ),
    ).toEqual({
      facts: {
        hasLatencyAlarm: true,
        hasErrorRateAlarm: true,
        alarmActionsEnabled: true,
      },
    });
  });

  it('leaves alarmActionsEnabled out when a source does not say, and ignores errors of other environments', () => {
    expect(
      cloudWatchFactsOf(
        {
          ...base,
          errors: [
            {
              scope: { environment: 'staging' },
              name: 'ThrottlingException',
              message: 'Rate exceeded',
            },
          ],
          alarms: [
            metricAlarm('x-service-latency', 'Latency', {
              alarmActions: undefined,
            }),
          ],
        },
        'prod',
      ),
    ).toEqual({
      facts: { hasLatencyAlarm: true, hasErrorRateAlarm: false },
      readErrors: {
        alarmActionsEnabled:
          'The alarm actions of x-service-latency are not known',
      },
    });
  });
});

describe('inbestmentCloudWatchFacts on the demo scenario', () => {
  it('tells the same story on moto seeded from the scenario (AWS provider)', async () => {
    const scenario = await loadScenario({
      storeServicesDir: STORE_SERVICES,
      clock: () => NOW,
    });
    const saved = { ...process.env };
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    const moto = await startMotoServer();
    try {
      const storyServices = ['cart-service', 'review-service'];
      await seedAlarms({
        scenario,
        endpoint: moto.endpoint,
        environments: ENVIRONMENTS,
        hours: 0,
        components: storyServices,
      });
      const services = scenarioServices(scenario).filter(e =>
        storyServices.includes(e.metadata.name),
      );
      const awsOps = awsOpsOn(moto.endpoint);
      const facts = await runRetriever(
        retrieverOn(services, awsOps, new AwsAlarmsProvider(awsOps)),
      );
      expect(facts).toEqual({
        'cart-service': {
          hasLatencyAlarm: true,
          hasErrorRateAlarm: true,
          alarmActionsEnabled: true,
        },
        'review-service': {
          hasLatencyAlarm: true,
          hasErrorRateAlarm: true,
          alarmActionsEnabled: false,
        },
      });
    } finally {
      await moto.stop();
      process.env = saved;
    }
  });

  it('tells the story: every service has latency and 5xx alarms, review-service has its latency alarm muted', async () => {
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
    for (const [name, values] of Object.entries(facts)) {
      expect({ name, ...values }).toEqual({
        name,
        hasLatencyAlarm: true,
        hasErrorRateAlarm: true,
        alarmActionsEnabled: name !== 'review-service',
      });
    }
  });
});
