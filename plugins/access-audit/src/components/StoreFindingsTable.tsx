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

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** `inbestment/cart-service/db-credentials` may break after a slash, never inside a word. */
function SecretName({ name }: { name: string }) {
  const parts = name.split('/');
  return (
    <code style={NO_WRAP}>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && (
            <>
              /<wbr />
            </>
          )}
        </Fragment>
      ))}
    </code>
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
    cellStyle: NO_WRAP,
    render: finding => <SeverityChip severity={finding.severity} />,
  },
  {
    title: 'Finding',
    customSort: byText(f => f.title),
    cellStyle: { minWidth: 160 },
    render: finding => finding.title,
  },
  {
    title: 'Evidence',
    sorting: false,
    cellStyle: { minWidth: 240 },
    render: finding => (
      <Typography variant="body2">{finding.evidence}</Typography>
    ),
  },
  {
    title: 'Component',
    customSort: byText(f => f.entityTitle ?? f.entityRef),
    cellStyle: NO_WRAP,
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
    cellStyle: NO_WRAP,
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
    render: finding =>
      finding.secretName ? <SecretName name={finding.secretName} /> : '–',
  },
  {
    title: 'Environment',
    customSort: byText(f => f.environment),
    cellStyle: NO_WRAP,
    render: finding => (
      <>
        {finding.environment}
        <Typography variant="caption" display="block" color="textSecondary">
          {finding.accountId} · {finding.region}
        </Typography>
      </>
    ),
  },
];
// Headings never wrap, let alone mid-word.
const columns = COLUMNS.map(column => ({ ...column, headerStyle: NO_WRAP }));

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
