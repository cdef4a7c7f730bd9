import { createBackendModule } from '@backstage/backend-plugin-api';
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
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import techInsightsJsonfc from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { createServiceFactRetriever } from '@internal/backstage-plugin-tech-insights-backend-module-inbestment';
import request from 'supertest';
import { scorecardsPlugin } from './plugin';

const service = (
  name: string,
  owner: string,
  extra: Partial<Entity['metadata']> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', ...extra },
  spec: { type: 'service', lifecycle: 'production', owner, system: 'commerce' },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

const entities: Entity[] = [
  service('cart-service', 'team-commerce', { title: 'Cart Service' }),
  service('checkout-service', 'team-commerce', { title: 'Checkout Service' }),
  service('payment-service', 'team-payments', {
    title: '=HYPERLINK("http://evil")',
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart-mfe', namespace: 'default' },
    spec: { type: 'website', lifecycle: 'production', owner: 'team-commerce' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-commerce',
      namespace: 'default',
      title: 'Commerce',
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-payments',
      namespace: 'default',
      title: 'Payments',
    },
    spec: { type: 'team', children: [] },
  },
];

/** What each service's test retriever reads. */
const readings: Record<string, () => Promise<any>> = {
  'cart-service': async () => ({ facts: { replicas: 3, p99: 12.4 } }),
  'checkout-service': async () => ({ facts: { replicas: 3, p99: 4.2 } }),
  'payment-service': async () => ({
    facts: { replicas: 3 },
    readErrors: { p99: 'ThrottlingException: Rate exceeded' },
  }),
};

const checks = {
  replicas: {
    type: 'json-rules-engine',
    name: 'At least 2 replicas',
    description: 'prod replicas >= 2',
    factIds: ['testFacts'],
    rule: {
      conditions: {
        all: [{ fact: 'replicas', operator: 'greaterThanInclusive', value: 2 }],
      },
    },
    metadata: {
      level: 'silver',
      source: 'eks',
      reason: 'one pod is an outage',
    },
    links: [{ title: 'EKS', url: '/catalog/{namespace}/component/{name}/eks' }],
  },
  latency: {
    type: 'json-rules-engine',
    name: 'p99 under 10 ms',
    description: 'p99 < 10',
    factIds: ['testFacts'],
    rule: {
      conditions: { all: [{ fact: 'p99', operator: 'lessThan', value: 10 }] },
    },
    metadata: { level: 'gold', source: 'dynamodb', reason: 'the goal' },
  },
};

describe('scorecards backend on Tech Insights', () => {
  let server: any;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let denied: (r: EvaluatePermissionRequest) => boolean = () => false;

  beforeAll(async () => {
    const testFacts = createBackendModule({
      pluginId: 'tech-insights',
      moduleId: 'test-facts',
      register(env) {
        env.registerInit({
          deps: { retrievers: techInsightsFactRetrieversExtensionPoint },
          async init({ retrievers }) {
            retrievers.addFactRetrievers({
              testFacts: createServiceFactRetriever({
                id: 'testFacts',
                version: '1.0.0',
                title: 'Test facts',
                description: 'Crafted facts',
                schema: {
                  replicas: { type: 'integer', description: 'replicas' },
                  p99: { type: 'float', description: 'p99 in ms' },
                },
                catalog: catalogServiceMock({ entities }),
                read: entity => readings[entity.metadata.name](),
              }),
            });
          },
        });
      },
    });
    backend = await startTestBackend({
      features: [
        techInsightsPlugin,
        techInsightsJsonfc,
        testFacts,
        scorecardsPlugin,
        catalogServiceMock.factory({ entities }),
        // Runs the fact retriever once at startup, as its initial delay would.
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result: denied(r as EvaluatePermissionRequest)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
            })) as any,
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            techInsights: {
              factRetrievers: {
                testFacts: {
                  cadence: '0 0 1 1 *',
                  initialDelay: { seconds: 0 },
                },
              },
              factChecker: { checks },
            },
          },
        }),
      ],
    });
    server = backend.server;
  }, 60_000);

  afterAll(() => backend?.stop());
  afterEach(() => {
    denied = () => false;
  });

  const get = (path: string) =>
    request(server)
      .get(`/api/scorecards${path}`)
      .set('authorization', mockCredentials.user.header());

  it("scores a service from Tech Insights' checks: its level, what blocks the next and where it is fixed", async () => {
    const res = await get('/entities/component/default/cart-service');
    expect(res.status).toBe(200);
    const { scorecard, levels } = res.body;
    expect(levels.map((l: any) => l.id)).toEqual(['bronze', 'silver', 'gold']);
    expect(scorecard).toMatchObject({
      entityRef: 'component:default/cart-service',
      title: 'Cart Service',
      owner: 'group:default/team-commerce',
      level: 'silver',
      next: { level: 'gold', blocking: ['latency'] },
      counts: { passed: 1, failed: 1, unknown: 0, total: 2 },
    });
    expect(scorecard.checks[0]).toMatchObject({
      id: 'replicas',
      outcome: 'passed',
      facts: { replicas: 3 },
      links: [
        { title: 'EKS', url: '/catalog/default/component/cart-service/eks' },
      ],
    });
    expect(scorecard.checks[1]).toMatchObject({
      id: 'latency',
      outcome: 'failed',
      facts: { p99: 12.4 },
      reason: 'the goal',
    });
    expect(Date.parse(scorecard.checks[1].factsReadAt)).toBeGreaterThan(0);
  });

  it('shows a fact that could not be read as unknown with the reason, not as a failed check', async () => {
    const res = await get('/entities/component/default/payment-service');
    expect(res.status).toBe(200);
    const latency = res.body.scorecard.checks.find(
      (c: any) => c.id === 'latency',
    );
    expect(latency).toMatchObject({
      outcome: 'unknown',
      unknownReason:
        'p99 could not be read: ThrottlingException: Rate exceeded',
    });
    expect(res.body.scorecard.level).toBe('silver');
    expect(res.body.scorecard.counts).toMatchObject({ failed: 0, unknown: 1 });
  });

  it('answers 403 before reading the catalog when scorecards.entity.read is denied, 404 for a non-service', async () => {
    denied = r => r.permission.name === 'scorecards.entity.read';
    const res = await get('/entities/component/default/cart-service');
    expect(res.status).toBe(403);
    denied = () => false;
    const website = await get('/entities/component/default/cart-mfe');
    expect(website.status).toBe(404);
    expect(website.body.error.message).toMatch(
      /scores components of type service/,
    );
  });

  it("ranks a team's services, leaving out those the viewer may not read", async () => {
    const res = await get('/teams/default/team-commerce');
    expect(res.status).toBe(200);
    expect(res.body.team).toEqual({
      entityRef: 'group:default/team-commerce',
      title: 'Commerce',
    });
    expect(res.body.services.map((s: any) => [s.title, s.level])).toEqual([
      ['Checkout Service', 'gold'],
      ['Cart Service', 'silver'],
    ]);
    denied = r =>
      r.permission.name === 'scorecards.entity.read' &&
      (r as any).resourceRef === 'component:default/checkout-service';
    const partial = await get('/teams/default/team-commerce');
    expect(partial.body.services.map((s: any) => s.title)).toEqual([
      'Cart Service',
    ]);
    expect((await get('/teams/default/nobody')).status).toBe(404);
  });

  it('serves the store-wide view and its CSV only with scorecards.store.read, formulas escaped', async () => {
    const res = await get('/services');
    expect(res.status).toBe(200);
    expect(res.body.services).toHaveLength(3);
    expect(res.body.teams).toEqual([
      {
        team: 'group:default/team-commerce',
        title: 'Commerce',
        services: 2,
        byLevel: { none: 0, bronze: 0, silver: 1, gold: 1 },
      },
      {
        team: 'group:default/team-payments',
        title: 'Payments',
        services: 1,
        byLevel: { none: 0, bronze: 0, silver: 1, gold: 0 },
      },
    ]);
    const csv = await get('/services?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(
      'Rank,Service,Title,Team,System,Lifecycle,Level,Passed,Failed,Unknown,Next level,Blocking the next level,At least 2 replicas,p99 under 10 ms',
    );
    expect(lines).toHaveLength(4);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect((await get('/services?format=xml')).status).toBe(400);
    denied = r => r.permission.name === 'scorecards.store.read';
    expect((await get('/services')).status).toBe(403);
    expect((await get('/services?format=csv')).status).toBe(403);
  });
});
