import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  StatusChip,
  formatAge,
} from '@internal/backstage-plugin-aws-ops-react';
import { EksPod } from '@internal/backstage-plugin-eks-common';
import { podLevel } from './levels';

export function PodTable(props: { pods: EksPod[]; currentRevision?: string }) {
  return (
    <Table size="small" aria-label="pods">
      <TableHead>
        <TableRow>
          <TableCell>Pod</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>Restarts</TableCell>
          <TableCell>Last termination</TableCell>
          <TableCell>Node</TableCell>
          <TableCell>Age</TableCell>
          <TableCell>Revision</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.pods.map(pod => (
          <TableRow key={pod.name}>
            <TableCell>
              <code>{pod.name}</code>
            </TableCell>
            <TableCell>
              <StatusChip
                level={podLevel(pod)}
                label={pod.status}
                title={`phase ${pod.phase}`}
              />
            </TableCell>
            <TableCell>
              {pod.readyContainers}/{pod.totalContainers}
            </TableCell>
            <TableCell>{pod.restarts}</TableCell>
            <TableCell>{pod.lastTerminationReason ?? '-'}</TableCell>
            <TableCell>{pod.node ?? '-'}</TableCell>
            <TableCell>{formatAge(pod.createdAt)}</TableCell>
            <TableCell>
              {pod.revision}
              {pod.revision !== props.currentRevision ? ' (old)' : ''}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
