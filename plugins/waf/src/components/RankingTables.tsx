import { SubvalueCell } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  Identifier,
  OpsTable,
  OpsTableColumn,
} from '@internal/backstage-plugin-aws-ops-react';
import {
  WafCounts,
  WafTopClientIp,
  WafTopCountry,
  WafTopRule,
} from '@internal/backstage-plugin-waf-common';

function countColumns<T extends WafCounts>(): OpsTableColumn<T>[] {
  return [
    { title: 'Blocked', field: 'blocked', type: 'numeric' },
    { title: 'Counted', field: 'counted', type: 'numeric' },
    { title: 'Allowed', field: 'allowed', type: 'numeric' },
    { title: 'CAPTCHA', field: 'captcha', type: 'numeric' },
    { title: 'Challenge', field: 'challenge', type: 'numeric' },
  ];
}

/** A ranking as the backend orders it, sortable by any column. */
function RankingTable<T extends object>(props: {
  title: string;
  caption?: string;
  rows: T[];
  columns: OpsTableColumn<T>[];
  rowId: (row: T) => string;
}) {
  return (
    <>
      <Typography variant="h6">{props.title}</Typography>
      {props.caption && (
        <Typography variant="caption" color="textSecondary" component="p">
          {props.caption}
        </Typography>
      )}
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
        <Typography variant="caption" display="block">
          metric {row.metricName}
          {row.ruleGroup && <> · group {row.ruleGroup}</>}
          {row.kind === 'GROUP_COUNT' && <> · overridden to count</>}
        </Typography>
      </>
    ),
  },
  ...countColumns<WafTopRule>(),
];
const ruleId = (row: WafTopRule) => row.ruleId;

/** The web ACL's rules with their AWS/WAFV2 sums: all traffic of the web ACL. */
export function TopRulesTable(props: { rules: WafTopRule[] }) {
  return (
    <RankingTable
      title="Top rules"
      caption="AWS/WAFV2 rule metrics over the window: the whole web ACL, every component behind it."
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
  { title: 'Blocked', field: 'blocked', type: 'numeric' },
];
const clientIpId = (row: WafTopClientIp) => row.clientIp;

export function TopClientIpsTable(props: {
  clientIps: WafTopClientIp[];
  caption: string;
}) {
  return (
    <RankingTable
      title="Top client IPs"
      caption={props.caption}
      rows={props.clientIps}
      rowId={clientIpId}
      columns={clientIpColumns}
    />
  );
}

const countryColumns: OpsTableColumn<WafTopCountry>[] = [
  { title: 'Country', field: 'country' },
  { title: 'Blocked', field: 'blocked', type: 'numeric' },
];
const countryId = (row: WafTopCountry) => row.country;

export function TopCountriesTable(props: {
  countries: WafTopCountry[];
  caption: string;
}) {
  return (
    <RankingTable
      title="Top countries"
      caption={props.caption}
      rows={props.countries}
      rowId={countryId}
      columns={countryColumns}
    />
  );
}
