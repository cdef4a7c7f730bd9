/*
 * Benchmark of the production-readiness scorecards.
 *
 *   npm run bench:scorecards
 *
 * A test backend with Tech Insights (its backend and json-rules-engine
 * checker, facts in its SQLite database), the store's fact retrievers
 * (plugins/tech-insights-backend-module-inbestment) on the real EKS,
 * CloudWatch, WAF and access-audit services playing the demo scenario, and
 * the scorecards plugin; for the store's services and for 500 generated ones:
 * - the time each retriever takes to refresh every service's facts, the first
 *   time (cold AWS-layer caches) and again (warm), and all six together;
 * - p50/p95 of a service's scorecard (the card), a team's ranking and the
 *   store-wide view under 20 concurrent clients, cold (scorecards not cached
 *   yet) and warm.
 * Generated services are copies of the store's services (their claims, as
 * from the store's files), so their reads are the store's own, mostly from
 * the caches: the figure is the retrievers', Tech Insights' and the
 * scorecards' own cost at that size.
 */
import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import techInsightsJsonfc from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import awsOpsDemo from '@internal/backstage-plugin-aws-ops-demo';
import {
  fromStoreFiles,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { accessAuditServiceFactory } from '@internal/backstage-plugin-access-audit-backend';
import { cloudWatchAlarmsServiceFactory } from '@internal/backstage-plugin-cloudwatch-backend';
import { eksDeploymentsServiceFactory } from '@internal/backstage-plugin-eks-backend';
import { wafEventsServiceFactory } from '@internal/backstage-plugin-waf-backend';
import scorecardsPlugin from '@internal/backstage-plugin-scorecards-backend';
import techInsightsModuleInbestment from '@internal/backstage-plugin-tech-insights-backend-module-inbestment';
import Router from 'express-promise-router';
import { baseUrlOf, closeConnections, concurrentRound } from './lib';
import { appConfig, demoAwsOps, loadBenchStore, REPO } from './opsBackend';
import { createReport } from './report';

const CLIENTS = 20;
const WARM_ROUNDS = 3;
const GENERATED = 500;
const RETRIEVERS = Object.keys(appConfig.techInsights.factRetrievers);
const report = createReport('scorecards');

const isService = (e: Entity) =>
  e.kind === 'Component' && (e.spec as any)?.type === 'service';

/** `count` copies of the store's services, each with its original's claims and owner. */
function generatedServices(store: Entity[], count: number): Entity[] {
  const services = store.filter(isService);
  return Array.from({ length: count }, (_, i) => {
    const original = services[i % services.length];
    return {
      ...original,
      metadata: {
        ...original.metadata,
        name: `${original.metadata.name}-g${i}`,
        title: `${original.metadata.title ?? original.metadata.name} ${i}`,
      },
    };
  });
}

/**
 * TechDocs published with a runbook page for every service (the techdocs
 * backend's metadata route): building 516 sites is not what this measures.
 */
const publishedDocs = createBackendPlugin({
  pluginId: 'techdocs',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = Router();
        router.get('/metadata/techdocs/:namespace/:kind/:name', (_req, res) => {
          res.json({ files: ['index.html', 'runbook/index.html'] });
        });
        httpRouter.use(router);
      },
    });
  },
});

