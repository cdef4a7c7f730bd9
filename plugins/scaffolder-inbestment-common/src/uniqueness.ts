import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { GetEntitiesRequest } from '@backstage/catalog-client';

/**
 * Kinds whose names a new component must not reuse: its catalog-info.yaml would clash with a component, and a
 * same-named API, resource or system makes refs, TechDocs and the derived AWS names ambiguous.
 */
export const NAME_CLAIMING_KINDS = ['Component', 'API', 'Resource', 'System'];

/** The catalog read both sides use: the browser's CatalogApi and the backend's CatalogService (with credentials). */
export type GetEntities = (
  request: GetEntitiesRequest,
) => Promise<{ items: Entity[] }>;

/** Says which entity already uses `name` in the default namespace, or undefined when the name is free. */
export async function nameTakenError(
  name: string,
  getEntities: GetEntities,
): Promise<string | undefined> {
  const { items } = await getEntities({
    filter: {
      'metadata.namespace': 'default',
      'metadata.name': name,
      kind: NAME_CLAIMING_KINDS,
    },
    fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'],
  });
  const taken = items[0];
  if (!taken) {
    return undefined;
  }
  const owner =
    typeof taken.spec?.owner === 'string'
      ? parseEntityRef(taken.spec.owner, { defaultKind: 'group' }).name
      : 'nobody';
  return `"${name}" already exists in the catalog (${stringifyEntityRef(
    taken,
  )}), owned by ${owner}; choose another name.`;
}
