/**
 * Production-readiness scorecards per service, team and store, from Tech
 * Insights checks, behind per-entity permissions.
 *
 * @packageDocumentation
 */
export { scorecardsPlugin as default } from './plugin';
export { readScorecardsConfig } from './config';
export type { ScorecardsConfig, ScorecardCheckConfig } from './config';
