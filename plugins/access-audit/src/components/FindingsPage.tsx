import {
  Content,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  accessAuditFindingsReadPermission,
  FINDING_SEVERITIES,
  FINDING_TYPE_TITLES,
  FINDING_TYPES,
} from '@internal/backstage-plugin-access-audit-common';
import {
  DemoDataBanner,
  ErrorsPanel,
  saveBlob,
  UpdatedAgo,
} from '@internal/backstage-plugin-aws-ops-react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { accessAuditApiRef } from '../api';
import {
  filterFindings,
  FindingFilters,
  filtersFromSearch,
  filtersToSearch,
  isFiltered,
  Option,
  queryOf,
  refOptions,
  summarize,
} from './storeFindings';
import { StoreFindingsTable } from './StoreFindingsTable';

const ALL = '';

/** A select of `options` plus "All" (the empty value), always showing its value. */
function SelectFilter(props: {
  id: string;
  label: string;
  options: Option[];
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  minWidth: number;
}) {
  return (
    <Box mr={2} minWidth={props.minWidth}>
      <TextField
        select
        fullWidth
        id={props.id}
        label={props.label}
        value={props.value ?? ALL}
        onChange={e => props.onChange(e.target.value || undefined)}
        // Unfiltered reads "All" rather than an empty box under the label.
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
      >
        <MenuItem value={ALL}>All</MenuItem>
        {props.options.map(option => (
          <MenuItem key={option.value} value={option.value}>
            {option.label}
          </MenuItem>
        ))}
      </TextField>
    </Box>
  );
}

const SEVERITY_OPTIONS: Option[] = FINDING_SEVERITIES.map(severity => ({
  value: severity,
  label: severity,
}));
const TYPE_OPTIONS: Option[] = FINDING_TYPES.map(type => ({
  value: type,
  label: FINDING_TYPE_TITLES[type],
})).sort((a, b) => a.label.localeCompare(b.label, 'en'));

function FindingsView() {
  const api = useApi(accessAuditApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(
    () => filtersFromSearch(searchParams),
    [searchParams],
  );
  const setFilters = (change: Partial<FindingFilters>) =>
    setSearchParams(filtersToSearch({ ...filters, ...change }), {
      replace: true,
    });
  // Every finding in one read; the filters work on it in the browser.
  const { value, error, loading } = useAsync(() => api.getFindings({}), [api]);
  const shown = useMemo(
    () => filterFindings(value?.findings ?? [], filters),
    [value, filters],
  );
  const [exportState, exportAs] = useAsyncFn(
    async (format: 'csv' | 'json') => {
      const file = await api.exportFindings(queryOf(filters), format);
      saveBlob(file.fileName, file.blob);
    },
    [api, filters],
  );
  const exportLabel = (format: string) =>
    `Export ${
      isFiltered(filters) ? `${shown.length} filtered` : `all ${shown.length}`
    } as ${format}`;

  const findings = value?.findings ?? [];
  const selects: {
    filter: keyof FindingFilters;
    label: string;
    options: Option[];
    minWidth: number;
  }[] = [
    {
      filter: 'severity',
      label: 'Severity',
      options: SEVERITY_OPTIONS,
      minWidth: 140,
    },
    { filter: 'type', label: 'Finding', options: TYPE_OPTIONS, minWidth: 260 },
    {
      filter: 'system',
      label: 'System',
      options: refOptions(findings, 'system'),
      minWidth: 180,
    },
    {
      filter: 'owner',
      label: 'Owner',
      options: refOptions(findings, 'owner'),
      minWidth: 180,
    },
  ];

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        {value && <DemoDataBanner source={value.source} />}
        <Box display="flex" flexWrap="wrap" alignItems="center" mt={1}>
          {selects.map(select => (
            <SelectFilter
              key={select.filter}
              id={`access-audit-${select.filter}`}
              label={select.label}
              options={select.options}
              value={filters[select.filter]}
              onChange={choice => setFilters({ [select.filter]: choice })}
              minWidth={select.minWidth}
            />
          ))}
        </Box>
        {exportState.error && (
          <ResponseErrorPanel error={exportState.error} title="Export failed" />
        )}
      </Grid>
      {error && (
        <Grid item xs={12}>
          <ResponseErrorPanel error={error} />
        </Grid>
      )}
      {!value && !error && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
      {value && value.errors.length > 0 && (
        <Grid item xs={12}>
          <ErrorsPanel errors={value.errors} />
        </Grid>
      )}
      {value && (
        <Grid item xs={12}>
          <InfoCard
            title={
              <span data-testid="findings-summary">{summarize(shown)}</span>
            }
            subheader={
              // One flex item: the card lays its subheader out as a row.
              <span>
                {isFiltered(filters) &&
                  `Filtered from ${value.findings.length} findings. `}
                {value.components} components scanned. Exports hold what the
                filters show.{' '}
                <UpdatedAgo
                  fetchedAt={value.fetchedAt}
                  refreshing={loading}
                  stale={value.stale}
                />
              </span>
            }
            action={
              // Beside the summary they export: the filtered findings.
              <Box display="flex" mt={1} mr={1}>
                {(['csv', 'json'] as const).map(format => (
                  <Box ml={1} key={format}>
                    <Button
                      variant="outlined"
                      disabled={exportState.loading}
                      onClick={() => exportAs(format)}
                    >
                      {exportLabel(format.toUpperCase())}
                    </Button>
                  </Box>
                ))}
              </Box>
            }
            noPadding
          >
            <StoreFindingsTable findings={shown} />
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}

/** `/access-audit`: store-wide findings for auditors and platform admins. */
export function FindingsPage() {
  const { loading, allowed } = usePermission({
    permission: accessAuditFindingsReadPermission,
  });
  return (
    <Content>
      {loading && <Progress />}
      {!loading && !allowed && (
        <Box data-testid="access-audit-not-allowed">
          <EmptyState
            missing="info"
            title="Not allowed"
            description="The store-wide access audit is for auditors and platform admins. Owners see their own components' secrets and access on each component's Access tab."
          />
        </Box>
      )}
      {!loading && allowed && <FindingsView />}
    </Content>
  );
}
