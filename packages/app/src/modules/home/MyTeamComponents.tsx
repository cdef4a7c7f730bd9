import { Progress, ResponseErrorPanel, Link } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { RELATION_OWNED_BY } from '@backstage/catalog-model';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

export const MyTeamComponents = () => {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);

  const { value, loading, error } = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const groupRefs = ownershipEntityRefs.filter(ref =>
      ref.startsWith('group:'),
    );
    if (groupRefs.length === 0) {
      return [];
    }
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'component',
        [`relations.${RELATION_OWNED_BY}`]: groupRefs,
      },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.type'],
      order: { field: 'metadata.name', order: 'asc' },
    });
    return items;
  }, [identityApi, catalogApi]);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value?.length) {
    return (
      <Typography variant="body2">
        None of your teams owns a component yet. Browse the{' '}
        <Link to="/catalog">catalog</Link> to find one.
      </Typography>
    );
  }
  return (
    <List dense>
      {value.map(entity => (
        <ListItem key={entity.metadata.name}>
          <ListItemText
            primary={<EntityRefLink entityRef={entity} />}
            secondary={String(entity.spec?.type ?? '')}
          />
        </ListItem>
      ))}
    </List>
  );
};
