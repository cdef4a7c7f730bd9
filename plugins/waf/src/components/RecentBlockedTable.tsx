import { TableFilter } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  Identifier,
  OpsTable,
  OpsTableDetail,
  OpsTableColumn,
  StatusChip,
} from '@internal/backstage-plugin-aws-ops-react';
import { WafBlockedRequest } from '@internal/backstage-plugin-waf-common';

/** Host, rule group, request id and the headers the backend let through. */
function RequestDetail(props: { request: WafBlockedRequest }) {
  const { request } = props;
  return (
    <Box px={2} py={1}>
      <Typography variant="caption" component="div">
        {request.host && <>Host {request.host} · </>}
        {request.ruleGroup && <>Rule group {request.ruleGroup} · </>}
        {request.requestId && <>Request id {request.requestId}</>}
      </Typography>
      {/* A short name/value list, not a data table: no sorting or paging. */}
      <Table size="small" aria-label="Request headers">
        <TableBody>
          {request.headers.map(header => (
            <TableRow key={header.name}>
              <TableCell>
                <code>{header.name}</code>
              </TableCell>
              <TableCell style={{ wordBreak: 'break-all' }}>
                {header.value}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="caption" color="textSecondary">
        Only headers without credentials are shown; cookies, authorization and
        token headers never leave the backend.
      </Typography>
    </Box>
  );
}

const detail: OpsTableDetail<WafBlockedRequest> = {
  render: request => <RequestDetail request={request} />,
  toggleLabel: open => (open ? 'Hide request headers' : 'Show request headers'),
};

const requestTime = (request: WafBlockedRequest) => Date.parse(request.time);

const columns: OpsTableColumn<WafBlockedRequest>[] = [
  {
    title: 'Time',
    field: 'time',
    // newest first
    customSort: (a, b) => requestTime(b) - requestTime(a),
    render: request => new Date(request.time).toLocaleString('en-GB'),
  },
  { title: 'Method', field: 'method' },
  {
    title: 'URI',
    field: 'uri',
    cellStyle: { wordBreak: 'break-all', minWidth: 160 },
    render: request => (
      <code>
        {request.uri}
        {request.args ? `?${request.args}` : ''}
      </code>
    ),
  },
  {
    title: 'Rule',
    field: 'ruleId',
    render: row => <Identifier>{row.ruleId}</Identifier>,
  },
  {
    title: 'Action',
    field: 'action',
    render: request => <StatusChip level="error" label={request.action} />,
  },
  { title: 'Country', field: 'country' },
  {
    title: 'Client IP',
    field: 'clientIp',
    render: request => <code>{request.clientIp}</code>,
  },
];

const filters: TableFilter[] = [
  { column: 'Rule', type: 'multiple-select' },
  { column: 'Country', type: 'multiple-select' },
  { column: 'Method', type: 'select' },
];

const requestId = (request: WafBlockedRequest, index: number) =>
  request.requestId ?? `${request.time}#${index}`;

/** The component's latest blocked requests in the sample, newest first; a row opens to its headers. */
export function RecentBlockedTable(props: {
  requests: WafBlockedRequest[];
  /** What the sample is and where it stops. */
  caption: string;
}) {
  return (
    <>
      <Typography variant="h6">Recent blocked requests</Typography>
      <Typography
        variant="caption"
        color="textSecondary"
        component="p"
        data-testid="waf-sample-caption"
      >
        {props.caption}
      </Typography>
      {props.requests.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No blocked requests of this component in the sample.
        </Typography>
      ) : (
        <OpsTable
          label="Recent blocked requests"
          columns={columns}
          data={props.requests}
          rowId={requestId}
          detail={detail}
          search
          filters={filters}
        />
      )}
    </>
  );
}
