import { CatalogService } from '@backstage/plugin-catalog-node';
import { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import {
  AwsOpsClaimsService,
  AwsOpsService,
  claimErrors,
  Clock,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  AlarmsProvider,
  MetricQuery,
  MetricSeriesBatch,
  readMetricStatistics,
} from '@internal/backstage-plugin-cloudwatch-node';
import { createServiceFactRetriever, ServiceFacts } from './serviceFacts';

export const DYNAMODB_FACTS_ID = 'inbestmentDynamoDbFacts';

/** The read and write operations whose `SuccessfulRequestLatency` is read, per table. */
export const DYNAMODB_OPERATIONS = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'TransactGetItems',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
];

const HOUR_MS = 3_600_000;
const DAY_S = 86_400;

/**
 * The last whole day before `now`, ending on the hour: one period of a day,
 * so GetMetricData returns each metric's p99 over the day, and the same
 * range (and cache entry) for an hour.
 */
export function lastDayOf(now: number): { start: number; end: number } {
  const end = Math.floor(now / HOUR_MS) * HOUR_MS;
  return { start: end - DAY_S * 1000, end };
}

/** One p99 query per table and operation, for one day-long period. */
export function latencyQueries(tables: string[]): MetricQuery[] {
  return tables.flatMap((table, t) =>
    DYNAMODB_OPERATIONS.map((operation, o) => ({
      id: `t${t}_${o}`,
      alarmName: `dynamodb:${table}:${operation}`,
      metric: {
        namespace: 'AWS/DynamoDB',
        name: 'SuccessfulRequestLatency',
        dimensions: { TableName: table, Operation: operation },
        statistic: 'p99',
        period: DAY_S,
      },
      period: DAY_S,
    })),
  );
}

/**
 * The highest p99 among the tables' operations and its table, from a
 * GetMetricData batch of `latencyQueries(tables)`; undefined when no query
 * returned a datapoint.
 */
export function slowestOf(
  tables: string[],
  batch: MetricSeriesBatch,
): { p99LatencyMs: number; slowestTable: string } | undefined {
  let slowest: { p99LatencyMs: number; slowestTable: string } | undefined;
  for (const query of latencyQueries(tables)) {
    for (const value of batch[query.id]?.values ?? []) {
      if (!slowest || value > slowest.p99LatencyMs) {
        slowest = {
          p99LatencyMs: Number(value.toFixed(3)),
          slowestTable: query.metric.dimensions.TableName,
        };
      }
    }
  }
  return slowest;
}

export interface DynamoDbFactRetrieverOptions {
  catalog: CatalogService;
  claims: AwsOpsClaimsService;
  /** The plugin's AWS layer: environments, cache. */
  awsOps: AwsOpsService;
  /** GetMetricData through AWS or the demo scenario (`cloudWatchAlarmsProviderServiceRef`). */
  provider: AlarmsProvider;
  /** The `awsOps.environments` name the facts are about; default `prod`. */
  environment?: string;
  clock?: Clock;
}

/**
 * `inbestmentDynamoDbFacts`: the service's DynamoDB tables (the table claims
 * it holds) and the highest p99 `SuccessfulRequestLatency` among their read
 * and write operations over the last day in prod: one GetMetricData call per
 * service (10 queries per table), cached for an hour.
 */
export function createDynamoDbFactRetriever(
  options: DynamoDbFactRetrieverOptions,
): FactRetriever {
  const { catalog, claims, awsOps, provider } = options;
  const environment = options.environment ?? 'prod';
  const clock = options.clock ?? Date.now;

  async function read(
    entity: Parameters<AwsOpsClaimsService['grant']>[0],
  ): Promise<ServiceFacts> {
    const granted = await claims.grant(entity);
    const refused = claimErrors(granted, ['dynamodb-table']);
    if (refused.length) {
      // The tables it names are not all its own: nothing about them is known.
      throw new Error(
        `The DynamoDB tables of ${
          granted.entityRef
        } could not all be granted: ${refused.map(e => e.message).join('; ')}`,
      );
    }
    const tables = granted.links.dynamodbTables ?? [];
    const facts: ServiceFacts['facts'] = { tableCount: tables.length };
    const unknown = (reason: string): ServiceFacts => ({
      facts,
      readErrors: { p99LatencyMs: reason, slowestTable: reason },
    });
    if (!tables.length) {
      return unknown(`${granted.entityRef} has no DynamoDB table`);
    }
    const env = awsOps.resolver
      .resolveEnvironments(entity)
      .environments.find(e => e.name === environment);
    if (!env) {
      return unknown(
        `${granted.entityRef} does not run in ${environment} (aws-ops.io/environments)`,
      );
    }
    const range = lastDayOf(clock());
    let batch: MetricSeriesBatch;
    try {
      const statistics = await readMetricStatistics({
        awsOps,
        provider,
        target: { accountId: env.accountId, region: env.region },
        queries: latencyQueries(tables),
        range,
        ttlMs: HOUR_MS,
      });
      batch = statistics.value;
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return unknown(
        `GetMetricData of the p99 SuccessfulRequestLatency in ${environment} failed: ${e.name}: ${e.message}`,
      );
    }
    const slowest = slowestOf(tables, batch);
    if (!slowest) {
      return unknown(
        `No SuccessfulRequestLatency datapoint of ${tables.join(
          ', ',
        )} in ${environment} between ${new Date(
          range.start,
        ).toISOString()} and ${new Date(
          range.end,
        ).toISOString()} (no traffic, or no such table)`,
      );
    }
    return { facts: { ...facts, ...slowest } };
  }

  return createServiceFactRetriever({
    id: DYNAMODB_FACTS_ID,
    version: '0.1.0',
    title: 'DynamoDB latency',
    description: `The DynamoDB tables of each service and their highest p99 SuccessfulRequestLatency over the last day in ${environment}`,
    catalog,
    schema: {
      tableCount: {
        type: 'integer',
        description:
          'DynamoDB tables the service holds (aws-ops.io/dynamodb-tables)',
      },
      p99LatencyMs: {
        type: 'float',
        description: `Highest p99 SuccessfulRequestLatency (ms) over the last day among the tables' read and write operations in ${environment}`,
      },
      slowestTable: {
        type: 'string',
        description: 'The table with that p99',
      },
    },
    read,
  });
}
