import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { StatusChip } from '@internal/backstage-plugin-aws-ops-react';
import Link from '@material-ui/core/Link';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { entityPath, healthStatus } from './levels';
import { useHealthOverview } from './useHealthOverview';

/** Home-page card for on-call engineers: the critical and warning components now. */
export function RedNowCard() {
  const { value, error } = useHealthOverview();
  if (!value) {
    return error ? <ResponseErrorPanel error={error} /> : <Progress />;
  }
  const problems = value.components.filter(
    c => c.level === 'critical' || c.level === 'warning',
  );
  return (
    <>
      {value.source === 'demo' && (
        <Typography variant="caption" color="textSecondary">
          Demo data
        </Typography>
      )}
      {problems.length === 0 ? (
        <Typography data-testid="red-now-empty">
          Nothing is red: all {value.components.length} components you can see
          are healthy or unknown.
        </Typography>
      ) : (
        <List dense>
          {problems.map(component => (
            <ListItem key={component.entityRef} data-testid="red-now-item">
              <ListItemText
                primary={
                  <>
                    <StatusChip {...healthStatus[component.level]} />{' '}
                    <Link
                      component={RouterLink}
                      to={entityPath(component.entityRef)}
                    >
                      {component.title}
                    </Link>
                  </>
                }
                secondary={[
                  component.reasons[0],
                  component.owner?.onCallChannel,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              />
            </ListItem>
          ))}
        </List>
      )}
      <Link component={RouterLink} to="/health">
        Open the health overview
      </Link>
    </>
  );
}
