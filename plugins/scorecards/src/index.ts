/**
 * Production-readiness scorecards: the service card, a team's ranking and the
 * store-wide view with CSV export.
 *
 * @packageDocumentation
 */
export { scorecardsPlugin as default } from './plugin';
export { ScorecardsNavGate } from './components/ScorecardsNavGate';
export {
  scorecardsApiRef,
  ScorecardsClient,
  type ScorecardsApi,
  type ScorecardsExport,
} from './api';
