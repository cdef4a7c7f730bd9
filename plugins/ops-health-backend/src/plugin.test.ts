import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { GrantedClaims } from '@internal/backstage-plugin-aws-ops-node';
import { EntityAlarmSummary } from '@internal/backstage-plugin-cloudwatch-common';
import { cloudWatchAlarmsServiceRef } from '@internal/backstage-plugin-cloudwatch-node';
import { EksDeploymentsResponse } from '@internal/backstage-plugin-eks-common';
import { eksDeploymentsServiceRef } from '@internal/backstage-plugin-eks-node';
import { HealthOverviewResponse } from '@internal/backstage-plugin-ops-health-common';
import { EntityWafSummary } from '@internal/backstage-plugin-waf-common';
import { wafEventsServiceRef } from '@internal/backstage-plugin-waf-node';
import request from 'supertest';
import { opsHealthPlugin } from './plugin';

function component(
  name: string,
  type: string,
  owner: string,
  system = 'checkout',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type, owner, system, lifecycle: 'production' },
  };
}

const entities: Entity[] = [
  component('cart-service', 'service', 'team-commerce'),
  component('search-service', 'service', 'team-discovery', 'discovery'),
  // The scaffolder writes full refs: the same system and owner as `checkout`.
  component(
    'new-service',
    'service',
    'group:default/team-commerce',
    'system:default/checkout',
  ),
  component('shop-mfe', 'website', 'team-commerce'),
  // Not a store component: never in the overview.
  component('shared-lib', 'library', 'team-platform'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'checkout', namespace: 'default', title: 'Checkout' },
    spec: { owner: 'team-commerce' },
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

const now = '2026-11-23T10:00:00.000Z';

function alarmSummary(entity: Entity): EntityAlarmSummary {
  const firing = entity.metadata.name === 'search-service';
  return {
    source: 'aws',
    fetchedAt: now,
    errors: [],
    entityRef: `component:default/${entity.metadata.name}`,
    worstState: firing ? 'ALARM' : 'OK',
    counts: { ALARM: firing ? 1 : 0, INSUFFICIENT_DATA: 0, OK: 2 },
    alarming: firing
      ? [
          {
            name: 'search-service-5xx',
            environment: 'prod',
            stateReason: 'Threshold crossed',
            stateUpdatedAt: now,
            consoleUrl: 'https://console.aws.amazon.com/',
          },
        ]
      : [],
  };
}

function wafSummary(entity: Entity): EntityWafSummary {
  return {
    source: 'aws',
    fetchedAt: '2026-11-23T09:59:50.000Z',
    errors:
      entity.metadata.name === 'shop-mfe'
        ? [
            {
              scope: { accountId: '111122223333', region: 'us-east-1' },
              name: 'ServiceUnavailableError',
              message: 'CloudWatch Logs throttled',
            },
          ]
        : [],
    entityRef: `component:default/${entity.metadata.name}`,
    webAcl: 'inbestment-alb',
    label: `inbestment:component:${entity.metadata.name}`,
    blockedLastHour: 2,
    baselineBlockedPerHour: 3,
    spike: false,
  };
}

function deployments(entity: Entity): EksDeploymentsResponse {
  // Freshly scaffolded: both environments read, no workload in either.
  if (entity.metadata.name === 'new-service') {
    return {
      source: 'aws',
      fetchedAt: now,
      errors: [],
      entityRef: 'component:default/new-service',
      labelSelector: 'backstage.io/kubernetes-id=new-service',
      environments: ['prod', 'staging'].map(name => ({
        name,
        accountId: '111122223333',
        region: 'eu-west-1',
        namespace: 'inbestment',
        deployments: [],
      })),
    };
  }
  return {
    source: 'aws',
    fetchedAt: now,
    errors: [],
    entityRef: `component:default/${entity.metadata.name}`,
    labelSelector: `backstage.io/kubernetes-id=${entity.metadata.name}`,
    environments: [
      {
        name: 'prod',
        accountId: '111122223333',
        region: 'eu-west-1',
        namespace: 'inbestment',
        deployments: [
          {
            name: entity.metadata.name,
            namespace: 'inbestment',
            replicas: { desired: 2, ready: 2, updated: 2, available: 2 },
            strategy: 'RollingUpdate',
            rollout: { state: 'complete' },
            conditions: [],
            images: [],
            pods: [],
          },
        ],
      },
    ],
  };
}

describe('GET /api/ops-health/components', () => {
  const calls = { alarms: 0, waf: 0, deployments: 0 };
  beforeEach(() => {
    calls.alarms = calls.waf = calls.deployments = 0;
  });

  const start = (
    decide: (request: EvaluatePermissionRequest) => AuthorizeResult = () =>
      AuthorizeResult.ALLOW,
  ) =>
    startTestBackend({
      features: [
        opsHealthPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.permissions.mock({
          // Conditional for every signal, on a rule only the catalog can
          // evaluate, so each component is checked with `decide`.
          authorizeConditional: async requests =>
            requests.map(() => ({
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'HAS_LABEL',
                resourceType: 'catalog-entity',
                params: { label: 'decided-by-the-test' },
              },
            })) as any,
          authorize: async requests =>
            requests.map(r => ({ result: decide(r) })) as any,
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            awsOps: {
              source: 'aws',
              accounts: [{ accountId: '111122223333', regions: ['eu-west-1'] }],
              environments: [],
            },
          },
        }),
        createServiceFactory({
          service: cloudWatchAlarmsServiceRef,
          deps: {},
          factory: () => ({
            getEntityAlarms: jest.fn(),
            listAlarms: jest.fn(),
            getAlarmHistory: jest.fn(),
            getAlarmSummary: async ({ entity }: GrantedClaims) => {
              calls.alarms++;
              return alarmSummary(entity);
            },
          }),
        }),
        createServiceFactory({
          service: wafEventsServiceRef,
          deps: {},
          factory: () => ({
            getEntityEvents: jest.fn(),
            getEntityCoverage: jest.fn(),
            getEntitySpikes: jest.fn(),
            getEntitySummary: async ({ entity }: GrantedClaims) => {
              calls.waf++;
              return wafSummary(entity);
            },
          }),
        }),
        createServiceFactory({
          service: eksDeploymentsServiceRef,
          deps: {},
          factory: () => ({
            getDeployments: async ({ entity }: GrantedClaims) => {
              calls.deployments++;
              if (entity.metadata.name === 'cart-service') {
                throw new Error('cluster unreachable');
              }
              return deployments(entity);
            },
            // search-service's firing alarm follows no rollout.
            getChanges: async ({ entity }: GrantedClaims) => ({
              ...deployments(entity),
              start: now,
              end: now,
              rollouts: [],
              versionChanges: [],
            }),
          }),
        }),
      ],
    });

  it('lists the store components worst first, with owner contacts and partial failures', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/ops-health/components')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const body: HealthOverviewResponse = res.body;
    expect(body.source).toBe('aws');
    expect(body.fetchedAt).toBe('2026-11-23T09:59:50.000Z');
    expect(body.components.map(c => [c.name, c.level, c.reasons[0]])).toEqual([
      ['search-service', 'critical', '1 alarm in ALARM'],
      ['cart-service', 'unknown', '1 read error'],
      ['shop-mfe', 'unknown', '1 read error'],
      [
        'new-service',
        'not-deployed',
        'Not deployed yet: no workload in any environment',
      ],
    ]);
    const fresh = body.components.find(c => c.name === 'new-service')!;
    expect(fresh.deployments).toMatchObject({
      workloads: 0,
      notDeployed: true,
    });
    // `checkout` and `system:default/checkout` are one system, with its title;
    // a system the catalog does not return keeps its name.
    expect(body.components.map(c => [c.name, c.system])).toEqual([
      [
        'search-service',
        { entityRef: 'system:default/discovery', title: 'discovery' },
      ],
      [
        'cart-service',
        { entityRef: 'system:default/checkout', title: 'Checkout' },
      ],
      ['shop-mfe', { entityRef: 'system:default/checkout', title: 'Checkout' }],
      [
        'new-service',
        { entityRef: 'system:default/checkout', title: 'Checkout' },
      ],
    ]);
    expect(fresh.owner?.entityRef).toBe('group:default/team-commerce');
    const cart = body.components.find(c => c.name === 'cart-service')!;
    expect(cart.owner).toEqual({
      entityRef: 'group:default/team-commerce',
      title: 'Team Commerce',
      email: 'c@example.com',
      onCallChannel: '#oncall-commerce',
    });
    // The failed signal is reported next to the ones that loaded.
    expect(cart.errors).toEqual([
      expect.objectContaining({
        signal: 'deployments',
        message: 'cluster unreachable',
      }),
    ]);
    expect(cart.alarms?.ok).toBe(2);
    expect(cart.waf?.blockedLastHour).toBe(2);
    // Websites run on S3 + CloudFront: no deployment signal is read.
    const site = body.components.find(c => c.name === 'shop-mfe')!;
    expect(site.deployments).toBeUndefined();
    expect(site.errors.map(e => e.signal)).toEqual(['waf']);
    expect(calls).toEqual({ alarms: 4, waf: 4, deployments: 3 });
  });

  it('shows only the signals the viewer may read, per component', async () => {
    const { server } = await start(r =>
      r.permission.name === 'waf.events.read' ||
      ('resourceRef' in r &&
        r.resourceRef === 'component:default/search-service')
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    );
    const res = await request(server)
      .get('/api/ops-health/components')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const search = res.body.components.find(
      (c: any) => c.name === 'search-service',
    );
    expect(search.denied).toEqual(['alarms', 'deployments', 'waf']);
    expect(search.alarms).toBeUndefined();
    expect(search.level).toBe('unknown');
    expect(calls.waf).toBe(0);
    expect(calls.alarms).toBe(3);
  });

  it('refuses unauthenticated requests', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/ops-health/components')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
