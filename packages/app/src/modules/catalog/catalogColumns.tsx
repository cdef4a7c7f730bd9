import { CSSProperties } from 'react';
import { TableColumn } from '@backstage/core-components';
import {
  CatalogTable,
  CatalogTableColumnsFunc,
  CatalogTableRow,
} from '@backstage/plugin-catalog';
import Typography from '@material-ui/core/Typography';

const DESCRIPTION = 'entity.metadata.description';
const TAGS = 'entity.metadata.tags';
/** Relations that may wrap between words when the table is short of room. */
const RELATIONS = [
  'resolved.partOfSystemRelationTitle',
  'resolved.ownedByRelationsTitle',
];

/** Lines of a description shown before it is cut (its tooltip has all of it). */
const DESCRIPTION_LINES = 4;

/**
 * Material-table breaks cell text anywhere (`word-break: break-word`), which
 * cut "Cart Service" into "Cart Servic/e" in narrow columns; words stay whole.
 * Narrower side padding leaves the description room at 1440 px.
 */
const cell: CSSProperties = {
  wordBreak: 'normal',
  paddingLeft: 12,
  paddingRight: 12,
};
const oneLine: CSSProperties = { ...cell, whiteSpace: 'nowrap' };
const capped: CSSProperties = {
  display: 'inline-block',
  maxWidth: 300,
  whiteSpace: 'normal',
};

const withStyle = (
  style: TableColumn<CatalogTableRow>['cellStyle'],
  extra: CSSProperties,
): TableColumn<CatalogTableRow>['cellStyle'] =>
  typeof style === 'function'
    ? (data, row, column) => ({ ...style(data, row, column), ...extra })
    : { ...style, ...extra };

const Description = ({ text }: { text?: string }) => (
  <Typography
    variant="body2"
    title={text}
    style={{
      display: '-webkit-box',
      WebkitBoxOrient: 'vertical',
      WebkitLineClamp: DESCRIPTION_LINES,
      overflow: 'hidden',
    }}
  >
    {text}
  </Typography>
);

/**
 * The catalog's own columns for each kind, laid out to be read: names, types
 * and headers on one line, as narrow as they are; systems and owners wrap only
 * between words when room is short; the description takes the room that is
 * left and wraps between words (up to four lines). Tags stay a filter, not a column: their chips took the width the
 * descriptions need.
 */
export const catalogColumns: CatalogTableColumnsFunc = context =>
  CatalogTable.defaultColumnsFunc(context)
    .filter(column => column.field !== TAGS)
    .map(column => {
      const headerStyle = { ...column.headerStyle, ...oneLine };
      if (column.field === DESCRIPTION) {
        return {
          ...column,
          width: 'auto',
          headerStyle,
          cellStyle: withStyle(column.cellStyle, { ...cell, minWidth: 180 }),
          render: ({ entity }: CatalogTableRow) => (
            <Description text={entity.metadata.description} />
          ),
        };
      }
      if (RELATIONS.includes(String(column.field))) {
        return {
          ...column,
          width: 'auto',
          headerStyle,
          cellStyle: withStyle(column.cellStyle, cell),
        };
      }
      // as narrow as the unwrapped content (material-table otherwise gives
      // every column without a width an equal share); an unusually long name
      // wraps between words instead of pushing the table past its card
      const render = column.render;
      return {
        ...column,
        width: '1%',
        headerStyle,
        cellStyle: withStyle(column.cellStyle, oneLine),
        render: render
          ? (row: CatalogTableRow, type: 'row' | 'group') => (
              <span style={capped}>{render(row, type)}</span>
            )
          : undefined,
      };
    });
