import {
  Content,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  DemoDataBanner,
  StatusChip,
  UpdatedAgo,
  formatAge,
} from '@internal/backstage-plugin-aws-ops-react';
import { ComponentHealth } from '@internal/backstage-plugin-ops-health-common';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Link from '@material-ui/core/Link';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { entityPath, healthStatus } from './levels';
import {
  badness,
  filterComponents,
  filtersFromSearch,
  filtersToSearch,
  HealthFilters,
  isMine,
  levelRank,
  orderForViewer,
  ownerOptions,
  summarize,
  systemOptions,
} from './overview';
import { Select } from './Select';
import { AlarmsCell, DeploymentsCell, WafCell } from './SignalCells';
import { CorrelationSentence } from './timeline/CorrelationSentence';
import { useHealthOverview } from './useHealthOverview';

function OwnerCell({ component }: { component: ComponentHealth }) {
  const owner = component.owner;
  if (!owner) return <>–</>;
  return (
    <>
      <Link component={RouterLink} to={entityPath(owner.entityRef)}>
        {owner.title}
      </Link>
      {[owner.onCallChannel, owner.email].filter(Boolean).map(contact => (
        // a channel or an address reads whole: on its own line, never broken
        <Typography
          key={contact}
          variant="caption"
          display="block"
          color="textSecondary"
          noWrap
        >
          {contact}
        </Typography>
      ))}
    </>
  );
}

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** Ascending is worst first in every column that judges health. */
const worstFirst =
  (score: (c: ComponentHealth) => number) =>
  (a: ComponentHealth, b: ComponentHealth) =>
    score(b) - score(a);

interface ColumnSort {
  id?: string;
  direction: 'asc' | 'desc';
}

/** Sortable columns, by the id kept in the URL (`?sort=…&dir=…`). */
function columnsOf(
  myRefs: string[],
  sort: ColumnSort,
): (TableColumn<ComponentHealth> & { id: string })[] {
  const columns: (TableColumn<ComponentHealth> & { id: string })[] = [
    {
      id: 'health',
      title: 'Health',
      customSort: worstFirst(c => -levelRank(c.level)),
      render: c => (
        <span
          data-testid="health-level"
          data-level={c.level}
          data-component={c.name}
          data-mine={isMine(c, myRefs) || undefined}
        >
          <StatusChip {...healthStatus[c.level]} />
        </span>
      ),
    },
    {
      id: 'component',
      title: 'Component',
      customSort: (a, b) => a.title.localeCompare(b.title, 'en'),
      render: c => (
        <>
          <Link component={RouterLink} to={entityPath(c.entityRef)}>
            {c.title}
          </Link>
          <Typography variant="caption" display="block" color="textSecondary">
            {[c.type, c.system?.title].filter(Boolean).join(' · ')}
          </Typography>
        </>
      ),
    },
    {
      id: 'owner',
      title: 'Owner · on call',
      customSort: (a, b) =>
        (a.owner?.title ?? '~').localeCompare(b.owner?.title ?? '~', 'en'),
      render: c => <OwnerCell component={c} />,
    },
    {
      id: 'alarms',
      title: 'Alarms',
      customSort: worstFirst(badness.alarms),
      render: c => <AlarmsCell component={c} />,
    },
    {
      id: 'deployments',
      title: 'Deployments',
      customSort: worstFirst(badness.deployments),
      render: c => <DeploymentsCell component={c} />,
    },
    {
      id: 'waf',
      title: 'WAF blocks',
      customSort: worstFirst(badness.waf),
      render: c => <WafCell component={c} />,
    },
    {
      id: 'why',
      title: 'Why',
      sorting: false,
      render: c => (
        <>
          {c.reasons.map(reason => (
            <Typography key={reason} variant="caption" display="block">
              {reason}
            </Typography>
          ))}
          {c.correlations?.length ? (
            <div data-testid="row-correlation">
              <CorrelationSentence
                correlation={c.correlations[0]}
                timelinePath={entityPath(c.entityRef, 'timeline')}
                more={c.correlations.length - 1}
                variant="caption"
              />
            </div>
          ) : null}
          {c.errors.map((e, index) => (
            <Typography
              key={index}
              variant="caption"
              display="block"
              color="error"
            >
              {e.signal}: {e.name}: {e.message}
            </Typography>
          ))}
          {c.stale && (
            <Typography
              variant="caption"
              display="block"
              color="error"
              data-testid="row-stale"
            >
              stale: data from {formatAge(c.stale.since)} ago
              {c.stale.refreshError
                ? ` (refresh failed: ${c.stale.refreshError.message})`
                : ''}
            </Typography>
          )}
        </>
      ),
    },
  ];
  return columns.map(column => ({
    ...column,
    headerStyle: NO_WRAP,
    defaultSort: column.id === sort.id ? sort.direction : undefined,
  }));
}

