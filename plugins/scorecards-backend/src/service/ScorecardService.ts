import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CheckResponse } from '@backstage-community/plugin-tech-insights-common';
import { TechInsightsService } from '@backstage-community/plugin-tech-insights-node';
import {
  ScorecardError,
  ServiceScorecard,
} from '@internal/backstage-plugin-scorecards-common';
import { ScorecardsConfig } from '../config';
import { ScoredEntity, scoreService } from './score';

/**
 * Entities per bulk check request. Tech Insights' client sends one more,
 * empty, chunk when the count is a multiple of its own chunk (750), and an
 * empty list there means every entity in the store: staying under it avoids that.
 */
const BULK_CHUNK = 500;
/** Fact reads in flight at once. */
const FACT_READS = 8;

export function scoredEntityOf(entity: Entity): ScoredEntity {
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const owner = entity.relations?.find(
    r => r.type === RELATION_OWNED_BY,
  )?.targetRef;
  const system =
    typeof entity.spec?.system === 'string'
      ? stringifyEntityRef(
          parseEntityRef(entity.spec.system, {
            defaultKind: 'system',
            defaultNamespace: namespace,
          }),
        )
      : undefined;
  return {
    entityRef: stringifyEntityRef(entity),
    kind: kind.toLocaleLowerCase('en-US'),
    namespace,
    name,
    title: entity.metadata.title ?? name,
    ...(owner ? { owner } : {}),
    ...(system ? { system } : {}),
    ...(typeof entity.spec?.lifecycle === 'string'
      ? { lifecycle: entity.spec.lifecycle }
      : {}),
  };
}

async function inBatches<T>(
  items: T[],
  size: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(run));
  }
}

/**
 * Scorecards of catalog entities, from the checks Tech Insights runs on the
 * facts its retrievers stored. Reads Tech Insights as this plugin (its own
 * service credentials): the caller's permissions are checked by the routes,
 * per entity, before an entity reaches this service.
 */
type ScoreOutcome = { scorecard: ServiceScorecard } | { error: ScorecardError };

export class ScorecardService {
  private definitions?: { byId: Map<string, CheckResponse>; expiresAt: number };
  private readonly inflight = new Map<string, Promise<ScoreOutcome>>();

  constructor(
    private readonly options: {
      techInsights: TechInsightsService;
      cache: CacheService;
      config: ScorecardsConfig;
      logger: LoggerService;
      clock: () => number;
    },
  ) {}

  get levels() {
    return this.options.config.levels;
  }

  /**
   * Each entity's scorecard (cached `scorecards.cacheTtlSeconds`), and an
   * error per entity that could not be scored. An entity another request is
   * already scoring is waited for, not scored again: twenty viewers opening
   * the store view at once cost one scoring of each service.
   */
  async getScorecards(
    entities: Entity[],
  ): Promise<{ scorecards: ServiceScorecard[]; errors: ScorecardError[] }> {
    const { cache } = this.options;
    const scored = entities.map(scoredEntityOf);
    const cached = await Promise.all(
      scored.map(entity =>
        cache
          .get(`scorecard:${entity.entityRef}`)
          .then(value => value as ServiceScorecard | undefined),
      ),
    );
    const missing = scored.filter((_, i) => !cached[i]);
    const fresh = missing.filter(
      entity => !this.inflight.has(entity.entityRef),
    );
    if (fresh.length) {
      const batch = this.score(fresh);
      for (const entity of fresh) {
        const outcome = batch.then(outcomes => outcomes.get(entity.entityRef)!);
        this.inflight.set(entity.entityRef, outcome);
        outcome
          .finally(() => this.inflight.delete(entity.entityRef))
          .catch(() => undefined);
      }
    }
    const outcomes = new Map(
      await Promise.all(
        missing.map(
          async entity =>
            [
              entity.entityRef,
              await this.inflight.get(entity.entityRef)!,
            ] as const,
        ),
      ),
    );
    const scorecards: ServiceScorecard[] = [];
    const errors: ScorecardError[] = [];
    scored.forEach((entity, i) => {
      const outcome = cached[i]
        ? { scorecard: cached[i]! }
        : outcomes.get(entity.entityRef)!;
      if ('scorecard' in outcome) scorecards.push(outcome.scorecard);
      else errors.push(outcome.error);
    });
    return { scorecards, errors };
  }

  /** Scores `entities` from Tech Insights (bulk checks, then each one's facts) and caches what is complete. */
  private async score(
    entities: ScoredEntity[],
  ): Promise<Map<string, ScoreOutcome>> {
    const { cache, config } = this.options;
    const outcomes = new Map<string, ScoreOutcome>();
    const definitions = await this.checkDefinitions();
    const retrieverIds = [
      ...new Set(config.checks.flatMap(check => check.factIds)),
    ];
    for (let i = 0; i < entities.length; i += BULK_CHUNK) {
      const chunk = entities.slice(i, i + BULK_CHUNK);
      const bulk = await this.options.techInsights.runBulkChecks(
        chunk.map(({ kind, namespace, name }) => ({ kind, namespace, name })),
      );
      // An entity whose checks threw comes back with `error` (serialized) and no results.
      const resultsByRef = new Map(
        bulk.map(item => [
          item.entity,
          item as typeof item & { error?: { name: string; message: string } },
        ]),
      );
      await inBatches(chunk, FACT_READS, async entity => {
        const item = resultsByRef.get(entity.entityRef);
        if (!item || item.error) {
          outcomes.set(entity.entityRef, {
            error: {
              entityRef: entity.entityRef,
              name: item?.error?.name ?? 'Error',
              message:
                item?.error?.message ??
                'Tech Insights returned no results for this service',
            },
          });
          return;
        }
        const { kind, namespace, name } = entity;
        const facts = await this.options.techInsights.getFacts(
          { kind, namespace, name },
          retrieverIds,
        );
        const scorecard = scoreService({
          entity,
          levels: config.levels,
          checks: config.checks,
          definitions,
          results: item.results,
          facts,
        });
        outcomes.set(entity.entityRef, { scorecard });
        // Until every retriever has run once for the service (just after it
        // was registered, or after a start), its scorecard is not kept.
        if (retrieverIds.every(id => facts[id])) {
          await cache.set(`scorecard:${entity.entityRef}`, scorecard as {}, {
            ttl: config.cacheTtlMs,
          });
        }
      });
    }
    return outcomes;
  }

  /** Name, description and links of each check, as Tech Insights serves them. */
  private async checkDefinitions(): Promise<Map<string, CheckResponse>> {
    const now = this.options.clock();
    if (!this.definitions || this.definitions.expiresAt <= now) {
      const checks = await this.options.techInsights.getAllChecks();
      this.definitions = {
        byId: new Map(checks.map(check => [check.id, check])),
        expiresAt: now + this.options.config.cacheTtlMs,
      };
    }
    return this.definitions.byId;
  }
}
