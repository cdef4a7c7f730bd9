import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  DemoDataBanner,
  StatusChip,
  UpdatedAgo,
} from '@internal/backstage-plugin-aws-ops-react';
import { rolloutLevel, versionSupportLevel } from './levels';
import { useEksDeployments } from './useEksDeployments';

/** Overview card: per environment, the rollout state and ready replicas. */
export function EksSummaryCard() {
  const { value, error } = useEksDeployments();
  let content;
  if (!value) {
    content = error ? <ResponseErrorPanel error={error} /> : <Progress />;
  } else {
    content = (
      <>
        <DemoDataBanner source={value.source} />
        {value.environments.map(environment => (
          <Box
            key={environment.name}
            my={1}
            data-testid={`summary-${environment.name}`}
          >
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <Typography variant="subtitle2">{environment.name}</Typography>
              {environment.cluster &&
                environment.cluster.versionSupport.status !== 'supported' && (
                  <StatusChip
                    level={
                      versionSupportLevel[
                        environment.cluster.versionSupport.status
                      ]
                    }
                    label={`k8s ${environment.cluster.kubernetesVersion} ${environment.cluster.versionSupport.status}`}
                  />
                )}
            </Box>
            {environment.deployments?.map(deployment => (
              <Box
                key={deployment.name}
                display="flex"
                alignItems="center"
                style={{ gap: 8 }}
              >
                <Typography variant="body2">{deployment.name}</Typography>
                <StatusChip
                  level={rolloutLevel[deployment.rollout.state]}
                  label={deployment.rollout.state}
                />
                <Typography variant="body2" color="textSecondary">
                  {deployment.replicas.ready}/{deployment.replicas.desired}{' '}
                  ready · {deployment.images.map(i => i.tag).join(', ')}
                </Typography>
              </Box>
            ))}
            {!environment.deployments && (
              <Typography variant="body2" color="error">
                not available
              </Typography>
            )}
          </Box>
        ))}
        {value.errors.length > 0 && (
          <Typography variant="body2" color="error">
            {value.errors.length} part(s) could not be loaded; see the EKS tab.
          </Typography>
        )}
        <UpdatedAgo fetchedAt={value.fetchedAt} stale={value.stale} />
      </>
    );
  }
  return (
    <Box data-testid="eks-card">
      <InfoCard title="EKS deployments">{content}</InfoCard>
    </Box>
  );
}
