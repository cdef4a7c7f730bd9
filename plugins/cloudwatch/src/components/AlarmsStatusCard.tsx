import { InfoCard, Link, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  DemoDataBanner,
  formatAge,
  StatusChip,
  UpdatedAgo,
} from '@internal/backstage-plugin-aws-ops-react';
import { ALARM_STATE_ORDER } from '@internal/backstage-plugin-cloudwatch-common';
import { stateLevel } from './levels';
import { LoadError } from './LoadError';
import { useEntityAlarms } from './useEntityAlarms';

/** Overview card: alarms per state and the ones firing now. */
export function AlarmsStatusCard() {
  const { value, error } = useEntityAlarms('1h');
  let content;
  if (!value) {
    content = error ? <LoadError error={error} /> : <Progress />;
  } else {
    const firing = value.alarms.filter(alarm => alarm.state === 'ALARM');
    content = (
      <>
        <DemoDataBanner source={value.source} />
        <Box
          display="flex"
          style={{ gap: 8 }}
          my={1}
          data-testid="alarm-counts"
        >
          {value.alarms.length === 0 && (
            <Typography variant="body2">
              No alarms linked (see the Alarms tab).
            </Typography>
          )}
          {ALARM_STATE_ORDER.map(state => {
            const count = value.alarms.filter(a => a.state === state).length;
            return count > 0 ? (
              <StatusChip
                key={state}
                level={stateLevel[state]}
                label={`${count} ${state}`}
              />
            ) : null;
          })}
        </Box>
        {firing.map(alarm => (
          <Box key={`${alarm.environment}/${alarm.arn}`} my={0.5}>
            <Typography variant="body2">
              <Link to={alarm.consoleUrl}>{alarm.name}</Link> ·{' '}
              {alarm.environment} · since {formatAge(alarm.stateUpdatedAt)}
            </Typography>
          </Box>
        ))}
        {value.errors.length > 0 && (
          <Typography variant="body2" color="error">
            {value.errors.length} part(s) could not be loaded; see the Alarms
            tab.
          </Typography>
        )}
        <UpdatedAgo fetchedAt={value.fetchedAt} stale={value.stale} />
      </>
    );
  }
  return (
    <Box data-testid="alarms-card">
      <InfoCard title="CloudWatch alarms">{content}</InfoCard>
    </Box>
  );
}
