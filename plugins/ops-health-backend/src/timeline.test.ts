import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { scaffolderServiceMock } from '@backstage/plugin-scaffolder-node/testUtils';
import { GrantedClaims } from '@internal/backstage-plugin-aws-ops-node';
import { cloudWatchAlarmsServiceRef } from '@internal/backstage-plugin-cloudwatch-node';
import { eksDeploymentsServiceRef } from '@internal/backstage-plugin-eks-node';
import { EntityTimelineResponse } from '@internal/backstage-plugin-ops-health-common';
import { wafEventsServiceRef } from '@internal/backstage-plugin-waf-node';
import request from 'supertest';
import { opsHealthPlugin } from './plugin';

// The test's "now": the services answer as of this minute.
const NOW = Date.parse('2026-12-01T10:30:00.000Z');
const at = (minutesAgo: number) =>
  new Date(NOW - minutesAgo * 60_000).toISOString();

function component(
  name: string,
  relations: { type: string; targetRef: string }[] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: { type: 'service', owner: 'team-commerce', lifecycle: 'production' },
    relations,
  };
}

const entities: Entity[] = [
  // checkout consumes payment-api (provided by payment-service) and depends on
  // cart-service; search-service is unrelated.
  component('checkout-service', [
    { type: 'consumesApi', targetRef: 'api:default/payment-api' },
    { type: 'dependsOn', targetRef: 'component:default/cart-service' },
    { type: 'dependsOn', targetRef: 'resource:default/checkout-table' },
  ]),
  component('payment-service'),
  component('cart-service'),
  component('search-service'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'payment-api', namespace: 'default' },
    spec: { type: 'openapi', owner: 'team-payments', lifecycle: 'production' },
    relations: [
      { type: 'apiProvidedBy', targetRef: 'component:default/payment-service' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-commerce',
      namespace: 'default',
      annotations: { 'inbestment.io/oncall-channel': '#oncall-commerce' },
    },
    spec: {
      type: 'team',
      profile: { displayName: 'Team Commerce', email: 'c@example.com' },
      children: [],
    },
  },
];

/** Each service's rollouts: minutes ago they started and the version. */
const ROLLOUTS: Record<string, Array<[number, string]>> = {
  // Its own rollout 4 min before the alarm (correlated) and one 50 min before (not).
  'checkout-service': [
    [80, '4.9.0'],
    [14, '4.9.1'],
  ],
  // A dependency's rollout 6 min before the alarm: correlated.
  'payment-service': [[16, '3.12.2']],
  // A dependency's rollout 40 min before the alarm: outside the 15 min window.
  'cart-service': [[50, '2.0.0']],
  // Unrelated: a rollout right before the alarm, never named.
  'search-service': [[11, '1.19.5']],
};

function common(entity: Entity) {
  return {
    source: 'aws' as const,
    fetchedAt: at(0),
    errors: [],
    entityRef: `component:default/${entity.metadata.name}`,
  };
}

