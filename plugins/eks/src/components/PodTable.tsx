import {
  formatAge,
  OpsTable,
  OpsTableColumn,
  StatusChip,
} from '@internal/backstage-plugin-aws-ops-react';
import { EksPod } from '@internal/backstage-plugin-eks-common';
import { useMemo } from 'react';
import { podLevel } from './levels';

/** Failing pods sort first when sorting by status. */
const LEVEL_ORDER = ['error', 'pending', 'warning', 'neutral', 'ok'];
const levelRank = (pod: EksPod) => LEVEL_ORDER.indexOf(podLevel(pod));
const readyShare = (pod: EksPod) =>
  pod.totalContainers ? pod.readyContainers / pod.totalContainers : 1;
const createdTime = (pod: EksPod) =>
  pod.createdAt ? Date.parse(pod.createdAt) : 0;

const podId = (pod: EksPod) => pod.name;

function columns(currentRevision?: string): OpsTableColumn<EksPod>[] {
  return [
    {
      title: 'Pod',
      field: 'name',
      cellStyle: { whiteSpace: 'nowrap' },
      render: pod => <code>{pod.name}</code>,
    },
    {
      title: 'Status',
      field: 'status',
      customSort: (a, b) => levelRank(a) - levelRank(b),
      render: pod => (
        <StatusChip
          level={podLevel(pod)}
          label={pod.status}
          title={`phase ${pod.phase}`}
        />
      ),
    },
    {
      title: 'Ready',
      field: 'readyContainers',
      customSort: (a, b) => readyShare(a) - readyShare(b),
      render: pod => `${pod.readyContainers}/${pod.totalContainers}`,
    },
    { title: 'Restarts', field: 'restarts', type: 'numeric' },
    {
      title: 'Last termination',
      field: 'lastTerminationReason',
      emptyValue: '-',
    },
    {
      title: 'Node',
      field: 'node',
      cellStyle: { whiteSpace: 'nowrap' },
      // EC2 node names repeat the region's domain: the host part tells them apart
      render: pod =>
        pod.node ? <span title={pod.node}>{pod.node.split('.')[0]}</span> : '-',
    },
    {
      title: 'Age',
      field: 'createdAt',
      // the youngest pod first: ascending age is descending creation time
      customSort: (a, b) => createdTime(b) - createdTime(a),
      render: pod => formatAge(pod.createdAt),
    },
    {
      title: 'Revision',
      field: 'revision',
      render: pod =>
        `${pod.revision ?? '-'}${
          pod.revision !== currentRevision ? ' (old)' : ''
        }`,
    },
  ];
}

/** A Deployment's pods: sortable, paged beyond an autoscaler's usual maximum. */
export function PodTable(props: { pods: EksPod[]; currentRevision?: string }) {
  const { currentRevision } = props;
  const podColumns = useMemo(() => columns(currentRevision), [currentRevision]);
  return (
    <OpsTable
      label="pods"
      columns={podColumns}
      data={props.pods}
      rowId={podId}
      pageSize={20}
      emptyContent="No pods."
    />
  );
}
