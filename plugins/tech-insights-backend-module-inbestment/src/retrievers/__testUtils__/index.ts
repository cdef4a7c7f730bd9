import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import {
  AwsOpsClaimsService,
  ClaimsGate,
  loadClaimsIndex,
  TrustedOrigins,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  fromStoreFiles,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import path from 'node:path';
import { READ_AT_FACT } from '@internal/backstage-plugin-scorecards-common';

/** The repository's store-services folder (the demo scenario's store). */
export const STORE_SERVICES = path.resolve(
  __dirname,
  '../../../../../store-services',
);

/** moto's one account. */
export const ACCOUNT = '123456789012';

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
