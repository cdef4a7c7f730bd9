import { SubvalueCell } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  Identifier,
  OpsTable,
  OpsTableColumn,
} from '@internal/backstage-plugin-aws-ops-react';
import {
  WafCounts,
  WafRuleMetric,
  WafTopClientIp,
  WafTopCountry,
  WafTopRule,
} from '@internal/backstage-plugin-waf-common';

function countColumns<T extends WafCounts>(): OpsTableColumn<T>[] {
  return [
    { title: 'Blocked', field: 'blocked', type: 'numeric' },
    { title: 'Allowed', field: 'allowed', type: 'numeric' },
    { title: 'Counted', field: 'counted', type: 'numeric' },
  ];
}

/** A ranking as the backend orders it (most requests first), sortable by any column. */
function RankingTable<T extends WafCounts>(props: {
  title: string;
  rows: T[];
  columns: OpsTableColumn<T>[];
  rowId: (row: T) => string;
}) {
  return (
    <>
      <Typography variant="h6">{props.title}</Typography>
      {props.rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None in this window.
        </Typography>
      ) : (
        <OpsTable
          label={props.title}
          columns={props.columns}
          data={props.rows}
          rowId={props.rowId}
        />
      )}
    </>
  );
}

const ruleColumns: OpsTableColumn<WafTopRule>[] = [
  {
    title: 'Rule',
    field: 'ruleId',
    render: row => (
      <>
        <Identifier>{row.ruleId}</Identifier>
        {row.ruleGroup && (
          <Typography variant="caption" display="block">
            in {row.ruleGroup}
          </Typography>
        )}
      </>
    ),
  },
  ...countColumns<WafTopRule>(),
];
const ruleId = (row: WafTopRule) => `${row.ruleGroup ?? ''}/${row.ruleId}`;

export function TopRulesTable(props: { rules: WafTopRule[] }) {
  return (
    <RankingTable
      title="Top rules"
      rows={props.rules}
      rowId={ruleId}
      columns={ruleColumns}
    />
  );
}

const clientIpColumns: OpsTableColumn<WafTopClientIp>[] = [
  {
    title: 'Client IP',
    field: 'clientIp',
    render: row => (
      <SubvalueCell
        value={<code style={{ whiteSpace: 'nowrap' }}>{row.clientIp}</code>}
        subvalue={row.country}
      />
    ),
  },
  ...countColumns<WafTopClientIp>(),
];
const clientIpId = (row: WafTopClientIp) => row.clientIp;

export function TopClientIpsTable(props: { clientIps: WafTopClientIp[] }) {
  return (
    <RankingTable
      title="Top client IPs"
      rows={props.clientIps}
      rowId={clientIpId}
      columns={clientIpColumns}
    />
  );
}

const countryColumns: OpsTableColumn<WafTopCountry>[] = [
  { title: 'Country', field: 'country' },
  ...countColumns<WafTopCountry>(),
];
const countryId = (row: WafTopCountry) => row.country;

export function TopCountriesTable(props: { countries: WafTopCountry[] }) {
  return (
    <RankingTable
      title="Top countries"
      rows={props.countries}
      rowId={countryId}
      columns={countryColumns}
    />
  );
}

const ruleMetricColumns: OpsTableColumn<WafRuleMetric>[] = [
  {
    title: 'Rule',
    field: 'rule',
    render: row => <Identifier>{row.rule}</Identifier>,
  },
  ...countColumns<WafRuleMetric>(),
];
const ruleMetricId = (row: WafRuleMetric) => row.rule;

/** AWS/WAFV2 totals: the whole web ACL, every component behind it. */
export function RuleMetricsTable(props: { metrics: WafRuleMetric[] }) {
  return (
    <RankingTable
      title="Web ACL rule totals (AWS/WAFV2 metrics, all traffic of the web ACL)"
      rows={props.metrics}
      rowId={ruleMetricId}
      columns={ruleMetricColumns}
    />
  );
}
