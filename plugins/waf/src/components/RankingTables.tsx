import {
  WafCounts,
  WafRuleMetric,
  WafTopClientIp,
  WafTopCountry,
  WafTopRule,
} from '@internal/backstage-plugin-waf-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

interface Column<T> {
  title: string;
  render: (row: T) => ReactNode;
}

const countColumns = <T extends WafCounts>(): Column<T>[] => [
  { title: 'Blocked', render: row => row.blocked },
  { title: 'Allowed', render: row => row.allowed },
  { title: 'Counted', render: row => row.counted },
];

function RankingTable<T>(props: {
  title: string;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
}) {
  return (
    <>
      <Typography variant="h6">{props.title}</Typography>
      {props.rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None in this window.
        </Typography>
      ) : (
        <Table size="small" aria-label={props.title}>
          <TableHead>
            <TableRow>
              {props.columns.map(column => (
                <TableCell key={column.title}>{column.title}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {props.rows.map(row => (
              <TableRow key={props.rowKey(row)}>
                {props.columns.map(column => (
                  <TableCell key={column.title}>{column.render(row)}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

export function TopRulesTable(props: { rules: WafTopRule[] }) {
  return (
    <RankingTable
      title="Top rules"
      rows={props.rules}
      rowKey={row => row.ruleId}
      columns={[
        {
          title: 'Rule',
          render: row => (
            <>
              <code>{row.ruleId}</code>
              {row.ruleGroup && (
                <Typography variant="caption" display="block">
                  in {row.ruleGroup}
                </Typography>
              )}
            </>
          ),
        },
        ...countColumns<WafTopRule>(),
      ]}
    />
  );
}

export function TopClientIpsTable(props: { clientIps: WafTopClientIp[] }) {
  return (
    <RankingTable
      title="Top client IPs"
      rows={props.clientIps}
      rowKey={row => row.clientIp}
      columns={[
        { title: 'Client IP', render: row => <code>{row.clientIp}</code> },
        { title: 'Country', render: row => row.country },
        ...countColumns<WafTopClientIp>(),
      ]}
    />
  );
}

export function TopCountriesTable(props: { countries: WafTopCountry[] }) {
  return (
    <RankingTable
      title="Top countries"
      rows={props.countries}
      rowKey={row => row.country}
      columns={[
        { title: 'Country', render: row => row.country },
        ...countColumns<WafTopCountry>(),
      ]}
    />
  );
}

/** AWS/WAFV2 totals: the whole web ACL, every component behind it. */
export function RuleMetricsTable(props: { metrics: WafRuleMetric[] }) {
  return (
    <RankingTable
      title="Web ACL rule totals (AWS/WAFV2 metrics, all traffic of the web ACL)"
      rows={props.metrics}
      rowKey={row => row.rule}
      columns={[
        { title: 'Rule', render: row => <code>{row.rule}</code> },
        ...countColumns<WafRuleMetric>(),
      ]}
    />
  );
}
