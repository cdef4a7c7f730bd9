import { Content, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  DemoDataBanner,
  OpsTable,
  OpsTableColumn,
  saveBlob,
} from '@internal/backstage-plugin-aws-ops-react';
import {
  ScorecardLevel,
  ServiceScorecardSummary,
  StoreScorecardsResponse,
  TeamLevelSummary,
} from '@internal/backstage-plugin-scorecards-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { scorecardsApiRef } from '../api';
import {
  isNotAllowed,
  ReloadFailed,
  ScorecardErrors,
  STORE_PERMISSION_NAME,
  useKeptAsync,
  HEADING,
} from './common';
import { ServicesTable } from './ServicesTable';

/** The level filter's value for services below the first level. */
export const NO_LEVEL = 'none';

/** The plain answer to a viewer without the store-wide permission. */
function NeedsStorePermission() {
  return (
    <Typography data-testid="scorecards-store-denied">
      You need the <code>{STORE_PERMISSION_NAME}</code> permission to see the
      store-wide scorecards and download them.
    </Typography>
  );
}

/** Filters the ranking by team (owner ref) and level; empty means all. */
export function filterServices(
  services: ServiceScorecardSummary[],
  filters: { team?: string; level?: string },
): ServiceScorecardSummary[] {
  return services.filter(
    service =>
      (!filters.team || service.owner === filters.team) &&
      (!filters.level || (service.level ?? NO_LEVEL) === filters.level),
  );
}

type TeamRow = TeamLevelSummary;

function teamColumns(levels: ScorecardLevel[]): OpsTableColumn<TeamRow>[] {
  return [
    {
      title: 'Team',
      field: 'title',
      render: row => (
        <span data-testid="team-summary" data-team={row.team}>
          <EntityRefLink
            entityRef={row.team}
            defaultKind="group"
            title={row.title}
          />
        </span>
      ),
    },
    { title: 'Services', field: 'services', type: 'numeric', align: 'left' },
    ...[...levels].reverse().map(
      (level): OpsTableColumn<TeamRow> => ({
        title: level.title,
        type: 'numeric',
        align: 'left',
        customSort: (a, b) =>
          (a.byLevel[level.id] ?? 0) - (b.byLevel[level.id] ?? 0),
        render: row => row.byLevel[level.id] ?? 0,
      }),
    ),
    {
      title: 'No level',
      type: 'numeric',
      align: 'left',
      customSort: (a, b) =>
        (a.byLevel[NO_LEVEL] ?? 0) - (b.byLevel[NO_LEVEL] ?? 0),
      render: row => row.byLevel[NO_LEVEL] ?? 0,
    },
  ];
}

const teamRowId = (row: TeamRow) => row.team;

function SelectFilter(props: {
  id: string;
  label: string;
  options: { value: string; label: string }[];
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <Box mr={2} minWidth={200}>
      <TextField
        select
        fullWidth
        id={props.id}
        label={props.label}
        value={props.value ?? ''}
        onChange={e => props.onChange(e.target.value || undefined)}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
      >
        <MenuItem value="">All</MenuItem>
        {props.options.map(option => (
          <MenuItem key={option.value} value={option.value}>
            {option.label}
          </MenuItem>
        ))}
      </TextField>
    </Box>
  );
}

function StoreView(props: {
  value: StoreScorecardsResponse;
  onDownload: () => void;
  downloading: boolean;
  downloadError?: Error;
}) {
  const { value } = props;
  const { levels } = value;
  const [searchParams, setSearchParams] = useSearchParams();
  const team = searchParams.get('team') ?? undefined;
  const level = searchParams.get('level') ?? undefined;
  const setFilter = (name: 'team' | 'level', next: string | undefined) => {
    const params = new URLSearchParams(searchParams);
    if (next) params.set(name, next);
    else params.delete(name);
    setSearchParams(params, { replace: true });
  };
  const shown = useMemo(
    () => filterServices(value.services, { team, level }),
    [value.services, team, level],
  );
  // A service keeps its store-wide rank when the table is filtered.
  const ranks = useMemo(
    () => new Map(value.services.map((s, index) => [s.entityRef, index + 1])),
    [value.services],
  );
  const rankOf = useCallback(
    (scorecard: ServiceScorecardSummary) => ranks.get(scorecard.entityRef) ?? 0,
    [ranks],
  );
  const columns = useMemo(() => teamColumns(levels), [levels]);
  const teamOptions = value.teams
    .map(t => ({ value: t.team, label: t.title || t.team }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en'));
  const levelOptions = [
    ...[...levels].reverse().map(l => ({ value: l.id, label: l.title })),
    { value: NO_LEVEL, label: 'No level' },
  ];

  return (
    <>
      <DemoDataBanner
        source={value.services.some(s => s.demo) ? 'demo' : 'aws'}
      />
      <ScorecardErrors errors={value.errors} />
      <Box mb={2}>
        <InfoCard
          title="Services per level by team"
          titleTypographyProps={HEADING}
        >
          <OpsTable<TeamRow>
            label="Services per level by team"
            columns={columns}
            data={value.teams}
            rowId={teamRowId}
            pageSize={25}
          />
        </InfoCard>
      </Box>
      <InfoCard
        title="All services"
        titleTypographyProps={HEADING}
        subheader="Ranked: highest level first, then most checks passed, then fewest failed"
        action={
          <Button
            variant="outlined"
            color="primary"
            onClick={props.onDownload}
            disabled={props.downloading}
          >
            Download CSV
          </Button>
        }
      >
        {props.downloadError &&
          (isNotAllowed(props.downloadError) ? (
            <NeedsStorePermission />
          ) : (
            <Alert severity="error" data-testid="download-error">
              The CSV could not be downloaded: {props.downloadError.message}
            </Alert>
          ))}
        <Box display="flex" mb={2}>
          <SelectFilter
            id="scorecards-team"
            label="Team"
            options={teamOptions}
            value={team}
            onChange={next => setFilter('team', next)}
          />
          <SelectFilter
            id="scorecards-level"
            label="Level"
            options={levelOptions}
            value={level}
            onChange={next => setFilter('level', next)}
          />
        </Box>
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="services-count"
        >
          {shown.length} of {value.services.length} services
        </Typography>
        <ServicesTable
          label="All services"
          services={shown}
          levels={levels}
          rank
          team
          rankOf={rankOf}
        />
      </InfoCard>
    </>
  );
}

/**
 * `/scorecards`: services per level for each team, every service ranked with
 * team and level filters, and the CSV export, for team leads and auditors.
 */
export function ScorecardsPage() {
  const api = useApi(scorecardsApiRef);
  const { value, error, reloadError } = useKeptAsync(
    () => api.getStoreScorecards(),
    [api],
  );
  const [downloadState, downloadCsv] = useAsyncFn(async () => {
    const file = await api.exportStoreCsv();
    saveBlob(file.fileName, file.blob);
  }, [api]);

  let body;
  if (value) {
    body = (
      <>
        <ReloadFailed error={reloadError} />
        <StoreView
          value={value}
          onDownload={downloadCsv}
          downloading={downloadState.loading}
          downloadError={downloadState.error}
        />
      </>
    );
  } else if (error && isNotAllowed(error)) {
    body = <NeedsStorePermission />;
  } else if (error) {
    body = (
      <Alert severity="error" data-testid="scorecards-error">
        The scorecards could not be loaded: {error.message}
      </Alert>
    );
  } else {
    body = <Progress />;
  }
  return <Content>{body}</Content>;
}
