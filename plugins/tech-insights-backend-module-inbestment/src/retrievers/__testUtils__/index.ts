import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { Scenario } from '@internal/backstage-plugin-aws-ops-demo';
import {
  AwsOpsClaimsService,
  AwsOpsService,
  ClaimsGate,
  createAwsOpsService,
  loadClaimsIndex,
  TrustedOrigins,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  fromStoreFiles,
  memoryCacheService,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  isScoredEntity,
  READ_AT_FACT,
} from '@internal/backstage-plugin-scorecards-common';
import path from 'node:path';

/** The repository's store-services folder (the demo scenario's store). */
export const STORE_SERVICES = path.resolve(
  __dirname,
  '../../../../../store-services',
);

/** moto's one account. */
export const ACCOUNT = '123456789012';

/**
 * The store's environments in moto's account, in two regions so that what is
 * created for one never shows in the other.
 */
export const ENVIRONMENTS = [
  { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
  { name: 'staging', accountId: ACCOUNT, region: 'us-east-1' },
];

/**
 * The shared AWS layer with `ENVIRONMENTS`, on `endpoint` (moto, a fault
 * proxy or a closed port); without one, for the demo scenario's providers.
 */
export function awsOpsOn(endpoint?: string): AwsOpsService {
  return createAwsOpsService(
    mockServices.rootConfig({
      data: {
        awsOps: {
          ...(endpoint ? { endpoint } : {}),
          accounts: [
            { accountId: ACCOUNT, regions: ENVIRONMENTS.map(e => e.region) },
          ],
          environments: ENVIRONMENTS,
        },
      },
    }),
    mockServices.logger.mock(),
    memoryCacheService(),
  );
}

/** The services of the scenario's store, as the catalog emits them from the store's reviewed files. */
export function scenarioServices(scenario: Scenario): Entity[] {
  return scenario.store
    .flatMap(s => s.entities)
    .filter(isScoredEntity)
    .map(fromStoreFiles);
}

/** A fixed clock: 10:03 on a Tuesday, three minutes into the scenario's cycle. */
export const NOW = Date.parse('2026-12-01T10:03:00Z');

/** A service component; from the store's reviewed catalog files unless `trusted: false`. */
export function service(
  name: string,
  options: {
    annotations?: Record<string, string>;
    spec?: Record<string, unknown>;
    trusted?: boolean;
  } = {},
): Entity {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'aws-ops.io/environments': 'prod',
        ...options.annotations,
      },
    },
    spec: {
      type: 'service',
      owner: 'team-checkout',
      lifecycle: 'production',
      ...options.spec,
    },
  };
  return options.trusted === false ? entity : fromStoreFiles(entity);
}

/**
 * The real claims gate over `entities`: it trusts the store's catalog files
 * and indexes the others' claims from the same entities.
 */
export function claimsGateOver(entities: Entity[]): AwsOpsClaimsService {
  const trust = new TrustedOrigins(STORE_CATALOG_FILES, '/');
  return new ClaimsGate({
    trust,
    index: () =>
      loadClaimsIndex({
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        trust,
      }),
  });
}

/**
 * Runs a fact retriever's handler as Tech Insights does; the facts by entity
 * name, without the row's `readAt` (the wall clock: checked to be a time).
 */
export async function runRetriever(
  retriever: FactRetriever,
): Promise<Record<string, TechInsightFact['facts']>> {
  const rows = (await retriever.handler({
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    config: mockServices.rootConfig(),
    discovery: mockServices.discovery(),
    entityFilter: retriever.entityFilter,
  } as unknown as FactRetrieverContext)) as TechInsightFact[];
  return Object.fromEntries(
    rows.map(row => {
      const { [READ_AT_FACT]: readAt, ...facts } = row.facts;
      if (Number.isNaN(Date.parse(String(readAt)))) {
        throw new Error(`${row.entity.name}: readAt '${readAt}' is not a time`);
      }
      return [row.entity.name, facts];
    }),
  );
}
