import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { Entity } from '@backstage/catalog-model';
import { nameTakenError } from './uniqueness';

const entity = (kind: string, name: string, namespace = 'default'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace },
  spec: { owner: `group:default/team-${kind.toLocaleLowerCase('en-US')}` },
});

const catalog = new InMemoryCatalogClient({
  entities: [
    entity('Component', 'cart-service'),
    entity('API', 'cart-service-api'),
    entity('Resource', 'orders-table'),
    entity('System', 'commerce'),
    entity('Group', 'team-commerce'),
    entity('Component', 'legacy-service', 'archive'),
  ],
});
const getEntities = catalog.getEntities.bind(catalog);

describe('nameTakenError', () => {
  it.each([
    ['cart-service', 'component:default/cart-service', 'team-component'],
    ['cart-service-api', 'api:default/cart-service-api', 'team-api'],
    ['orders-table', 'resource:default/orders-table', 'team-resource'],
    ['commerce', 'system:default/commerce', 'team-system'],
  ])('reports %s as taken by %s', async (name, ref, owner) => {
    expect(await nameTakenError(name, getEntities)).toBe(
      `"${name}" already exists in the catalog (${ref}), owned by ${owner}; choose another name.`,
    );
  });

  it.each([
    ['a new name', 'loyalty-service'],
    ['a group name (groups are not components)', 'team-commerce'],
    ['a name used only in another namespace', 'legacy-service'],
  ])('accepts %s', async (_label, name) => {
    expect(await nameTakenError(name, getEntities)).toBeUndefined();
  });
});
