import { Config } from '@backstage/config';
import { ScorecardLevel } from '@internal/backstage-plugin-scorecards-common';

/** What the scorecards add to a Tech Insights check, read from its `metadata`. */
export interface ScorecardCheckConfig {
  id: string;
  /** The level the check belongs to (`metadata.level`). */
  level: string;
  /** Why the store requires it (`metadata.reason`). */
  reason: string;
  /** Where its facts come from (`metadata.source`). */
  source: string;
  /** The fact retrievers it reads (`factIds`). */
  factIds: string[];
  /** The fact names its rule reads, for naming what could not be read. */
  facts: string[];
}

export interface ScorecardsConfig {
  /** Lowest first. */
  levels: ScorecardLevel[];
  /** Checks of the scorecard in config order. */
  checks: ScorecardCheckConfig[];
  /** How long a service's scorecard is reused (facts change only when a retriever runs). */
  cacheTtlMs: number;
}

const DEFAULT_LEVELS: ScorecardLevel[] = [
  { id: 'bronze', title: 'Bronze', description: 'Owned and documented.' },
  { id: 'silver', title: 'Silver', description: 'Runs and alerts safely.' },
  {
    id: 'gold',
    title: 'Gold',
    description: 'Survives disruption and attacks.',
  },
];

/** Fact names a json-rules-engine condition tree reads. */
function factsOfConditions(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  const { fact, all, any, not } = node as Record<string, unknown>;
  return [
    ...(typeof fact === 'string' ? [fact] : []),
    ...[all, any]
      .filter(Array.isArray)
      .flatMap(list => (list as unknown[]).flatMap(factsOfConditions)),
    ...factsOfConditions(not),
  ];
}

/**
 * Levels from `scorecards.levels` and, from `techInsights.factChecker.checks`
 * (the jsonfc checks Tech Insights runs), each check's level, reason and
 * source. A check without a known level is a config error at startup, not a
 * check silently left out of every level.
 */
export function readScorecardsConfig(config: Config): ScorecardsConfig {
  const levels =
    config.getOptionalConfigArray('scorecards.levels')?.map(level => ({
      id: level.getString('id'),
      title: level.getString('title'),
      description: level.getOptionalString('description') ?? '',
    })) ?? DEFAULT_LEVELS;
  const levelIds = new Set(levels.map(level => level.id));
  if (levelIds.size !== levels.length) {
    throw new Error('scorecards.levels: each level id must be unique');
  }
  const checksConfig = config.getOptionalConfig(
    'techInsights.factChecker.checks',
  );
  const checks = (checksConfig?.keys() ?? []).map(id => {
    const check = checksConfig!.getConfig(id);
    const level = check.getString('metadata.level');
    if (!levelIds.has(level)) {
      throw new Error(
        `techInsights.factChecker.checks.${id}.metadata.level '${level}' is not one of scorecards.levels (${[
          ...levelIds,
        ].join(', ')})`,
      );
    }
    return {
      id,
      level,
      reason: check.getString('metadata.reason'),
      source: check.getString('metadata.source'),
      factIds: check.getStringArray('factIds'),
      facts: [
        ...new Set(factsOfConditions(check.getConfig('rule.conditions').get())),
      ],
    };
  });
  return {
    levels,
    checks,
    cacheTtlMs:
      (config.getOptionalNumber('scorecards.cacheTtlSeconds') ?? 60) * 1000,
  };
}
