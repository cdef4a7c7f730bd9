import {
  Entity,
  parseEntityRef,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  DefaultEntityFilters,
  EntityAutocompletePicker,
  EntityFilter,
  getEntityRelations,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';

/** Entities that are part of any of the given systems (full refs). */
export class EntitySystemFilter implements EntityFilter {
  readonly values: string[];

  constructor(values: string[]) {
    this.values = values.map(ref =>
      stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'system' })),
    );
  }

  getCatalogFilters() {
    return { [`relations.${RELATION_PART_OF}`]: this.values };
  }

  filterEntity(entity: Entity) {
    return getEntityRelations(entity, RELATION_PART_OF, {
      kind: 'system',
    }).some(system => this.values.includes(stringifyEntityRef(system)));
  }

  toQueryValue() {
    return this.values;
  }
}

type PortalFilters = DefaultEntityFilters & { systems?: EntitySystemFilter };

const PART_OF_FIELD = `relations.${RELATION_PART_OF}`;

/** Kinds whose `partOf` relations point at systems. */
const PART_OF_SYSTEM_KINDS = ['component', 'api', 'resource'];

/**
 * The catalog's System filter: the systems the listed kind is part of (from
 * the catalog's `partOf` relations, so `commerce` and `system:default/commerce`
 * in `spec.system` are one system), by title with how many entities each has.
 */
export const EntitySystemPicker = () => {
  const catalogApi = useApi(catalogApiRef);
  const { filters, updateFilters } = useEntityList<PortalFilters>();
  const kind = filters.kind?.value?.toLocaleLowerCase('en-US');
  const applies = !!kind && PART_OF_SYSTEM_KINDS.includes(kind);
  const { value: titles } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'system' },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return new Map(
      items.map(system => [
        stringifyEntityRef(system),
        system.metadata.title ?? system.metadata.name,
      ]),
    );
  }, [catalogApi]);
  // the picker shows its own options by ref; ours show titles, with the
  // counts it would show (entities of the listed kind in each system)
  const { value: counts } = useAsync(async () => {
    if (!applies) return undefined;
    const { facets } = await catalogApi.getEntityFacets({
      facets: [PART_OF_FIELD],
      filter: { kind: kind! },
    });
    return new Map(
      facets[PART_OF_FIELD].map(({ value, count }) => [value, count]),
    );
  }, [catalogApi, kind, applies]);
  const titleOf = (ref: string) => titles?.get(ref) ?? parseEntityRef(ref).name;

  // Kinds that are not part of systems (or are systems) are not filtered by one.
  useEffect(() => {
    if (kind && !applies) {
      updateFilters({ systems: undefined });
    }
  }, [kind, applies, updateFilters]);

  if (!applies) {
    return null;
  }
  return (
    <EntityAutocompletePicker<PortalFilters, 'systems'>
      label="System"
      name="systems"
      path={PART_OF_FIELD}
      Filter={EntitySystemFilter}
      getOptionLabel={titleOf}
      renderOption={(ref, { selected }) => (
        <FormControlLabel
          control={<Checkbox size="small" checked={selected} />}
          label={
            counts?.has(ref)
              ? `${titleOf(ref)} (${counts.get(ref)})`
              : titleOf(ref)
          }
          onClick={event => event.preventDefault()}
        />
      )}
    />
  );
};
