import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  StatusChip,
  formatAge,
} from '@internal/backstage-plugin-aws-ops-react';
import { EksDeployment } from '@internal/backstage-plugin-eks-common';
import { PodTable } from './PodTable';
import { ReplicaBar } from './ReplicaBar';
import { rolloutLevel } from './levels';
import { DisruptionBudgets, Resources } from './WorkloadSafeguards';

function Field(props: { label: string; children: React.ReactNode }) {
  return (
    <Box>
      <Typography variant="caption" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

/** One Deployment: rollout, replicas, images, autoscaler, disruption budget, resources, conditions and pods. */
export function DeploymentView(props: { deployment: EksDeployment }) {
  const { deployment } = props;
  const failing = deployment.conditions.filter(c => c.status !== 'True');
  return (
    <Box mb={3} data-testid={`deployment-${deployment.name}`}>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
        <Typography variant="h6">{deployment.name}</Typography>
        <StatusChip
          level={rolloutLevel[deployment.rollout.state]}
          label={`rollout ${deployment.rollout.state}`}
          title={deployment.rollout.message}
        />
        {deployment.rollout.reason && (
          <Typography variant="body2" color="textSecondary">
            {deployment.rollout.reason}
          </Typography>
        )}
      </Box>
      <Grid container spacing={2}>
        <Grid item>
          <Field label="Replicas">
            <ReplicaBar replicas={deployment.replicas} />
          </Field>
        </Grid>
        <Grid item>
          <Field label="Revision">
            {deployment.revision ?? '-'} · {deployment.strategy}
          </Field>
        </Grid>
        <Grid item>
          <Field label="Last rollout">
            {formatAge(deployment.lastRolloutAt)} ago
          </Field>
        </Grid>
        {deployment.autoscaler && (
          <Grid item>
            <Field label="Autoscaler">
              {deployment.autoscaler.currentReplicas} now (min{' '}
              {deployment.autoscaler.minReplicas}, max{' '}
              {deployment.autoscaler.maxReplicas})
              {deployment.autoscaler.currentCpuUtilization !== undefined &&
                ` · CPU ${deployment.autoscaler.currentCpuUtilization}%/${
                  deployment.autoscaler.targetCpuUtilization ?? '-'
                }%`}
            </Field>
          </Grid>
        )}
        <Grid item>
          <Field label="Images">
            {deployment.images.map(image => (
              <div key={image.container} title={image.image}>
                {image.container}: <strong>{image.tag ?? 'untagged'}</strong>
                {image.digest && (
                  <Typography variant="caption" color="textSecondary">
                    {' '}
                    {image.digest.slice(0, 19)}…
                  </Typography>
                )}
              </div>
            ))}
          </Field>
        </Grid>
        <Grid item>
          <Field label="Disruption budget">
            <DisruptionBudgets deployment={deployment} />
          </Field>
        </Grid>
        <Grid item>
          <Field label="Resources">
            <Resources deployment={deployment} />
          </Field>
        </Grid>
      </Grid>
      {failing.length > 0 && (
        <Typography variant="body2" color="error">
          {failing
            .map(
              c =>
                `${c.type}: ${c.reason ?? c.status}${
                  c.message ? ` (${c.message})` : ''
                }`,
            )
            .join('; ')}
        </Typography>
      )}
      <PodTable pods={deployment.pods} currentRevision={deployment.revision} />
    </Box>
  );
}