/** Every store component with the signals an on-call engineer checks: the viewer's teams first, then worst first. */
export function HealthOverviewPage() {
  const { value, loading, error } = useHealthOverview();
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(() => identityApi.getBackstageIdentity(), []);
  const [searchParams, setSearchParams] = useSearchParams();
  const myRefs = useMemo(
    () => identity.value?.ownershipEntityRefs ?? [],
    [identity.value],
  );
  // The sort a reload or a shared link restores; later clicks only rewrite the URL.
  const [initialSort] = useState<ColumnSort>(() => ({
    id: searchParams.get('sort') ?? undefined,
    direction: searchParams.get('dir') === 'desc' ? 'desc' : 'asc',
  }));
  const columns = useMemo(
    () => columnsOf(myRefs, initialSort),
    [myRefs, initialSort],
  );
  const ordered = useMemo(
    () => orderForViewer(value?.components ?? [], myRefs),
    [value, myRefs],
  );

  if (!value || identity.loading) {
    if (error) return <ResponseErrorPanel error={error} />;
    return <Progress />;
  }
  const onOrderChange = (index: number, direction: 'asc' | 'desc') => {
    const next = new URLSearchParams(searchParams);
    const id = columns[index]?.id;
    if (id && index >= 0) {
      next.set('sort', id);
      next.set('dir', direction);
    } else {
      next.delete('sort');
      next.delete('dir');
    }
    setSearchParams(next, { replace: true });
  };
  const filters = filtersFromSearch(searchParams, value.components);
  const setFilters = (change: Partial<HealthFilters>) =>
    setSearchParams(filtersToSearch({ ...filters, ...change }, searchParams), {
      replace: true,
    });
  const shown = filterComponents(ordered, filters, myRefs);
  const myTeamTitles = ownerOptions(value.components)
    .filter(option => myRefs.includes(option.value))
    .map(option => option.label);

  return (
    <Content>
      <Grid container spacing={2}>
        <Grid item xs={12}>
          <DemoDataBanner source={value.source} />
        </Grid>
        {error && (
          <Grid item xs={12}>
            <ResponseErrorPanel
              error={error}
              title="Refresh failed; showing the last data"
            />
          </Grid>
        )}
        <Grid item xs={12} container spacing={2} alignItems="center">
          <Grid item>
            <Select
              label="System"
              value={filters.system ?? ''}
              onChange={system => setFilters({ system: system || undefined })}
              options={systemOptions(value.components)}
            />
          </Grid>
          <Grid item>
            <Select
              label="Owner"
              value={filters.owner ?? ''}
              onChange={owner => setFilters({ owner: owner || undefined })}
              options={ownerOptions(value.components)}
            />
          </Grid>
          <Grid item>
            <FormControlLabel
              control={
                <Switch
                  checked={filters.myTeams}
                  onChange={(_, checked) => setFilters({ myTeams: checked })}
                />
              }
              label="My teams"
            />
          </Grid>
          <Grid item>
            <FormControlLabel
              control={
                <Switch
                  checked={filters.problemsOnly}
                  onChange={(_, checked) =>
                    setFilters({ problemsOnly: checked })
                  }
                />
              }
              label="Problems only"
            />
          </Grid>
        </Grid>
        <Grid item xs={12}>
          <Typography variant="body1" data-testid="health-counts">
            {summarize(shown, value.components.length)}.{' '}
            <UpdatedAgo
              fetchedAt={value.fetchedAt}
              refreshing={loading}
              stale={value.stale}
            />
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {myTeamTitles.length
              ? `Your teams first (${myTeamTitles.join(
                  ', ',
                )}), then worst first.`
              : 'Worst first.'}{' '}
            Click a column heading to sort by it.
          </Typography>
        </Grid>
        <Grid item xs={12}>
          <Table<ComponentHealth>
            columns={columns}
            data={shown}
            onOrderChange={onOrderChange}
            options={{
              toolbar: false,
              search: false,
              padding: 'dense',
              paging: shown.length > 50,
              pageSize: 50,
              pageSizeOptions: [50, 100],
              thirdSortClick: true,
              // A newly sorted column starts ascending: worst first.
              keepSortDirectionOnColumnSwitch: false,
              draggable: false,
            }}
            emptyContent={
              <Typography style={{ padding: 16 }}>
                No component matches these filters.
              </Typography>
            }
          />
        </Grid>
      </Grid>
    </Content>
  );
}
