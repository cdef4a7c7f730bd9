import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { StatusChip } from '@internal/backstage-plugin-aws-ops-react';
import { EksEnvironment } from '@internal/backstage-plugin-eks-common';
import { DeploymentView } from './DeploymentView';
import { versionSupportLevel, versionSupportText } from './levels';

function ClusterSummary(props: { environment: EksEnvironment }) {
  const { cluster } = props.environment;
  if (!cluster) {
    return (
      <Typography color="error">
        The cluster could not be read (see the errors above).
      </Typography>
    );
  }
  return (
    <Box mb={2}>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 8 }}
      >
        <StatusChip
          level={versionSupportLevel[cluster.versionSupport.status]}
          label={versionSupportText(
            cluster.kubernetesVersion,
            cluster.versionSupport,
          )}
        />
        <StatusChip
          level={cluster.status === 'ACTIVE' ? 'ok' : 'warning'}
          label={cluster.status}
        />
        <Typography variant="body2" color="textSecondary">
          {cluster.name} · {cluster.platformVersion} · account{' '}
          {cluster.accountId} · {cluster.region}
        </Typography>
      </Box>
      <Typography variant="body2" component="div">
        Node groups: {cluster.nodeGroups.length === 0 && 'none'}
        {cluster.nodeGroups.map(group => (
          <span key={group.name} style={{ marginRight: 16 }}>
            <strong>{group.name}</strong> {group.desiredSize} nodes (
            {group.minSize}-{group.maxSize}) {group.instanceTypes.join(', ')}
            {group.status !== 'ACTIVE' && ` · ${group.status}`}
            {group.healthIssues.map(issue => (
              <StatusChip
                key={issue.code}
                level="error"
                label={issue.code}
                title={issue.message}
              />
            ))}
          </span>
        ))}
      </Typography>
      {cluster.healthIssues.map(issue => (
        <Typography key={issue.code} variant="body2" color="error">
          {issue.code}: {issue.message}
        </Typography>
      ))}
    </Box>
  );
}

/** One environment: its cluster and the entity's Deployments in it. */
export function EnvironmentPanel(props: { environment: EksEnvironment }) {
  const { environment } = props;
  return (
    <Box data-testid={`environment-${environment.name}`}>
      <InfoCard
        title={environment.name}
        subheader={`namespace ${environment.namespace}`}
      >
        <ClusterSummary environment={environment} />
        {environment.deployments?.length === 0 && (
          <Typography>No Deployments match in this environment.</Typography>
        )}
        {environment.deployments?.map(deployment => (
          <DeploymentView key={deployment.name} deployment={deployment} />
        ))}
      </InfoCard>
    </Box>
  );
}