describe('timeline route and actions', () => {
  const calls: string[] = [];
  beforeEach(() => {
    calls.length = 0;
    jest.useFakeTimers({
      now: NOW,
      doNotFake: [
        'setImmediate',
        'setTimeout',
        'setInterval',
        'nextTick',
        'queueMicrotask',
      ],
    });
  });
  afterEach(() => jest.useRealTimers());

  const start = (
    decide: (request: EvaluatePermissionRequest) => AuthorizeResult = () =>
      AuthorizeResult.ALLOW,
  ) =>
    startTestBackend({
      features: [
        opsHealthPlugin,
        actionsRegistryServiceFactory,
        catalogServiceMock.factory({ entities }),
        scaffolderServiceMock.mock({
          listTasks: async () => ({
            totalItems: 2,
            items: [
              {
                id: 'task-1',
                status: 'completed',
                createdAt: at(30),
                spec: {
                  apiVersion: 'scaffolder.backstage.io/v1beta3',
                  parameters: {
                    component: 'component:default/checkout-service',
                  },
                  templateInfo: {
                    entityRef: 'template:default/cicd-pipeline',
                    entity: {
                      metadata: {
                        name: 'cicd-pipeline',
                        title: 'CI/CD pipeline',
                      },
                    },
                  },
                  user: { ref: 'user:default/demo-developer' },
                  steps: [],
                  output: {},
                },
              },
              {
                id: 'task-2',
                status: 'completed',
                createdAt: at(31),
                spec: {
                  apiVersion: 'scaffolder.backstage.io/v1beta3',
                  parameters: { name: 'other-service' },
                  steps: [],
                  output: {},
                },
              },
            ],
          }),
        } as any).factory,
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({ result: decide(r) })) as any,
          authorizeConditional: async requests =>
            requests.map(r => ({ result: decide(r as any) })) as any,
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            awsOps: {
              accounts: [{ accountId: '111122223333', regions: ['eu-west-1'] }],
              environments: [],
            },
          },
        }),
        createServiceFactory({
          service: cloudWatchAlarmsServiceRef,
          deps: {},
          factory: () => ({
            getEntityAlarms: async ({ entity }: GrantedClaims) => ({
              ...common(entity),
              window: '1h' as const,
              linking: {} as any,
              skipped: {} as any,
              alarms: [
                {
                  type: 'metric' as const,
                  name: `${entity.metadata.name}-latency-p99`,
                  arn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:x',
                  environment: 'prod',
                  accountId: '111122223333',
                  region: 'eu-west-1',
                  state: 'ALARM' as const,
                  stateReason: 'p99 above 1.5 s',
                  stateUpdatedAt: at(10),
                  actionsEnabled: true,
                  matchedBy: {} as any,
                  consoleUrl: 'https://console.aws.amazon.com/',
                  comparisonOperator: 'GreaterThanThreshold',
                  evaluationPeriods: 3,
                  series: { timestamps: [], values: [] } as any,
                },
              ],
            }),
            getAlarmSummary: async ({ entity }: GrantedClaims) => ({
              ...common(entity),
              worstState: (entity.metadata.name === 'checkout-service'
                ? 'ALARM'
                : 'OK') as 'ALARM' | 'OK',
              counts: { ALARM: 1, INSUFFICIENT_DATA: 0, OK: 0 },
              alarming:
                entity.metadata.name === 'checkout-service'
                  ? [
                      {
                        name: 'checkout-service-latency-p99',
                        environment: 'prod',
                        stateReason: 'p99 above 1.5 s',
                        stateUpdatedAt: at(10),
                        consoleUrl: 'https://console.aws.amazon.com/',
                      },
                    ]
                  : [],
            }),
            listAlarms: jest.fn(),
            getAlarmHistory: async ({ entity }: GrantedClaims, range) => {
              calls.push(`alarms ${entity.metadata.name}`);
              return {
                ...common(entity),
                start: new Date(range.start).toISOString(),
                end: new Date(range.end).toISOString(),
                changes: [
                  {
                    alarmName: `${entity.metadata.name}-latency-p99`,
                    environment: 'prod',
                    timestamp: at(10),
                    from: 'OK' as const,
                    to: 'ALARM' as const,
                    reason: 'p99 above 1.5 s',
                    consoleUrl: 'https://console.aws.amazon.com/',
                  },
                ],
              };
            },
          }),
        }),
        createServiceFactory({
          service: wafEventsServiceRef,
          deps: {},
          factory: () => ({
            getEntityEvents: jest.fn(),
            getEntityCoverage: jest.fn(),
            getEntitySummary: jest.fn(),
            getEntitySpikes: async ({ entity }: GrantedClaims, range) => {
              calls.push(`waf ${entity.metadata.name}`);
              return {
                ...common(entity),
                start: new Date(range.start).toISOString(),
                end: new Date(range.end).toISOString(),
                webAcl: 'inbestment-alb',
                spikes: [
                  {
                    start: at(30),
                    end: at(25),
                    blocked: 900,
                    peakPerBucket: 900,
                    baselinePerBucket: 20,
                  },
                ],
              };
            },
          }),
        }),
        createServiceFactory({
          service: eksDeploymentsServiceRef,
          deps: {},
          factory: () => ({
            getDeployments: jest.fn(),
            getChanges: async ({ entity }: GrantedClaims, range) => {
              const name = entity.metadata.name;
              calls.push(`eks ${name}`);
              return {
                ...common(entity),
                start: new Date(range.start).toISOString(),
                end: new Date(range.end).toISOString(),
                rollouts: ROLLOUTS[name]
                  .filter(([ago]) => NOW - ago * 60_000 >= range.start)
                  .map(([ago, version], i) => ({
                    environment: 'prod',
                    deployment: name,
                    revision: String(i + 1),
                    version,
                    images: [{ container: 'app', to: version }],
                    startedAt: at(ago),
                    endedAt: at(ago - 8),
                    outcome: 'completed' as const,
                  })),
                versionChanges: [
                  {
                    environment: 'prod',
                    cluster: 'inbestment-prod',
                    updateId: 'u-1',
                    from: '1.34',
                    to: '1.35',
                    status: 'Successful' as const,
                    startedAt: at(120),
                  },
                ],
              };
            },
          }),
        }),
      ],
    });

  const get = (server: any, path: string) =>
    request(server)
      .get(`/api/ops-health/entities/component/default/${path}`)
      .set('authorization', mockCredentials.user.header());

  it('merges every source on one axis, newest first, and correlates by the rule', async () => {
    const { server } = await start();
    const res = await get(server, 'checkout-service/timeline?window=6h');
    expect(res.status).toBe(200);
    const body: EntityTimelineResponse = res.body;
    expect(body.window).toBe('6h');
    expect(body.correlationWindowMinutes).toBe(15);
    expect(body.dependencies).toEqual([
      'component:default/cart-service',
      'component:default/payment-service',
    ]);
    expect(body.denied).toEqual([]);
    expect(body.correlations.map(c => c.sentence)).toEqual([
      'checkout-service-latency-p99 fired 4 min after checkout-service 4.9.1 started rolling out in prod',
      'checkout-service-latency-p99 fired 6 min after payment-service 3.12.2 started rolling out in prod',
    ]);
    expect(
      body.events.map(e => [e.kind, e.entityRef.split('/')[1], e.at]),
    ).toEqual([
      ['alarm', 'checkout-service', at(10)],
      ['rollout', 'checkout-service', at(14)],
      ['rollout', 'payment-service', at(16)],
      ['waf-spike', 'checkout-service', at(30)],
      ['catalog', 'checkout-service', at(30)],
      ['rollout', 'cart-service', at(50)],
      ['rollout', 'checkout-service', at(80)],
      ['version', 'checkout-service', at(120)],
    ]);
    // The unrelated service is never read.
    expect(calls).not.toContain('eks search-service');
    expect(body.events.find(e => e.kind === 'catalog')).toMatchObject({
      title: 'CI/CD pipeline ran for checkout-service',
      detail: 'by user:default/demo-developer',
      link: '/create/tasks/task-1',
    });
  });

  it('answers 400 for a bad window and 404 for an unknown entity', async () => {
    const { server } = await start();
    const bad = await get(server, 'checkout-service/timeline?window=7d');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/window must be one of 1h, 6h, 24h/);
    const missing = await get(server, 'nope-service/timeline');
    expect(missing.status).toBe(404);
  });

  it('reads no source the viewer may not see, and leaves out dependencies whose rollouts they may not read', async () => {
    const { server } = await start(r =>
      r.permission.name === 'waf.events.read' ||
      ('resourceRef' in r &&
        r.resourceRef === 'component:default/payment-service' &&
        r.permission.name === 'eks.deployments.read')
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    );
    const res = await get(server, 'checkout-service/timeline');
    expect(res.status).toBe(200);
    expect(res.body.denied).toEqual(['waf']);
    expect(res.body.dependencies).toEqual(['component:default/cart-service']);
    expect(calls).not.toContain('waf checkout-service');
    expect(calls).not.toContain('eks payment-service');
    expect(res.body.correlations).toHaveLength(1);
  });

  it('answers 403 before reading anything when the entity may not be read', async () => {
    const { server } = await start(r =>
      r.permission.name === 'catalog.entity.read'
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    );
    const res = await get(server, 'checkout-service/timeline');
    expect(res.status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('puts the firing alarm’s correlations on its overview row', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/ops-health/components')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const checkout = res.body.components.find(
      (c: any) => c.name === 'checkout-service',
    );
    expect(checkout.level).toBe('critical');
    expect(checkout.correlations.map((c: any) => c.minutesAfter)).toEqual([
      4, 6,
    ]);
    const search = res.body.components.find(
      (c: any) => c.name === 'search-service',
    );
    expect(search.correlations).toBeUndefined();
  });

  describe('actions', () => {
    const actions = (server: any, header = mockCredentials.user.header()) =>
      request(server)
        .get('/api/ops-health/.backstage/actions/v1/actions')
        .set('authorization', header);
    const invoke = (server: any, id: string, input: object) =>
      request(server)
        .post(`/api/ops-health/.backstage/actions/v1/actions/${id}/invoke`)
        .set('authorization', mockCredentials.user.header())
        .send(input);

    it('are listed to a signed-in user, read-only', async () => {
      const { server } = await start();
      const res = await actions(server);
      expect(res.status).toBe(200);
      expect(
        res.body.actions.map((a: any) => [a.id, a.attributes.readOnly]).sort(),
      ).toEqual([
        ['ops-health:get-component-health', true],
        ['ops-health:get-component-owner', true],
        ['ops-health:get-component-timeline', true],
        ['ops-health:get-firing-alarms', true],
      ]);
      expect(
        (await actions(server, mockCredentials.none.header())).status,
      ).toBe(401);
      // Typed outputs, so an assistant knows what it gets back.
      const timeline = res.body.actions.find(
        (a: any) => a.id === 'ops-health:get-component-timeline',
      );
      expect(
        Object.keys(timeline.schema.output.properties.timeline.properties),
      ).toEqual(expect.arrayContaining(['events', 'correlations', 'denied']));
    });

    it('answer with the same data as the routes', async () => {
      const { server } = await start();
      const route = await get(server, 'checkout-service/timeline?window=1h');
      const action = await invoke(server, 'ops-health:get-component-timeline', {
        entityRef: 'checkout-service',
        window: '1h',
      });
      expect(action.status).toBe(200);
      expect(action.body.output.timeline).toEqual(route.body);

      const overview = await request(server)
        .get('/api/ops-health/components')
        .set('authorization', mockCredentials.user.header());
      const health = await invoke(server, 'ops-health:get-component-health', {
        entityRef: 'component:default/checkout-service',
      });
      expect(health.body.output.component).toEqual(
        overview.body.components.find(
          (c: any) => c.name === 'checkout-service',
        ),
      );

      const owner = await invoke(server, 'ops-health:get-component-owner', {
        entityRef: 'checkout-service',
      });
      expect(owner.body.output).toEqual({
        entityRef: 'component:default/checkout-service',
        owner: {
          entityRef: 'group:default/team-commerce',
          title: 'Team Commerce',
          email: 'c@example.com',
          onCallChannel: '#oncall-commerce',
        },
      });

      const firing = await invoke(server, 'ops-health:get-firing-alarms', {
        entityRef: 'checkout-service',
      });
      expect(firing.body.output.alarms).toEqual([
        expect.objectContaining({
          name: 'checkout-service-latency-p99',
          state: 'ALARM',
          stateReason: 'p99 above 1.5 s',
        }),
      ]);
      expect(firing.body.output.alarms[0].series).toBeUndefined();
    });

    it('deny what the routes deny', async () => {
      const { server } = await start(r =>
        r.permission.name === 'catalog.entity.read' ||
        r.permission.name === 'cloudwatch.alarms.read'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      );
      expect((await get(server, 'checkout-service/timeline')).status).toBe(403);
      for (const id of [
        'get-component-timeline',
        'get-component-owner',
        'get-firing-alarms',
      ]) {
        const res = await invoke(server, `ops-health:${id}`, {
          entityRef: 'checkout-service',
        });
        expect([id, res.status]).toEqual([id, 403]);
      }
      // The overview shows no component the viewer may not read.
      const health = await invoke(server, 'ops-health:get-component-health', {
        entityRef: 'checkout-service',
      });
      expect(health.status).toBe(404);
      expect(calls).toEqual([]);
    });
  });
});
