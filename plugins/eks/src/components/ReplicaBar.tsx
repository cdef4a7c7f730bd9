import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { EksDeployment } from '@internal/backstage-plugin-eks-common';

/** Ready replicas against desired, with the updated count as the buffer. */
export function ReplicaBar(props: { replicas: EksDeployment['replicas'] }) {
  const { desired, ready, updated, available } = props.replicas;
  const percent = (n: number) =>
    desired > 0 ? Math.min(100, (n / desired) * 100) : 100;
  return (
    <Box minWidth={180}>
      <LinearProgress
        variant="buffer"
        value={percent(ready)}
        valueBuffer={percent(updated)}
        aria-label={`${ready} of ${desired} replicas ready`}
      />
      <Typography variant="caption" color="textSecondary">
        {ready}/{desired} ready · {updated} updated · {available} available
      </Typography>
    </Box>
  );
}
