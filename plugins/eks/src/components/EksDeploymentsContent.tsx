import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import {
  DemoDataBanner,
  ErrorsPanel,
  UpdatedAgo,
} from '@internal/backstage-plugin-aws-ops-react';
import { EmptyAnnotations } from './EmptyAnnotations';
import { EnvironmentPanel } from './EnvironmentPanel';
import { useEksDeployments } from './useEksDeployments';

/** The EKS tab: one panel per environment the service runs in. */
export function EksDeploymentsContent() {
  const { value, error, loading } = useEksDeployments();
  if (!value) {
    return error ? <ResponseErrorPanel error={error} /> : <Progress />;
  }
  if (!value.labelSelector) {
    return <EmptyAnnotations />;
  }
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <DemoDataBanner source={value.source} />
        <Box display="flex" justifyContent="space-between" mt={1}>
          <span>
            Workloads matching <code>{value.labelSelector}</code>
          </span>
          <UpdatedAgo
            fetchedAt={value.fetchedAt}
            refreshing={loading}
            stale={value.stale}
          />
        </Box>
        {error && (
          <ResponseErrorPanel
            error={error}
            title="Refresh failed; showing the last data"
          />
        )}
      </Grid>
      {value.errors.length > 0 && (
        <Grid item xs={12}>
          <ErrorsPanel errors={value.errors} />
        </Grid>
      )}
      {value.environments.map(environment => (
        <Grid item xs={12} key={environment.name}>
          <EnvironmentPanel environment={environment} />
        </Grid>
      ))}
    </Grid>
  );
}
