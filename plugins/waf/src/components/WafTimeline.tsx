import {
  WafSeriesBucket,
  WafWindow,
} from '@internal/backstage-plugin-waf-common';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export type TimelineMode = 'action' | 'rule';

const RULE_COLOURS = [
  '#c62828',
  '#ef6c00',
  '#6a1b9a',
  '#ad1457',
  '#4e342e',
  '#283593',
  '#00838f',
  '#9e9d24',
];

function timeLabel(iso: string, window: WafWindow): string {
  const date = new Date(iso);
  const time = date.toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });
  return window === '24h' && date.getHours() === 0 && date.getMinutes() === 0
    ? date.toLocaleDateString('en-GB')
    : time;
}

/**
 * Requests over time, stacked by action (allowed / blocked / counted), or
 * the web ACL's blocked requests by the rule that blocked them (rule
 * metrics cannot be split by component).
 */
export function WafTimeline(props: {
  series: WafSeriesBucket[];
  window: WafWindow;
  mode: TimelineMode;
}) {
  const theme = useTheme();
  const { series, window, mode } = props;
  const blockingRules = [
    ...new Set(
      series.flatMap(b => b.byRule.filter(r => r.blocked).map(r => r.ruleId)),
    ),
  ];
  const bars =
    mode === 'action'
      ? [
          {
            dataKey: 'allowed',
            name: 'Allowed',
            stackId: 'requests',
            fill: theme.palette.success.main,
          },
          {
            dataKey: 'blocked',
            name: 'Blocked',
            stackId: 'requests',
            fill: theme.palette.error.main,
          },
          // Counted requests are also allowed or blocked: drawn apart, not stacked.
          {
            dataKey: 'counted',
            name: 'Counted (also in allowed/blocked)',
            stackId: undefined,
            fill: theme.palette.warning.main,
          },
        ]
      : blockingRules.map((ruleId, index) => ({
          dataKey: ruleId,
          name: ruleId,
          stackId: 'blocked',
          fill: RULE_COLOURS[index % RULE_COLOURS.length],
        }));
  const data = series.map(bucket => ({
    label: timeLabel(bucket.start, window),
    allowed: bucket.allowed,
    blocked: bucket.blocked,
    counted: bucket.counted,
    ...Object.fromEntries(
      bucket.byRule.filter(r => r.blocked).map(r => [r.ruleId, r.blocked]),
    ),
  }));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={data} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" minTickGap={24} />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        {bars.map(bar => (
          <Bar key={bar.dataKey} {...bar} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
