import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  FINDING_SEVERITIES,
  StoreFinding,
} from '@internal/backstage-plugin-access-audit-common';
import Typography from '@material-ui/core/Typography';
import { Fragment } from 'react';
import { SeverityChip } from './FindingsTable';
import { entityRefOf } from './storeFindings';

/**
 * Material-table breaks cell text anywhere (`word-break: break-word`), which
 * cut "Team Commerce" into "Team Commer/ce" once the table was squeezed to
 * fit: words stay whole, and long names break at their separators instead.
 * Narrower side padding leaves the evidence room at 1440 px.
 */
const CELL = {
  wordBreak: 'normal',
  paddingLeft: 12,
  paddingRight: 12,
} as const;
const ONE_LINE = { ...CELL, whiteSpace: 'nowrap' } as const;

/**
 * `inbestment/cart-service/db-credentials` or `secretsmanager:GetSecretValue`
 * may break after a slash or colon, never inside a word.
 */
function BreakAtSeparators({ text: value }: { text: string }) {
  const parts = value.split(/(?<=[/:])/);
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}

const text = (value: string | undefined) => value ?? '';
const byText =
  (field: (finding: StoreFinding) => string | undefined) =>
  (a: StoreFinding, b: StoreFinding) =>
    text(field(a)).localeCompare(text(field(b)), 'en');

const COLUMNS: TableColumn<StoreFinding>[] = [
  {
    title: 'Severity',
    // Ascending is most severe first.
    customSort: (a, b) =>
      FINDING_SEVERITIES.indexOf(a.severity) -
      FINDING_SEVERITIES.indexOf(b.severity),
    cellStyle: ONE_LINE,
    render: finding => <SeverityChip severity={finding.severity} />,
  },
  {
    title: 'Finding',
    customSort: byText(f => f.title),
    cellStyle: { ...CELL, minWidth: 140 },
    render: finding => finding.title,
  },
  {
    title: 'Evidence',
    sorting: false,
    // An ARN without separators still wraps rather than widen the table.
    cellStyle: { ...CELL, overflowWrap: 'anywhere', minWidth: 220 },
    render: finding => (
      <Typography variant="body2">
        <BreakAtSeparators text={finding.evidence} />
      </Typography>
    ),
  },
  {
    title: 'Component',
    customSort: byText(f => f.entityTitle ?? f.entityRef),
    cellStyle: CELL,
    render: finding => (
      <EntityRefLink
        entityRef={finding.entityRef}
        title={finding.entityTitle}
      />
    ),
  },
  {
    title: 'Owner',
    customSort: byText(f => f.owner),
    cellStyle: CELL,
    render: finding => {
      const owner = entityRefOf(finding.owner, 'group');
      return owner ? (
        <EntityRefLink entityRef={owner} defaultKind="group" />
      ) : (
        '–'
      );
    },
  },
  {
    title: 'Secret',
    customSort: byText(f => f.secretName),
    cellStyle: CELL,
    render: finding =>
      finding.secretName ? (
        <code style={{ whiteSpace: 'nowrap' }}>
          <BreakAtSeparators text={finding.secretName} />
        </code>
      ) : (
        '–'
      ),
  },
  {
    title: 'Environment',
    customSort: byText(f => f.environment),
    cellStyle: CELL,
    // The account and region under the environment, one per line: narrow.
    render: finding => (
      <>
        {finding.environment}
        <Typography variant="caption" display="block" color="textSecondary">
          {finding.accountId}
          <br />
          {finding.region}
        </Typography>
      </>
    ),
  },
];
// Headings never wrap, let alone mid-word.
const columns = COLUMNS.map(column => ({ ...column, headerStyle: ONE_LINE }));

/** The store-wide findings: paged and sortable, most severe first until a column is sorted. */
export function StoreFindingsTable(props: { findings: StoreFinding[] }) {
  return (
    <Table<StoreFinding>
      columns={columns}
      data={props.findings}
      options={{
        toolbar: false,
        search: false,
        draggable: false,
        padding: 'dense',
        paging: true,
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        emptyRowsWhenPaging: false,
        thirdSortClick: true,
        // A newly sorted column starts ascending: worst or most severe first.
        keepSortDirectionOnColumnSwitch: false,
      }}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          No finding matches these filters.
        </Typography>
      }
    />
  );
}
