import {
  ScorecardLevel,
  ServiceScorecardSummary,
  TeamLevelSummary,
} from '@internal/backstage-plugin-scorecards-common';
import { stringify } from 'csv-stringify/sync';

/**
 * The store's scorecards as CSV, one row per service and one column per check
 * (passed / failed / unknown). Cells a spreadsheet would run as a formula are
 * prefixed with `'`: titles and reasons are catalog text whoever edits an
 * entity controls.
 */
export function scorecardsToCsv(
  levels: ScorecardLevel[],
  services: ServiceScorecardSummary[],
  teams: TeamLevelSummary[],
): string {
  const titleOf = new Map(levels.map(level => [level.id, level.title]));
  const teamTitle = new Map(teams.map(team => [team.team, team.title]));
  const checkIds = [
    ...new Set(services.flatMap(card => card.checks.map(check => check.id))),
  ];
  const checkNames = new Map(
    services.flatMap(card => card.checks.map(check => [check.id, check.name])),
  );
  return stringify(
    services.map((card, i) => {
      const outcome = new Map(card.checks.map(c => [c.id, c.outcome]));
      return [
        i + 1,
        card.entityRef,
        card.title,
        card.owner ? teamTitle.get(card.owner) ?? card.owner : '',
        card.system ?? '',
        card.lifecycle ?? '',
        card.level ? titleOf.get(card.level) ?? card.level : 'None',
        card.counts.passed,
        card.counts.failed,
        card.counts.unknown,
        card.next ? titleOf.get(card.next.level) ?? card.next.level : '',
        card.next?.blocking.map(id => checkNames.get(id) ?? id).join('; ') ??
          '',
        ...checkIds.map(id => outcome.get(id) ?? ''),
      ];
    }),
    {
      header: true,
      columns: [
        'Rank',
        'Service',
        'Title',
        'Team',
        'System',
        'Lifecycle',
        'Level',
        'Passed',
        'Failed',
        'Unknown',
        'Next level',
        'Blocking the next level',
        ...checkIds.map(id => checkNames.get(id) ?? id),
      ],
      escape_formulas: true,
    },
  );
}
