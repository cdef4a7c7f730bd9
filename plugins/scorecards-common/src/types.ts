/** A level of the production-readiness scorecard; `levels` lists them lowest first. */
export interface ScorecardLevel {
  id: string;
  title: string;
  description: string;
}

/**
 * `unknown`: the facts the check needs could not be read (or have not been
 * read yet). It is not a failure, and it does not count as passed either: a
 * level is only reached on evidence.
 */
export type ScorecardCheckOutcome = 'passed' | 'failed' | 'unknown';

export interface ScorecardLink {
  title: string;
  url: string;
}

/** One check of the scorecard, evaluated on one service. */
export interface ScorecardCheckResult {
  id: string;
  name: string;
  description: string;
  /** The level this check belongs to: it must pass to reach that level. */
  level: string;
  /** Why the store requires it. */
  reason: string;
  /** Where its facts come from: `catalog`, `eks`, `cloudwatch`, `dynamodb`, `waf` or `secrets`. */
  source: string;
  outcome: ScorecardCheckOutcome;
  /** With `unknown`: why the facts are missing (the retriever's read error, or not read yet). */
  unknownReason?: string;
  /** The fact values the check looked at, as Tech Insights stored them. */
  facts: Record<string, unknown>;
  /** ISO time the facts were read. */
  factsReadAt?: string;
  /** Where its AWS facts were read: `aws`, or `demo` (the demo scenario, to be labelled as such). */
  dataSource?: 'aws' | 'demo';
  /** Where a failing check is fixed (the template, the runbook, the alarm tab), for this entity. */
  links: ScorecardLink[];
}

/** The production-readiness scorecard of one service. */
export interface ServiceScorecard {
  entityRef: string;
  title: string;
  /** Owner entity ref. */
  owner?: string;
  /** System entity ref. */
  system?: string;
  lifecycle?: string;
  /**
   * The highest level whose checks, and those of every level below it, all
   * passed; null below the first level.
   */
  level: string | null;
  /** The next level up and the ids of its checks that keep the service from it (failed or unknown). */
  next?: { level: string; blocking: string[] };
  counts: { passed: number; failed: number; unknown: number; total: number };
  /** Some of its facts come from the demo scenario, not from AWS. */
  demo: boolean;
  /** Lowest level first, failed before unknown before passed within a level. */
  checks: ScorecardCheckResult[];
}

/** A check as the store-wide view lists it: which, and its outcome. */
export type ScorecardCheckSummary = Pick<
  ScorecardCheckResult,
  'id' | 'name' | 'level' | 'source' | 'outcome'
>;

/** A scorecard as the store-wide view lists it: everything but each check's details. */
export type ServiceScorecardSummary = Omit<ServiceScorecard, 'checks'> & {
  checks: ScorecardCheckSummary[];
};

/** A service that could not be scored, next to those that were. */
export interface ScorecardError {
  entityRef?: string;
  name: string;
  message: string;
}

/** `GET /api/scorecards/entities/:kind/:namespace/:name` */
export interface EntityScorecardResponse {
  levels: ScorecardLevel[];
  scorecard: ServiceScorecard;
}

/** `GET /api/scorecards/teams/:namespace/:name`: the team's services the viewer may read, ranked. */
export interface TeamScorecardsResponse {
  team: { entityRef: string; title: string };
  levels: ScorecardLevel[];
  /** Highest level first, then most checks passed, then fewest failed, then title. */
  services: ServiceScorecard[];
  errors: ScorecardError[];
}

/** Services per level for one team (`none`: below the first level). */
export interface TeamLevelSummary {
  team: string;
  title: string;
  services: number;
  byLevel: Record<string, number>;
}

/** `GET /api/scorecards/services` (`?format=csv` for the CSV export). */
export interface StoreScorecardsResponse {
  levels: ScorecardLevel[];
  /** Ranked as a team's; each check without its facts, links and texts (the service's card has them). */
  services: ServiceScorecardSummary[];
  teams: TeamLevelSummary[];
  errors: ScorecardError[];
}
