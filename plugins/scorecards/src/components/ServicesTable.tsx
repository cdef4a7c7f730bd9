import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import {
  OpsTable,
  OpsTableColumn,
} from '@internal/backstage-plugin-aws-ops-react';
import {
  ScorecardLevel,
  ServiceScorecardSummary,
} from '@internal/backstage-plugin-scorecards-common';
import { useMemo } from 'react';
import { blockingChecks, LevelChip, levelTitle } from './common';

/** A ranked service as the table shows it. */
interface ServiceRow {
  rank: number;
  scorecard: ServiceScorecardSummary;
  service: string;
  team: string;
  levelRank: number;
  passed: number;
  failed: number;
  unknown: number;
}

function BlockingCell(props: {
  scorecard: ServiceScorecardSummary;
  levels: ScorecardLevel[];
}) {
  const { scorecard, levels } = props;
  if (!scorecard.next) {
    return (
      <Typography variant="body2" data-testid="row-blocking">
        top level reached
      </Typography>
    );
  }
  const names = blockingChecks(scorecard).map(check => check.name);
  return (
    <Typography
      variant="body2"
      data-testid="row-blocking"
      data-next-level={scorecard.next.level}
    >
      <strong>{levelTitle(levels, scorecard.next.level)}</strong>
      {names.length ? `: ${names.join(', ')}` : ''}
    </Typography>
  );
}

function columnsOf(
  levels: ScorecardLevel[],
  options: { rank: boolean; team: boolean },
): OpsTableColumn<ServiceRow>[] {
  const columns: OpsTableColumn<ServiceRow>[] = [];
  if (options.rank) {
    columns.push({
      title: 'Rank',
      field: 'rank',
      type: 'numeric',
      align: 'left',
    });
  }
  columns.push({
    title: 'Service',
    field: 'service',
    render: row => (
      <span
        data-testid="ranked-service"
        data-entity-ref={row.scorecard.entityRef}
        data-rank={row.rank}
      >
        <EntityRefLink
          entityRef={row.scorecard.entityRef}
          title={row.scorecard.title}
        />
      </span>
    ),
  });
  if (options.team) {
    columns.push({
      title: 'Team',
      field: 'team',
      render: row =>
        row.scorecard.owner ? (
          <EntityRefLink entityRef={row.scorecard.owner} defaultKind="group" />
        ) : (
          '-'
        ),
    });
  }
  columns.push(
    {
      title: 'Level',
      field: 'levelRank',
      render: row => <LevelChip level={row.scorecard.level} levels={levels} />,
    },
    { title: 'Passed', field: 'passed', type: 'numeric', align: 'left' },
    { title: 'Failed', field: 'failed', type: 'numeric', align: 'left' },
    { title: 'Unknown', field: 'unknown', type: 'numeric', align: 'left' },
    {
      title: 'Blocks the next level',
      sorting: false,
      render: row => <BlockingCell scorecard={row.scorecard} levels={levels} />,
    },
  );
  return columns;
}

const rowId = (row: ServiceRow) => row.scorecard.entityRef;

/**
 * Services in the order the backend ranked them (highest level first, then
 * most checks passed): rank, link, level, counts and what blocks the next level.
 */
export function ServicesTable(props: {
  label: string;
  title?: string;
  services: ServiceScorecardSummary[];
  levels: ScorecardLevel[];
  /** Show the rank column (a team's ranking). */
  rank?: boolean;
  /** Show the team column (the store-wide table). */
  team?: boolean;
  /** The rank of each service in the unfiltered ranking; defaults to its position. */
  rankOf?: (scorecard: ServiceScorecardSummary) => number;
  pageSize?: number;
}) {
  const { levels, services, rankOf } = props;
  const rank = props.rank ?? false;
  const team = props.team ?? false;
  const columns = useMemo(
    () => columnsOf(levels, { rank, team }),
    [levels, rank, team],
  );
  const data = useMemo(
    () =>
      services.map((scorecard, index) => ({
        rank: rankOf ? rankOf(scorecard) : index + 1,
        scorecard,
        service: scorecard.title,
        team: scorecard.owner ?? '',
        levelRank:
          scorecard.level === null
            ? 0
            : levels.findIndex(level => level.id === scorecard.level) + 1,
        passed: scorecard.counts.passed,
        failed: scorecard.counts.failed,
        unknown: scorecard.counts.unknown,
      })),
    [services, levels, rankOf],
  );
  return (
    <OpsTable<ServiceRow>
      label={props.label}
      title={props.title}
      columns={columns}
      data={data}
      rowId={rowId}
      pageSize={props.pageSize ?? 25}
      emptyContent={
        <Typography style={{ padding: 16 }}>No scored services.</Typography>
      }
    />
  );
}
