import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import {
  formatAge,
  StatusChip,
} from '@internal/backstage-plugin-aws-ops-react';
import { Alarm } from '@internal/backstage-plugin-cloudwatch-common';
import { AlarmChart } from './AlarmChart';
import { comparisonText, stateLevel } from './levels';

function Detail(props: { label: string; children: React.ReactNode }) {
  return (
    <Typography variant="body2" component="div">
      <Typography variant="body2" component="span" color="textSecondary">
        {props.label}:{' '}
      </Typography>
      {props.children}
    </Typography>
  );
}

/** One alarm: state, reason, last change, what it watches and its chart. */
export function AlarmCard(props: { alarm: Alarm }) {
  const { alarm } = props;
  return (
    <Paper
      variant="outlined"
      data-testid={`alarm-${alarm.name}-${alarm.environment}`}
    >
      <Box p={2}>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
        >
          <StatusChip level={stateLevel[alarm.state]} label={alarm.state} />
          <Typography variant="subtitle1" component="h3">
            <Link to={alarm.consoleUrl} title="Open in the AWS console">
              {alarm.name}
            </Link>
          </Typography>
          <StatusChip level="neutral" label={alarm.environment} />
          {alarm.type === 'composite' && (
            <StatusChip level="neutral" label="composite" />
          )}
          <Typography variant="caption" color="textSecondary">
            since {formatAge(alarm.stateUpdatedAt)} ago (
            {new Date(alarm.stateUpdatedAt).toLocaleString()})
          </Typography>
        </Box>
        {alarm.description && (
          <Typography variant="body2" color="textSecondary">
            {alarm.description}
          </Typography>
        )}
        <Typography variant="body2" style={{ margin: '8px 0' }}>
          {alarm.stateReason}
        </Typography>
        {alarm.type === 'composite' ? (
          <Detail label="Rule">
            <code>{alarm.rule}</code>
          </Detail>
        ) : (
          <>
            {alarm.metric && (
              <Detail label="Metric">
                <code>
                  {alarm.metric.namespace} {alarm.metric.name}
                </code>
                {Object.entries(alarm.metric.dimensions).map(
                  ([name, value]) => (
                    <span key={name}>
                      {' '}
                      · {name}=<code>{value}</code>
                    </span>
                  ),
                )}
              </Detail>
            )}
            {alarm.expression && (
              <Detail label="Expression">
                <code>{alarm.expression}</code>
              </Detail>
            )}
            <Detail label="Condition">
              {alarm.metric
                ? `${alarm.metric.statistic} over ${alarm.metric.period} s `
                : ''}
              {comparisonText(alarm.comparisonOperator, alarm.threshold)} for{' '}
              {alarm.datapointsToAlarm ?? alarm.evaluationPeriods} of{' '}
              {alarm.evaluationPeriods} periods
              {alarm.treatMissingData
                ? ` · missing data: ${alarm.treatMissingData}`
                : ''}
            </Detail>
            {alarm.series && (
              <AlarmChart
                series={alarm.series}
                threshold={alarm.threshold}
                breaching={alarm.state === 'ALARM'}
              />
            )}
            {alarm.metric && !alarm.series && (
              <Typography variant="body2" color="error">
                Metric data not available (see the errors above).
              </Typography>
            )}
          </>
        )}
      </Box>
    </Paper>
  );
}
