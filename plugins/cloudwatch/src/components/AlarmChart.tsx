import { useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { AlarmSeries } from '@internal/backstage-plugin-cloudwatch-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

function timeLabel(time: number, spanMs: number): string {
  const date = new Date(time);
  return spanMs > 24 * 3600_000
    ? date.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric' })
    : date.toLocaleTimeString(undefined, {
        hour: '2-digit',
        minute: '2-digit',
      });
}

/** `60` -> `1 min`, `300` -> `5 min`, `3600` -> `1 h`, `10` -> `10 s`. */
export function formatPeriod(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/**
 * What each point is: the alarm's statistic per its period (what it compares
 * with the threshold), or per a multiple of it on long windows.
 */
export function chartBasis(series: AlarmSeries): string {
  const of = series.expression ? ` of ${series.expression}` : '';
  const basis = `${series.statistic}${of} per ${formatPeriod(series.period)}`;
  if (series.period === series.alarmPeriod) return basis;
  return series.perAlarmPeriod
    ? `${basis}, averaged per ${formatPeriod(
        series.alarmPeriod,
      )} (the alarm's period)`
    : `${basis} (the alarm evaluates per ${formatPeriod(series.alarmPeriod)})`;
}

/** The alarm's metric over the window, with its threshold as a dashed line. */
export function AlarmChart(props: {
  series: AlarmSeries;
  threshold?: number;
  breaching: boolean;
}) {
  const theme = useTheme();
  const { series, threshold, breaching } = props;
  if (series.values.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No datapoints in this window.
      </Typography>
    );
  }
  const data = series.timestamps.map((timestamp, i) => ({
    time: Date.parse(timestamp),
    value: series.values[i],
  }));
  const spanMs = data[data.length - 1].time - data[0].time;
  const maxValue = Math.max(...series.values, threshold ?? -Infinity);
  return (
    <div data-testid="metric-chart" style={{ width: '100%', height: 116 }}>
      <Typography
        variant="caption"
        color="textSecondary"
        data-testid="metric-chart-basis"
      >
        {chartBasis(series)}
      </Typography>
      <div style={{ width: '100%', height: 100 }}>
        <ResponsiveContainer>
          <LineChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="time"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={time => timeLabel(time, spanMs)}
              fontSize={11}
            />
            <YAxis
              domain={[0, Math.ceil(maxValue * 1.1)]}
              fontSize={11}
              width={48}
            />
            <Tooltip
              labelFormatter={time => new Date(Number(time)).toLocaleString()}
            />
            <Line
              type="monotone"
              dataKey="value"
              dot={false}
              isAnimationActive={false}
              stroke={
                breaching
                  ? theme.palette.error.main
                  : theme.palette.primary.main
              }
            />
            {threshold !== undefined && (
              <ReferenceLine
                y={threshold}
                stroke={theme.palette.warning.main}
                strokeDasharray="6 3"
                label={{
                  value: `threshold ${threshold}`,
                  fontSize: 11,
                  position: 'insideTopRight',
                }}
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
