import { Progress, ResponseErrorPanel, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import useAsync from 'react-use/esm/useAsync';

export const StoreTemplates = () => {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(
    async () =>
      (
        await catalogApi.getEntities({
          filter: { kind: 'template' },
          fields: ['metadata.name', 'metadata.title', 'metadata.description'],
        })
      ).items,
    [catalogApi],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <List dense>
      {(value ?? []).map(template => (
        <ListItem key={template.metadata.name}>
          <ListItemText
            primary={
              <Link to={`/create/templates/default/${template.metadata.name}`}>
                {template.metadata.title ?? template.metadata.name}
              </Link>
            }
            secondary={template.metadata.description}
          />
        </ListItem>
      ))}
    </List>
  );
};
