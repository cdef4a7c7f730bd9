import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import techInsightsJsonfc from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { accessAuditServiceFactory } from '@internal/backstage-plugin-access-audit-backend';
import awsOpsDemo from '@internal/backstage-plugin-aws-ops-demo';
import { cloudWatchAlarmsServiceFactory } from '@internal/backstage-plugin-cloudwatch-backend';
import { eksDeploymentsServiceFactory } from '@internal/backstage-plugin-eks-backend';
import scorecardsPlugin from '@internal/backstage-plugin-scorecards-backend';
import {
  ServiceScorecard,
  StoreScorecardsResponse,
} from '@internal/backstage-plugin-scorecards-common';
import techInsightsModuleInbestment from '@internal/backstage-plugin-tech-insights-backend-module-inbestment';
import { wafEventsServiceFactory } from '@internal/backstage-plugin-waf-backend';
import Router from 'express-promise-router';
import request from 'supertest';
import {
  bundledStoreEntities,
  embeddedDemoConfig,
  readAppConfig,
} from './__testUtils__/bundledStore';

/**
 * The TechDocs backend's metadata route, as it answers for docs published
 * with their runbook page (the retriever's own tests cover the real route's
 * answers); the embedded default builds docs only when someone opens them.
 */
const publishedDocs = createBackendPlugin({
  pluginId: 'techdocs',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = Router();
        router.get('/metadata/techdocs/:namespace/:kind/:name', (req, res) => {
          res.json({
            site_name: req.params.name,
            files: [
              'index.html',
              'architecture/index.html',
              'runbook/index.html',
            ],
          });
        });
        httpRouter.use(router);
      },
    });
  },
});

/**
 * The store's scorecards as the embedded default computes them: the six fact
 * retrievers on the real services playing the demo scenario, Tech Insights
 * storing the facts and running the checks of app-config.yaml, and the
 * scorecards plugin scoring them. The demo's story: checkout-service is gold;
 * cart-service misses gold on its table's p99; recommendation-service runs
 * one replica without autoscaler or disruption budget; search-service has no
 * disruption budget; review-service's latency alarm has its actions off;
 * notification-service's secret is not rotated.
 */
describe('production-readiness scorecards of the bundled store on the demo scenario', () => {
  jest.setTimeout(180_000);
  let store: StoreScorecardsResponse;
  const cards = new Map<string, ServiceScorecard>();
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    const entities = await bundledStoreEntities({ systemsAndApis: true });
    const appConfig = await readAppConfig();
    backend = await startTestBackend({
      features: [
        techInsightsPlugin,
        techInsightsJsonfc,
        techInsightsModuleInbestment,
        scorecardsPlugin,
        publishedDocs,
        eksDeploymentsServiceFactory,
        cloudWatchAlarmsServiceFactory,
        wafEventsServiceFactory,
        accessAuditServiceFactory,
        awsOpsDemo,
        // Every retriever runs once at startup, as its initial delay would have it.
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            ...embeddedDemoConfig(appConfig),
            techInsights: appConfig.techInsights,
            scorecards: appConfig.scorecards,
          },
        }),
      ],
    });
    const res = await request(backend.server)
      .get('/api/scorecards/services')
      .set('authorization', mockCredentials.user.header());
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    store = res.body;
    // Each service's card: its checks in full.
    for (const { entityRef } of store.services) {
      const name = entityRef.split('/')[1];
      const cardRes = await request(backend.server)
        .get(`/api/scorecards/entities/component/default/${name}`)
        .set('authorization', mockCredentials.user.header());
      cards.set(entityRef, cardRes.body.scorecard);
    }
  });

  afterAll(() => backend?.stop());

  const card = (name: string): ServiceScorecard =>
    cards.get(`component:default/${name}`)!;
  const failed = (name: string) =>
    card(name)
      .checks.filter(c => c.outcome === 'failed')
      .map(c => c.id)
      .sort();

  it('scores all 16 services from facts every retriever could read', () => {
    expect(store.services).toHaveLength(16);
    expect(store.errors).toEqual([]);
    const unknown = [...cards.values()].flatMap(s =>
      s.checks
        .filter(c => c.outcome === 'unknown')
        .map(c => `${s.entityRef} ${c.id}: ${c.unknownReason}`),
    );
    expect(unknown).toEqual([]);
    // Labelled as demo data, as the AWS tabs are: the AWS facts, not the catalog's.
    expect(store.services.every(s => s.demo)).toBe(true);
    const sources = card('cart-service').checks.map(c => [
      c.source,
      c.dataSource,
    ]);
    expect(sources).toContainEqual(['eks', 'demo']);
    expect(sources).toContainEqual(['catalog', undefined]);
  });

  it("tells the demo's story", () => {
    expect(card('checkout-service').level).toBe('gold');
    expect(failed('cart-service')).toEqual(['dynamoDbLatency']);
    expect(card('cart-service').level).toBe('silver');
    const latency = card('cart-service').checks.find(
      c => c.id === 'dynamoDbLatency',
    )!;
    expect(latency.facts.p99LatencyMs).toBeGreaterThan(10);
    expect(latency.links.map(l => l.url)).toContain(
      '/docs/default/component/cart-service/runbook/',
    );
    expect(failed('recommendation-service')).toEqual([
      'disruptionBudget',
      'hasAutoscaler',
      'prodReplicas',
    ]);
    expect(card('recommendation-service').level).toBe('bronze');
    expect(failed('search-service')).toEqual(['disruptionBudget']);
    expect(failed('review-service')).toEqual([
      'errorRateAlarm',
      'latencyAlarm',
    ]);
    expect(failed('notification-service')).toEqual(['secretsRotated']);
    expect(card('notification-service').level).toBe('bronze');
  });

  it("ranks team-commerce's services with checkout-service above cart-service", async () => {
    const res = await request(backend.server)
      .get('/api/scorecards/teams/default/team-commerce')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const order = res.body.services.map((s: ServiceScorecard) => s.entityRef);
    expect(order.indexOf('component:default/checkout-service')).toBe(0);
    expect(order).toContain('component:default/cart-service');
    expect(
      store.teams.find(t => t.team === 'group:default/team-commerce'),
    ).toMatchObject({ title: 'Team Commerce', services: order.length });
  });
});
