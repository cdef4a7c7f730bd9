import { Table, TableColumn, TableFilter } from '@backstage/core-components';
import IconButton from '@material-ui/core/IconButton';
import SvgIcon from '@material-ui/core/SvgIcon';
import {
  CSSProperties,
  ReactNode,
  useLayoutEffect,
  useMemo,
  useRef,
} from 'react';

/** A row as the table holds it: the caller's row with a stable id. */
export type OpsTableRow<T extends object> = T & { id: string };

/** A core-components column; its cell style is a plain style object. */
export type OpsTableColumn<T extends object> = Omit<
  TableColumn<OpsTableRow<T>>,
  'cellStyle'
> & { cellStyle?: CSSProperties };

/** Tables sit inside cards and sections: no second card around them. */
function PlainContainer(props: {
  children?: ReactNode;
  style?: CSSProperties;
}) {
  return <div style={props.style}>{props.children}</div>;
}

const components = { Container: PlainContainer };

const CELL_PADDING = { paddingLeft: 12, paddingRight: 12 };
/**
 * material-table breaks cell text anywhere (`word-break: break-word`), which
 * lets the browser squeeze a column until words split; words stay whole here
 * and a table too wide for its card scrolls sideways.
 */
const CELL_STYLE: CSSProperties = {
  ...CELL_PADDING,
  wordBreak: 'normal',
  overflowWrap: 'break-word',
};

const toggleDetail = (_event: unknown, _row: unknown, toggle?: () => void) =>
  toggle?.();

/** What a row shows when opened, and how its toggle is named. */
export interface OpsTableDetail<T extends object> {
  render: (row: OpsTableRow<T>) => ReactNode;
  /** The toggle button's accessible name, e.g. "Show request headers". */
  toggleLabel: (open: boolean) => string;
}

/** A first column with a labelled toggle (a click anywhere on the row toggles). */
function toggleColumn<T extends object>(
  detail: OpsTableDetail<T>,
): OpsTableColumn<T> {
  return {
    title: '',
    sorting: false,
    searchable: false,
    width: '48px',
    render: row => {
      const open = Boolean(
        (row as { tableData?: { showDetailPanel?: unknown } }).tableData
          ?.showDetailPanel,
      );
      return (
        <IconButton
          size="small"
          aria-label={detail.toggleLabel(open)}
          aria-expanded={open}
        >
          {/* Material's chevron_right, turned down when open */}
          <SvgIcon style={{ transform: open ? 'rotate(90deg)' : undefined }}>
            <path d="M10 6 8.59 7.41 13.17 12l-4.58 4.59L10 18l6-6z" />
          </SvgIcon>
        </IconButton>
      );
    },
  };
}

/**
 * Backstage's core-components `Table` as the AWS tabs use it: dense, sortable,
 * paged when there are more rows than `pageSize`, headers on one line (they
 * never wrap, let alone mid-word; a wide table scrolls sideways instead), and
 * named for assistive technology by `label`.
 *
 * `columns` should keep their identity between renders (module constants or
 * `useMemo`): new columns reset the sort order. Rows need a stable `rowId` so
 * sorting, paging and open detail panels survive a refresh.
 */
export function OpsTable<T extends object>(props: {
  /** The accessible name of the table, e.g. "pods". */
  label: string;
  /** A heading in the table's toolbar. */
  title?: string;
  columns: OpsTableColumn<T>[];
  data: T[];
  /** A stable id per row; `index` only for rows without one of their own. */
  rowId: (row: T, index: number) => string;
  /** Rows per page; longer lists are paged. Default 10. */
  pageSize?: number;
  search?: boolean;
  filters?: TableFilter[];
  emptyContent?: ReactNode;
  /** Rows that open to show more; keep its identity between renders. */
  detail?: OpsTableDetail<T>;
}) {
  const { label, title, data, rowId, search = false, filters, detail } = props;
  const pageSize = props.pageSize ?? 10;
  const rows = useMemo(
    () => data.map((row, index) => ({ ...row, id: rowId(row, index) })),
    [data, rowId],
  );
  const paging = rows.length > pageSize;
  const columns = useMemo(
    () =>
      [...(detail ? [toggleColumn(detail)] : []), ...props.columns].map(
        // material-table splits the width evenly unless told; let the
        // browser size columns by their content instead. Cells are padded
        // like the headers, less than MUI's 16 + 24 px, so more columns fit.
        column => ({
          width: 'auto',
          ...column,
          cellStyle: { ...CELL_STYLE, ...column.cellStyle },
        }),
      ),
    [detail, props.columns],
  );

  const detailPanel = useMemo(
    () =>
      detail &&
      (({ rowData }: { rowData: OpsTableRow<T> }) => (
        <>{detail.render(rowData)}</>
      )),
    [detail],
  );

  // material-table renders the <table> itself and takes no aria props for it.
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.querySelector('table')?.setAttribute('aria-label', label);
  });

  return (
    <div ref={ref}>
      <Table<OpsTableRow<T>>
        title={title}
        columns={columns}
        data={rows}
        filters={filters}
        emptyContent={props.emptyContent}
        detailPanel={detailPanel}
        onRowClick={detail && toggleDetail}
        components={components}
        options={{
          padding: 'dense',
          toolbar: Boolean(title || search || filters?.length),
          showTitle: Boolean(title),
          search,
          paging,
          pageSize,
          pageSizeOptions: [pageSize, pageSize * 2.5, pageSize * 5],
          emptyRowsWhenPaging: false,
          draggable: false,
          thirdSortClick: false,
          showDetailPanelIcon: false,
          headerStyle: { whiteSpace: 'nowrap', ...CELL_PADDING },
        }}
      />
    </div>
  );
}
