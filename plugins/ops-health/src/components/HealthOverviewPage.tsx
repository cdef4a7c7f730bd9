import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  DemoDataBanner,
  StatusChip,
  UpdatedAgo,
} from '@internal/backstage-plugin-aws-ops-react';
import { ComponentHealth } from '@internal/backstage-plugin-ops-health-common';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Link from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { filterComponents } from './filterComponents';
import { entityPath, healthStatus } from './levels';
import { AlarmsCell, DeploymentsCell, WafCell } from './SignalCells';
import { useHealthOverview } from './useHealthOverview';

function OwnerCell({ component }: { component: ComponentHealth }) {
  const owner = component.owner;
  if (!owner) return <>–</>;
  return (
    <>
      <Link component={RouterLink} to={entityPath(owner.entityRef)}>
        {owner.title}
      </Link>
      <Typography variant="caption" display="block" color="textSecondary">
        {[owner.onCallChannel, owner.email].filter(Boolean).join(' · ')}
      </Typography>
    </>
  );
}

function Select(props: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      select
      label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      variant="outlined"
      size="small"
      style={{ minWidth: 200 }}
      SelectProps={{ SelectDisplayProps: { 'aria-label': props.label } as any }}
    >
      <MenuItem value="">All</MenuItem>
      {props.options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Every store component, worst first, with the signals an on-call engineer checks. */
export function HealthOverviewPage() {
  const { value, loading, error } = useHealthOverview();
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(() => identityApi.getBackstageIdentity(), []);
  const [system, setSystem] = useState('');
  const [owner, setOwner] = useState('');
  const [myTeams, setMyTeams] = useState(false);
  const [problemsOnly, setProblemsOnly] = useState(false);

  if (!value) {
    if (error) return <ResponseErrorPanel error={error} />;
    return <Progress />;
  }
  const components = value.components;
  const systems = [
    ...new Set(components.flatMap(c => (c.system ? [c.system] : []))),
  ].sort();
  const owners = [
    ...new Map(
      components.flatMap(c => (c.owner ? [[c.owner.entityRef, c.owner]] : [])),
    ).values(),
  ].sort((a, b) => a.title.localeCompare(b.title));
  const shown = filterComponents(components, {
    system: system || undefined,
    owner: owner || undefined,
    myTeams: myTeams ? identity.value?.ownershipEntityRefs ?? [] : undefined,
    problemsOnly,
  });
  const counts = components.reduce<Record<string, number>>((acc, c) => {
    acc[c.level] = (acc[c.level] ?? 0) + 1;
    return acc;
  }, {});

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
        <Grid item xs={12}>
          <Typography variant="body1" data-testid="health-counts">
            {counts.critical ?? 0} critical · {counts.warning ?? 0} warning ·{' '}
            {counts.unknown ?? 0} unknown · {counts.ok ?? 0} OK, of{' '}
            {components.length} components.{' '}
            <UpdatedAgo fetchedAt={value.fetchedAt} refreshing={loading} />
          </Typography>
        </Grid>
        <Grid item xs={12} container spacing={2} alignItems="center">
          <Grid item>
            <Select
              label="System"
              value={system}
              onChange={setSystem}
              options={systems.map(s => ({ value: s, label: s }))}
            />
          </Grid>
          <Grid item>
            <Select
              label="Owner"
              value={owner}
              onChange={setOwner}
              options={owners.map(o => ({
                value: o.entityRef,
                label: o.title,
              }))}
            />
          </Grid>
          <Grid item>
            <FormControlLabel
              control={
                <Switch
                  checked={myTeams}
                  onChange={(_, checked) => setMyTeams(checked)}
                />
              }
              label="My teams"
            />
          </Grid>
          <Grid item>
            <FormControlLabel
              control={
                <Switch
                  checked={problemsOnly}
                  onChange={(_, checked) => setProblemsOnly(checked)}
                />
              }
              label="Problems only"
            />
          </Grid>
        </Grid>
        <Grid item xs={12}>
          {shown.length === 0 ? (
            <EmptyState
              missing="data"
              title="No component matches these filters"
            />
          ) : (
            <Paper>
              <Table size="small" aria-label="Store components by health">
                <TableHead>
                  <TableRow>
                    <TableCell>Health</TableCell>
                    <TableCell>Component</TableCell>
                    <TableCell>Owner · on call</TableCell>
                    <TableCell>Alarms</TableCell>
                    <TableCell>Deployments</TableCell>
                    <TableCell>WAF blocks</TableCell>
                    <TableCell>Why</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {shown.map(component => (
                    <TableRow
                      key={component.entityRef}
                      data-testid="health-row"
                      data-level={component.level}
                      data-component={component.name}
                    >
                      <TableCell>
                        <StatusChip {...healthStatus[component.level]} />
                      </TableCell>
                      <TableCell>
                        <Link
                          component={RouterLink}
                          to={entityPath(component.entityRef)}
                        >
                          {component.title}
                        </Link>
                        <Typography
                          variant="caption"
                          display="block"
                          color="textSecondary"
                        >
                          {[component.type, component.system]
                            .filter(Boolean)
                            .join(' · ')}
                        </Typography>
                      </TableCell>
                      <TableCell>
                        <OwnerCell component={component} />
                      </TableCell>
                      <TableCell>
                        <AlarmsCell component={component} />
                      </TableCell>
                      <TableCell>
                        <DeploymentsCell component={component} />
                      </TableCell>
                      <TableCell>
                        <WafCell component={component} />
                      </TableCell>
                      <TableCell>
                        {component.reasons.map(reason => (
                          <Typography
                            key={reason}
                            variant="caption"
                            display="block"
                          >
                            {reason}
                          </Typography>
                        ))}
                        {component.errors.map((e, index) => (
                          <Typography
                            key={index}
                            variant="caption"
                            display="block"
                            color="error"
                          >
                            {e.signal}: {e.name}: {e.message}
                          </Typography>
                        ))}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Paper>
          )}
        </Grid>
      </Grid>
    </Content>
  );
}
