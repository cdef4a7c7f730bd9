import { Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  DemoDataBanner,
  ErrorsPanel,
  UpdatedAgo,
} from '@internal/backstage-plugin-aws-ops-react';
import {
  ALARM_WINDOWS,
  AlarmWindow,
  DEFAULT_ALARM_WINDOW,
} from '@internal/backstage-plugin-cloudwatch-common';
import { useState } from 'react';
import { AlarmsTable } from './AlarmsTable';
import { LoadError } from './LoadError';
import { EmptyAlarms } from './EmptyAlarms';
import { useEntityAlarms } from './useEntityAlarms';

/** The Alarms tab: every linked alarm, worst first, with its metric chart. */
export function AlarmsContent() {
  const [window, setWindow] = useState<AlarmWindow>(DEFAULT_ALARM_WINDOW);
  const { value, error, loading } = useEntityAlarms(window);
  if (!value) {
    return error ? <LoadError error={error} /> : <Progress />;
  }
  const skipped = value.skipped.alarms + value.skipped.datapoints;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <DemoDataBanner source={value.source} />
        <Box
          display="flex"
          justifyContent="space-between"
          alignItems="center"
          flexWrap="wrap"
          mt={1}
          style={{ gap: 8 }}
        >
          <ToggleButtonGroup
            size="small"
            exclusive
            value={window}
            onChange={(_, next) => next && setWindow(next)}
            aria-label="chart window"
          >
            {ALARM_WINDOWS.map(option => (
              <ToggleButton key={option} value={option} aria-label={option}>
                {option}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          <UpdatedAgo
            fetchedAt={value.fetchedAt}
            refreshing={loading}
            stale={value.stale}
          />
        </Box>
        {error && (
          <LoadError
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
      {value.alarms.length === 0 && value.errors.length === 0 && (
        <Grid item xs={12}>
          <EmptyAlarms linking={value.linking} />
        </Grid>
      )}
      {value.alarms.length > 0 && (
        <Grid item xs={12}>
          <AlarmsTable alarms={value.alarms} />
        </Grid>
      )}
      {skipped > 0 && (
        <Grid item xs={12}>
          <Typography variant="caption" color="textSecondary">
            Left out: {value.skipped.alarms} alarm(s) in a shape that could not
            be read, {value.skipped.datapoints} unreadable datapoint(s).
          </Typography>
        </Grid>
      )}
    </Grid>
  );
}
