import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { StatusChip } from '@internal/backstage-plugin-aws-ops-react';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { entityPath, healthStatus } from './levels';
import { CorrelationSentence } from './timeline/CorrelationSentence';
import { useHealthOverview } from './useHealthOverview';

export function RedNowActions() {
  return (
    <Link component={RouterLink} to="/health">
      Open the health overview
    </Link>
  );
}

/** Home-page card for on-call engineers: the critical and warning components now, all of them. */
export function RedNowCard() {
  const { value, error } = useHealthOverview();
  if (!value) {
    return error ? <ResponseErrorPanel error={error} /> : <Progress />;
  }
  const problems = value.components.filter(
    c => c.level === 'critical' || c.level === 'warning',
  );
  const critical = problems.filter(c => c.level === 'critical').length;
  return (
    <>
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="red-now-summary"
      >
        {problems.length
          ? `${problems.length} of ${
              value.components.length
            } components need a look: ${critical} critical, ${
              problems.length - critical
            } warning.`
          : `Nothing is red: all ${value.components.length} components you can see are healthy, unknown or not deployed yet.`}
        {value.source === 'demo' && ' Demo data.'}
      </Typography>
      {problems.length > 0 && (
        <List dense disablePadding>
          {problems.map(component => (
            // One line each where there is room, so a short card shows as many as it can.
            <ListItem
              key={component.entityRef}
              data-testid="red-now-item"
              disableGutters
            >
              <Box mr={1} flexShrink={0}>
                <StatusChip {...healthStatus[component.level]} />
              </Box>
              <div>
                <Typography variant="body2">
                  <Link
                    component={RouterLink}
                    to={entityPath(component.entityRef)}
                  >
                    {component.title}
                  </Link>
                  <Typography
                    component="span"
                    variant="body2"
                    color="textSecondary"
                  >
                    {' '}
                    {[component.reasons[0], component.owner?.onCallChannel]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography>
                </Typography>
                {component.correlations?.length ? (
                  <CorrelationSentence
                    correlation={component.correlations[0]}
                    timelinePath={entityPath(component.entityRef, 'timeline')}
                    more={component.correlations.length - 1}
                    variant="caption"
                  />
                ) : null}
              </div>
            </ListItem>
          ))}
        </List>
      )}
    </>
  );
}
