import {
  CheckResponse,
  CheckResult,
  InsightFacts,
} from '@backstage-community/plugin-tech-insights-common';
import {
  DATA_SOURCE_FACT,
  READ_AT_FACT,
  READ_ERRORS_FACT,
  ScorecardCheckOutcome,
  ScorecardCheckResult,
  ScorecardLevel,
  ServiceScorecard,
} from '@internal/backstage-plugin-scorecards-common';
import { ScorecardCheckConfig } from '../config';

/** The catalog's view of a scored service. */
export interface ScoredEntity {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
}

const OUTCOME_ORDER: Record<ScorecardCheckOutcome, number> = {
  failed: 0,
  unknown: 1,
  passed: 2,
};

/** `{namespace}`, `{kind}` and `{name}` in a check's link, for this entity. */
function linkFor(url: string, entity: ScoredEntity): string {
  return url.replace(/\{(namespace|kind|name)\}/g, (_, key) =>
    encodeURIComponent(entity[key as 'namespace' | 'kind' | 'name']),
  );
}

/** Why a check has no result: the read errors its retrievers stored, or that nothing was stored. */
function unknownReasonOf(
  check: ScorecardCheckConfig,
  facts: InsightFacts | undefined,
): string {
  const reasons: string[] = [];
  for (const retrieverId of check.factIds) {
    const row = facts?.[retrieverId];
    if (!row) {
      reasons.push(`${retrieverId} has not been read for this service yet`);
      continue;
    }
    const readErrors = row.facts[READ_ERRORS_FACT];
    if (readErrors && typeof readErrors === 'object') {
      for (const [fact, message] of Object.entries(readErrors)) {
        if (fact === '*' || check.facts.includes(fact)) {
          reasons.push(
            fact === '*'
              ? `could not be read: ${message}`
              : `${fact} could not be read: ${message}`,
          );
        }
      }
    }
  }
  return reasons.length
    ? reasons.join('; ')
    : 'the facts it needs were not stored for this service';
}

/** Fact values a check looked at: from its result, else what the retrievers stored. */
function factValuesOf(
  check: ScorecardCheckConfig,
  result: CheckResult | undefined,
  facts: InsightFacts | undefined,
): Record<string, unknown> {
  if (result) {
    return Object.fromEntries(
      Object.entries(result.facts).map(([name, fact]) => [name, fact.value]),
    );
  }
  const values: Record<string, unknown> = {};
  for (const retrieverId of check.factIds) {
    for (const name of check.facts) {
      const value = facts?.[retrieverId]?.facts[name];
      if (value !== undefined) values[name] = value;
    }
  }
  return values;
}

/** `demo` when any of its retrievers read the demo scenario, else `aws` when one read AWS. */
function dataSourceOf(
  check: ScorecardCheckConfig,
  facts: InsightFacts | undefined,
): 'aws' | 'demo' | undefined {
  const sources = check.factIds.map(id => facts?.[id]?.facts[DATA_SOURCE_FACT]);
  if (sources.includes('demo')) return 'demo';
  return sources.includes('aws') ? 'aws' : undefined;
}

function readAtOf(
  check: ScorecardCheckConfig,
  facts: InsightFacts | undefined,
): string | undefined {
  const times = check.factIds
    .map(id => facts?.[id]?.facts[READ_AT_FACT] ?? facts?.[id]?.timestamp)
    .filter(
      (time): time is string =>
        typeof time === 'string' && !Number.isNaN(Date.parse(time)),
    )
    .sort();
  return times[0];
}

/**
 * One service's scorecard from the Tech Insights results of its checks. A
 * check without a result (jsonfc skips a check whose facts are missing) is
 * `unknown`, with the reason the retriever stored. The level is the highest
 * whose checks, and those of every level below, all passed: an unknown check
 * holds a level back as a failed one does, since a level is evidence.
 */
export function scoreService(options: {
  entity: ScoredEntity;
  levels: ScorecardLevel[];
  checks: ScorecardCheckConfig[];
  /** Name, description and links of each check, as Tech Insights has them. */
  definitions: Map<string, CheckResponse>;
  results: CheckResult[];
  facts?: InsightFacts;
}): ServiceScorecard {
  const { entity, levels, definitions, facts } = options;
  const levelIndex = new Map(levels.map((level, i) => [level.id, i]));
  const resultById = new Map(options.results.map(r => [r.check.id, r]));

  const checks: ScorecardCheckResult[] = options.checks.map(check => {
    const definition = definitions.get(check.id);
    const result = resultById.get(check.id);
    let outcome: ScorecardCheckOutcome = 'unknown';
    if (result) outcome = result.result === true ? 'passed' : 'failed';
    return {
      id: check.id,
      name: definition?.name ?? check.id,
      description: definition?.description ?? '',
      level: check.level,
      reason: check.reason,
      source: check.source,
      outcome,
      ...(outcome === 'unknown'
        ? { unknownReason: unknownReasonOf(check, facts) }
        : {}),
      facts: factValuesOf(check, result, facts),
      ...(readAtOf(check, facts)
        ? { factsReadAt: readAtOf(check, facts) }
        : {}),
      ...(dataSourceOf(check, facts)
        ? { dataSource: dataSourceOf(check, facts) }
        : {}),
      links: (definition?.links ?? []).map(link => ({
        title: link.title,
        url: linkFor(link.url, entity),
      })),
    };
  });

  const order = new Map(options.checks.map((check, i) => [check.id, i]));
  checks.sort(
    (a, b) =>
      levelIndex.get(a.level)! - levelIndex.get(b.level)! ||
      OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] ||
      order.get(a.id)! - order.get(b.id)!,
  );

  let reached = -1;
  for (let i = 0; i < levels.length; i++) {
    const passed = checks
      .filter(check => levelIndex.get(check.level) === i)
      .every(check => check.outcome === 'passed');
    if (!passed) break;
    reached = i;
  }
  const nextLevel = levels[reached + 1];
  const count = (outcome: ScorecardCheckOutcome) =>
    checks.filter(check => check.outcome === outcome).length;

  return {
    entityRef: entity.entityRef,
    title: entity.title,
    ...(entity.owner ? { owner: entity.owner } : {}),
    ...(entity.system ? { system: entity.system } : {}),
    ...(entity.lifecycle ? { lifecycle: entity.lifecycle } : {}),
    level: reached >= 0 ? levels[reached].id : null,
    ...(nextLevel
      ? {
          next: {
            level: nextLevel.id,
            blocking: checks
              .filter(
                check =>
                  levelIndex.get(check.level)! <= reached + 1 &&
                  check.outcome !== 'passed',
              )
              .map(check => check.id),
          },
        }
      : {}),
    counts: {
      passed: count('passed'),
      failed: count('failed'),
      unknown: count('unknown'),
      total: checks.length,
    },
    demo: checks.some(check => check.dataSource === 'demo'),
    checks,
  };
}

/** Highest level first, then most checks passed, then fewest failed, then title. */
export function rankScorecards(
  levels: ScorecardLevel[],
  scorecards: ServiceScorecard[],
): ServiceScorecard[] {
  const levelIndex = new Map(levels.map((level, i) => [level.id, i]));
  const rank = (card: ServiceScorecard) =>
    card.level === null ? -1 : levelIndex.get(card.level) ?? -1;
  return [...scorecards].sort(
    (a, b) =>
      rank(b) - rank(a) ||
      b.counts.passed - a.counts.passed ||
      a.counts.failed - b.counts.failed ||
      a.title.localeCompare(b.title, 'en-US'),
  );
}
