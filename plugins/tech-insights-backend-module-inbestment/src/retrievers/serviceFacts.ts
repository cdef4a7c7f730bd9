import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { FactSchema } from '@backstage-community/plugin-tech-insights-common';
import {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import {
  DATA_SOURCE_FACT,
  READ_AT_FACT,
  READ_ERRORS_FACT,
  SCORED_ENTITY_FILTER,
} from '@internal/backstage-plugin-scorecards-common';
import { AwsOpsErrorEntry } from '@internal/backstage-plugin-aws-ops-common';
import pLimit from 'p-limit';

/** Fact values of one service: what Tech Insights stores (JSON values). */
export type FactValues = Record<string, TechInsightFact['facts'][string]>;

/**
 * What a reader found for one service: the facts it could read, and for each
 * fact it could not, why. A fact left out is never a failed check: the check
 * that needs it is not run, and the scorecard shows it as unknown with the
 * reason.
 */
export interface ServiceFacts {
  facts: FactValues;
  /** Fact name (or `*` for all of them) to the reason it could not be read. */
  readErrors?: Record<string, string>;
}

/** Each of `facts` could not be read, for one reason: a row's read errors. */
export function unreadableFacts(
  facts: string[],
  reason: string,
): Record<string, string> {
  return Object.fromEntries(facts.map(fact => [fact, reason]));
}

/** None of `facts` could be read, for one reason. */
export function unreadable(facts: string[], reason: string): ServiceFacts {
  return { facts: {}, readErrors: unreadableFacts(facts, reason) };
}

/** The error entries of an AWS ops response as one read-error reason. */
export function describeErrors(errors: AwsOpsErrorEntry[]): string {
  return errors.map(e => `${e.name}: ${e.message}`).join('; ');
}

export interface ServiceFactRetrieverOptions {
  id: string;
  version: string;
  title: string;
  description: string;
  /** The facts this retriever reads; `readErrors` is added. */
  schema: FactSchema;
  catalog: CatalogService;
  /** Reads one service; a throw becomes `readErrors: { '*': message }` for that service. */
  read(entity: Entity): Promise<ServiceFacts>;
  /** Services read at the same time (default 8); each read goes through the shared, rate-limited AWS layer. */
  concurrency?: number;
}

/**
 * A fact retriever that reads the same facts for every scored service in the
 * catalog, one service at a time per slot, and keeps going when one fails.
 */
export function createServiceFactRetriever(
  options: ServiceFactRetrieverOptions,
): FactRetriever {
  const { id, version, title, description, schema, catalog, read } = options;
  return {
    id,
    version,
    title,
    description,
    entityFilter: [SCORED_ENTITY_FILTER],
    schema: {
      ...schema,
      [READ_ERRORS_FACT]: {
        type: 'object',
        description:
          'Facts that could not be read, by fact name (`*`: all of them), with the reason',
      },
      [READ_AT_FACT]: {
        type: 'string',
        description: 'When these facts were read (ISO 8601)',
      },
    },
    async handler({ auth }) {
      const { items } = await catalog.getEntities(
        { filter: SCORED_ENTITY_FILTER },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      const limit = pLimit(options.concurrency ?? 8);
      return Promise.all(
        items.map(entity =>
          limit(async (): Promise<TechInsightFact> => {
            const { namespace, kind, name } = getCompoundEntityRef(entity);
            const ref = {
              namespace,
              kind: kind.toLocaleLowerCase('en-US'),
              name,
            };
            const readAt = new Date().toISOString();
            try {
              const { facts, readErrors } = await read(entity);
              return {
                entity: ref,
                facts: {
                  ...facts,
                  ...(readErrors && Object.keys(readErrors).length
                    ? { [READ_ERRORS_FACT]: readErrors }
                    : {}),
                  [READ_AT_FACT]: readAt,
                },
              };
            } catch (error) {
              return {
                entity: ref,
                facts: {
                  [READ_ERRORS_FACT]: {
                    '*': error instanceof Error ? error.message : String(error),
                  },
                  [READ_AT_FACT]: readAt,
                },
              };
            }
          }),
        ),
      );
    },
  };
}

/** The retriever, with `dataSource` (`aws` or `demo`: the providers in use) on every row it stores. */
export function withDataSource(
  retriever: FactRetriever,
  source: 'aws' | 'demo',
): FactRetriever {
  return {
    ...retriever,
    schema: {
      ...retriever.schema,
      [DATA_SOURCE_FACT]: {
        type: 'string',
        description:
          'Where the facts were read: aws, or demo (the demo scenario)',
      },
    },
    async handler(context) {
      const rows = await retriever.handler(context);
      return rows.map(row => ({
        ...row,
        facts: { ...row.facts, [DATA_SOURCE_FACT]: source },
      }));
    },
  };
}
