import { Entity, RELATION_OWNER_OF } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityColumnConfig,
  EntityRelationCard,
  entityDataTableColumns,
} from '@backstage/plugin-catalog-react/alpha';
import { Cell, Text } from '@backstage/ui';

/**
 * A preset column with a width; the table applies widths only to columns that
 * render their default header, so the preset's own header is dropped (its
 * `label` is the same title).
 */
const sized = (
  column: EntityColumnConfig,
  defaultWidth: EntityColumnConfig['defaultWidth'],
): EntityColumnConfig => ({ ...column, header: undefined, defaultWidth });

/** The whole description, wrapped between words (the preset cuts it to a line). */
const descriptionColumn: EntityColumnConfig = {
  ...sized(entityDataTableColumns.createMetadataDescriptionColumn(), '1fr'),
  cell: (entity: Entity) => (
    <Cell>
      <Text variant="body-medium" style={{ overflowWrap: 'break-word' }}>
        {entity.metadata.description}
      </Text>
    </Cell>
  ),
};

const columns: EntityColumnConfig[] = [
  sized(
    entityDataTableColumns.createEntityRefColumn({ defaultKind: 'component' }),
    200,
  ),
  sized(entityDataTableColumns.createSystemColumn(), 140),
  sized(entityDataTableColumns.createSpecTypeColumn(), 100),
  descriptionColumn,
];

/** What the team owns, first on its page: its components, by name. */
export const OwnedComponentsCard = () => {
  const { entity } = useEntity();
  const team = entity.metadata.title ?? entity.metadata.name;
  return (
    <EntityRelationCard
      title={`Components ${team} owns`}
      relationType={RELATION_OWNER_OF}
      entityKind="component"
      columnConfig={columns}
      emptyState={{ message: `${team} owns no component yet.` }}
    />
  );
};
