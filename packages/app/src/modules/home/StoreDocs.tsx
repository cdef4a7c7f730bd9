import { Progress, ResponseErrorPanel, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  getEntityRelations,
} from '@backstage/plugin-catalog-react';
import { RELATION_PART_OF, Entity } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

const TECHDOCS_ANNOTATION = 'backstage.io/techdocs-ref';

function docsUrl(entity: Entity) {
  const { namespace = 'default', name } = entity.metadata;
  return `/docs/${namespace}/${entity.kind.toLocaleLowerCase('en-US')}/${name}`;
}

export const StoreDocs = () => {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'component',
        [`metadata.annotations.${TECHDOCS_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
      },
      fields: ['kind', 'metadata', 'relations'],
      order: { field: 'metadata.name', order: 'asc' },
    });
    const bySystem = new Map<string, Entity[]>();
    for (const entity of items) {
      const system =
        getEntityRelations(entity, RELATION_PART_OF, { kind: 'system' })[0]
          ?.name ?? 'no system';
      bySystem.set(system, [...(bySystem.get(system) ?? []), entity]);
    }
    return [...bySystem.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [catalogApi]);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <>
      {(value ?? []).map(([system, entities]) => (
        <Typography key={system} variant="body2" paragraph>
          <strong>{system}</strong>:{' '}
          {entities.map((entity, i) => (
            <span key={entity.metadata.name}>
              {i > 0 && ', '}
              <Link to={docsUrl(entity)}>{entity.metadata.name}</Link>
            </span>
          ))}
        </Typography>
      ))}
    </>
  );
};
