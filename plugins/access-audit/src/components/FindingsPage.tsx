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
  FINDING_TYPES,
  FindingSeverity,
  FindingType,
} from '@internal/backstage-plugin-access-audit-common';
import {
  DemoDataBanner,
  ErrorsPanel,
  UpdatedAgo,
} from '@internal/backstage-plugin-aws-ops-react';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { accessAuditApiRef, FindingsQuery } from '../api';
import { FindingsTable } from './FindingsTable';

const ALL = '';

function download(fileName: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** A select of `options` plus "all" (the empty value). */
function SelectFilter<T extends string>(props: {
  id: string;
  label: string;
  options: T[];
  value: T | '';
  onChange: (value: T | '') => void;
  minWidth: number;
}) {
  return (
    <Box mr={2} minWidth={props.minWidth}>
      <TextField
        select
        fullWidth
        id={props.id}
        label={props.label}
        value={props.value}
        onChange={e => props.onChange(e.target.value as T | '')}
      >
        <MenuItem value={ALL}>all</MenuItem>
        {props.options.map(option => (
          <MenuItem key={option} value={option}>
            {option}
          </MenuItem>
        ))}
      </TextField>
    </Box>
  );
}

function FindingsView() {
  const api = useApi(accessAuditApiRef);
  const [severity, setSeverity] = useState<FindingSeverity | ''>(ALL);
  const [type, setType] = useState<FindingType | ''>(ALL);
  const [system, setSystem] = useState('');
  const [owner, setOwner] = useState('');
  const [typed, setTyped] = useState({ system: '', owner: '' });
  useDebounce(() => setTyped({ system, owner }), 400, [system, owner]);

  const query: FindingsQuery = {
    severity: severity ? [severity] : undefined,
    type: type ? [type] : undefined,
    system: typed.system || undefined,
    owner: typed.owner || undefined,
  };
  const { value, error, loading } = useAsyncRetry(
    () => api.getFindings(query),
    [api, severity, type, typed.system, typed.owner],
  );
  const [exportState, exportAs] = useAsyncFn(
    async (format: 'csv' | 'json') => {
      const file = await api.exportFindings(query, format);
      download(file.fileName, file.blob);
    },
    [api, severity, type, typed.system, typed.owner],
  );

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        {value && <DemoDataBanner source={value.source} />}
        <Box display="flex" flexWrap="wrap" alignItems="center" mt={1}>
          <SelectFilter
            id="access-audit-severity"
            label="Severity"
            options={FINDING_SEVERITIES}
            value={severity}
            onChange={setSeverity}
            minWidth={140}
          />
          <SelectFilter
            id="access-audit-type"
            label="Finding"
            options={FINDING_TYPES}
            value={type}
            onChange={setType}
            minWidth={220}
          />
          <Box mr={2}>
            <TextField
              label="System"
              value={system}
              onChange={e => setSystem(e.target.value)}
            />
          </Box>
          <Box mr={2}>
            <TextField
              label="Owner"
              value={owner}
              onChange={e => setOwner(e.target.value)}
            />
          </Box>
          <Box flexGrow={1} />
          <Button
            variant="outlined"
            disabled={exportState.loading}
            onClick={() => exportAs('csv')}
          >
            Export CSV
          </Button>
          <Box ml={1}>
            <Button
              variant="outlined"
              disabled={exportState.loading}
              onClick={() => exportAs('json')}
            >
              Export JSON
            </Button>
          </Box>
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
            title={`${value.findings.length} findings in ${value.components} components`}
            subheader={
              <UpdatedAgo fetchedAt={value.fetchedAt} refreshing={loading} />
            }
          >
            <FindingsTable findings={value.findings} withComponent />
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