async function start(entities: Entity[]) {
  // Tech Insights' scheduler (the test backend's, which runs a task when
  // triggered and resolves when it ends): the bench triggers the retrievers.
  let scheduler: SchedulerService | undefined;
  const schedulerOfTechInsights = createBackendModule({
    pluginId: 'tech-insights',
    moduleId: 'bench-scheduler',
    register(env) {
      env.registerInit({
        deps: { taskScheduler: coreServices.scheduler },
        async init({ taskScheduler }) {
          scheduler = taskScheduler;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      techInsightsPlugin,
      techInsightsJsonfc,
      techInsightsModuleInbestment,
      scorecardsPlugin,
      eksDeploymentsServiceFactory,
      cloudWatchAlarmsServiceFactory,
      wafEventsServiceFactory,
      accessAuditServiceFactory,
      awsOpsDemo,
      schedulerOfTechInsights,
      publishedDocs,
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      catalogServiceMock.factory({ entities: entities.map(fromStoreFiles) }),
      mockServices.rootConfig.factory({
        data: {
          inbestment: { catalogFiles: STORE_CATALOG_FILES },
          awsOps: { ...demoAwsOps, eks: appConfig.awsOps.eks },
          techInsights: appConfig.techInsights,
          scorecards: appConfig.scorecards,
        },
      }),
    ],
  });
  return { backend, scheduler: scheduler! };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function bench(label: string, entities: Entity[]) {
  const services = entities.filter(isService);
  report.section(`${label}: ${services.length} services`);
  const { backend, scheduler } = await start(entities);
  const base = baseUrlOf(backend);

  console.log('retriever                    cold ms   warm ms');
  for (const id of RETRIEVERS) {
    const cold = await timed(() => scheduler.triggerTask(id));
    const warm = await timed(() => scheduler.triggerTask(id));
    report.figure(`${id} cold ms`, cold);
    report.figure(`${id} warm ms`, warm);
    console.log(
      `${id.padEnd(28)} ${cold.toFixed(0).padStart(7)} ${warm
        .toFixed(0)
        .padStart(9)}`,
    );
  }
  const all = await timed(() =>
    Promise.all(RETRIEVERS.map(id => scheduler.triggerTask(id))),
  );
  console.log(
    `all six together (warm): ${report
      .figure('all retrievers warm ms', all)
      .toFixed(0)} ms`,
  );

  const cardUrls = services.map(
    s =>
      `${base}/api/scorecards/entities/component/${
        s.metadata.namespace ?? 'default'
      }/${s.metadata.name}`,
  );
  const teams = [...new Set(services.map(s => String(s.spec!.owner)))];
  const teamUrls = teams.map(t => `${base}/api/scorecards/teams/default/${t}`);
  const storeUrl = [`${base}/api/scorecards/services`];
  // Only the store's own services' cards: the page a viewer opens.
  const cards = cardUrls.slice(0, 16);
  const rows: Array<[string, string[]]> = [
    ['service scorecard (card)', cards],
    ['team ranking', teamUrls],
    ['store-wide view', storeUrl],
  ];
  console.log(`\nroute (${CLIENTS} clients)           p50 / p95 ms`);
  for (const [name, urls] of rows) {
    const cold = await concurrentRound(CLIENTS, urls);
    const warm: number[] = [];
    for (let i = 0; i < WARM_ROUNDS; i++) {
      warm.push(...(await concurrentRound(CLIENTS, urls)));
    }
    console.log(`${name} cold      ${report.latency(`${name} cold`, cold)}`);
    console.log(`${name} warm      ${report.latency(`${name} warm`, warm)}`);
  }

  // What the store looks like through it: levels and unknown checks.
  const body = await fetch(storeUrl[0], {
    headers: {
      authorization: mockCredentials.user.header(),
    },
  }).then(r => r.json());
  const byLevel: Record<string, number> = {};
  for (const card of body.services) {
    byLevel[card.level ?? 'none'] = (byLevel[card.level ?? 'none'] ?? 0) + 1;
  }
  console.log(
    `levels: ${report.figure(
      'levels',
      JSON.stringify(byLevel),
    )}; services with an unknown check: ${report.figure(
      'services with an unknown check',
      body.services.filter((c: any) => c.counts.unknown > 0).length,
    )}`,
  );
  closeConnections();
  await backend.stop();
}

/** The catalog's own additions: the owner relation (team rankings read it). */
function withOwnerRelation(entity: Entity): Entity {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string') return entity;
  const targetRef = stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
  return { ...entity, relations: [{ type: RELATION_OWNED_BY, targetRef }] };
}

/** The store's systems and APIs (the catalog facts read them). */
function systemsAndApis(): Entity[] {
  const files = [
    path.join(REPO, 'catalog/domains-systems.yaml'),
    ...fs
      .readdirSync(path.join(REPO, 'catalog/apis'))
      .map(f => path.join(REPO, 'catalog/apis', f)),
  ];
  return files.flatMap(file =>
    yaml
      .parseAllDocuments(fs.readFileSync(file, 'utf8'))
      .map(doc => doc.toJS() as Entity)
      .filter(Boolean),
  );
}

async function main() {
  const store = await loadBenchStore();
  const entities = [...store.entities, ...systemsAndApis()].map(
    withOwnerRelation,
  );
  await bench('store', entities);
  await bench('500 generated', [
    ...entities,
    ...generatedServices(entities, GENERATED).map(withOwnerRelation),
  ]);
  report.write();
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
