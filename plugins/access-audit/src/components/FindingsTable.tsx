import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  Finding,
  FindingSeverity,
} from '@internal/backstage-plugin-access-audit-common';
import {
  StatusChip,
  StatusLevel,
} from '@internal/backstage-plugin-aws-ops-react';

const SEVERITY_LEVEL: Record<FindingSeverity, StatusLevel> = {
  high: 'error',
  medium: 'warning',
  low: 'pending',
};

export function SeverityChip(props: { severity: FindingSeverity }) {
  return (
    <StatusChip level={SEVERITY_LEVEL[props.severity]} label={props.severity} />
  );
}

/** One component's findings with their evidence (the store-wide page has `StoreFindingsTable`). */
export function FindingsTable(props: { findings: Finding[] }) {
  const { findings } = props;
  if (findings.length === 0) {
    return <Typography variant="body2">No findings.</Typography>;
  }
  return (
    <Table size="small" aria-label="Findings">
      <TableHead>
        <TableRow>
          <TableCell>Severity</TableCell>
          <TableCell>Finding</TableCell>
          <TableCell>Evidence</TableCell>
          <TableCell>Secret</TableCell>
          <TableCell>Environment</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {findings.map(finding => (
          <TableRow key={`${finding.entityRef}|${finding.id}`}>
            <TableCell>
              <SeverityChip severity={finding.severity} />
            </TableCell>
            <TableCell>{finding.title}</TableCell>
            <TableCell>
              <Typography variant="body2">{finding.evidence}</Typography>
            </TableCell>
            <TableCell>
              <code>{finding.secretName}</code>
            </TableCell>
            <TableCell>
              {finding.environment} · {finding.accountId}/{finding.region}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
