import { Link, TableFilter } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  formatAge,
  Identifier,
  OpsTable,
  OpsTableColumn,
  StatusChip,
} from '@internal/backstage-plugin-aws-ops-react';
import {
  Alarm,
  ALARM_STATE_ORDER,
  MetricAlarm,
} from '@internal/backstage-plugin-cloudwatch-common';
import { ReactNode } from 'react';
import { AlarmChart } from './AlarmChart';
import { comparisonText, stateLevel } from './levels';

function Detail(props: { label: string; children: ReactNode }) {
  return (
    <Typography variant="body2" component="div">
      <Typography variant="body2" component="span" color="textSecondary">
        {props.label}:{' '}
      </Typography>
      {props.children}
    </Typography>
  );
}

/** What a metric alarm watches and when it fires. */
function MetricCondition(props: { alarm: MetricAlarm }) {
  const { alarm } = props;
  return (
    <>
      {alarm.metric && (
        <Detail label="Metric">
          <Identifier>{alarm.metric.namespace}</Identifier>{' '}
          <Identifier>{alarm.metric.name}</Identifier>
          {Object.entries(alarm.metric.dimensions).map(([name, value]) => (
            <span key={name}>
              {' '}
              · {name}=<Identifier>{value}</Identifier>
            </span>
          ))}
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
    </>
  );
}

function MetricCell(props: { alarm: Alarm }) {
  const { alarm } = props;
  if (alarm.type === 'composite') {
    return (
      <Typography variant="body2" color="textSecondary">
        composite: no metric of its own
      </Typography>
    );
  }
  if (alarm.series) {
    return (
      <AlarmChart
        series={alarm.series}
        threshold={alarm.threshold}
        breaching={alarm.state === 'ALARM'}
      />
    );
  }
  return alarm.metric ? (
    <Typography variant="body2" color="error">
      Metric data not available (see the errors above).
    </Typography>
  ) : null;
}

const stateRank = (alarm: Alarm) => ALARM_STATE_ORDER.indexOf(alarm.state);
const changedAt = (alarm: Alarm) => Date.parse(alarm.stateUpdatedAt);

const columns: OpsTableColumn<Alarm>[] = [
  {
    title: 'State',
    field: 'state',
    customSort: (a, b) => stateRank(a) - stateRank(b),
    render: alarm => (
      <StatusChip level={stateLevel[alarm.state]} label={alarm.state} />
    ),
  },
  {
    title: 'Alarm',
    field: 'name',
    cellStyle: { minWidth: 200 },
    render: alarm => (
      <Box data-testid={`alarm-${alarm.name}-${alarm.environment}`}>
        <Link to={alarm.consoleUrl} title="Open in the AWS console">
          {alarm.name}
        </Link>
        {alarm.type === 'composite' && (
          <Box component="span" ml={1}>
            <StatusChip level="neutral" label="composite" />
          </Box>
        )}
        {alarm.description && (
          <Typography variant="caption" color="textSecondary" display="block">
            {alarm.description}
          </Typography>
        )}
      </Box>
    ),
  },
  { title: 'Environment', field: 'environment' },
  {
    title: 'Since',
    field: 'stateUpdatedAt',
    // the most recent change first
    customSort: (a, b) => changedAt(b) - changedAt(a),
    render: alarm => (
      <span title={new Date(alarm.stateUpdatedAt).toLocaleString()}>
        {formatAge(alarm.stateUpdatedAt)} ago
      </span>
    ),
  },
  {
    title: 'Reason and condition',
    field: 'stateReason',
    sorting: false,
    cellStyle: { minWidth: 260 },
    render: alarm => (
      <>
        <Typography variant="body2" gutterBottom>
          {alarm.stateReason}
        </Typography>
        {alarm.type === 'composite' ? (
          <Detail label="Rule">
            <code>{alarm.rule}</code>
          </Detail>
        ) : (
          <MetricCondition alarm={alarm} />
        )}
      </>
    ),
  },
  {
    title: 'Metric',
    sorting: false,
    searchable: false,
    cellStyle: { width: 300, minWidth: 240 },
    render: alarm => <MetricCell alarm={alarm} />,
  },
];

const filters: TableFilter[] = [
  { column: 'State', type: 'multiple-select' },
  { column: 'Environment', type: 'select' },
];

const alarmId = (alarm: Alarm) => `${alarm.environment}/${alarm.arn}`;

/** Every linked alarm, worst first as the backend orders them; sortable and filterable. */
export function AlarmsTable(props: { alarms: Alarm[] }) {
  return (
    <OpsTable
      label="Alarms"
      columns={columns}
      data={props.alarms}
      rowId={alarmId}
      search
      filters={filters}
      pageSize={20}
    />
  );
}
