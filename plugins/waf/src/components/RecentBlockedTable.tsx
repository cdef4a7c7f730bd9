import { WafBlockedRequest } from '@internal/backstage-plugin-waf-common';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import KeyboardArrowDown from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowUp from '@material-ui/icons/KeyboardArrowUp';
import { StatusChip } from '@internal/backstage-plugin-aws-ops-react';
import { Fragment, useState } from 'react';

const COLUMNS = 8;

function BlockedRow(props: { request: WafBlockedRequest }) {
  const { request } = props;
  const [open, setOpen] = useState(false);
  return (
    <Fragment>
      <TableRow>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={open ? 'Hide request headers' : 'Show request headers'}
            onClick={() => setOpen(!open)}
          >
            {open ? <KeyboardArrowUp /> : <KeyboardArrowDown />}
          </IconButton>
        </TableCell>
        <TableCell>{new Date(request.time).toLocaleString('en-GB')}</TableCell>
        <TableCell>{request.method}</TableCell>
        <TableCell style={{ wordBreak: 'break-all' }}>
          <code>
            {request.uri}
            {request.args ? `?${request.args}` : ''}
          </code>
        </TableCell>
        <TableCell>
          <code>{request.ruleId}</code>
        </TableCell>
        <TableCell>
          <StatusChip level="error" label={request.action} />
        </TableCell>
        <TableCell>{request.country}</TableCell>
        <TableCell>
          <code>{request.clientIp}</code>
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell
          style={{ paddingTop: 0, paddingBottom: 0 }}
          colSpan={COLUMNS}
        >
          <Collapse in={open} timeout="auto" unmountOnExit>
            <Typography variant="caption" component="div">
              {request.host && <>Host {request.host} · </>}
              {request.ruleGroup && <>Rule group {request.ruleGroup} · </>}
              {request.requestId && <>Request id {request.requestId}</>}
            </Typography>
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
              Only headers without credentials are shown; cookies, authorization
              and token headers never leave the backend.
            </Typography>
          </Collapse>
        </TableCell>
      </TableRow>
    </Fragment>
  );
}

/** The most recent blocked requests, newest first; headers expand per row. */
export function RecentBlockedTable(props: { requests: WafBlockedRequest[] }) {
  return (
    <>
      <Typography variant="h6">Recent blocked requests</Typography>
      {props.requests.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No blocked requests in this window.
        </Typography>
      ) : (
        <Table size="small" aria-label="Recent blocked requests">
          <TableHead>
            <TableRow>
              <TableCell />
              <TableCell>Time</TableCell>
              <TableCell>Method</TableCell>
              <TableCell>URI</TableCell>
              <TableCell>Rule</TableCell>
              <TableCell>Action</TableCell>
              <TableCell>Country</TableCell>
              <TableCell>Client IP</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {props.requests.map((request, index) => (
              <BlockedRow
                key={`${request.requestId ?? ''}-${index}`}
                request={request}
              />
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
