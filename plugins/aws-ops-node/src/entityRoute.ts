import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** The entity ref named by a route's `:kind/:namespace/:name` parameters. */
export function entityRefOf(params: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  return stringifyEntityRef(params);
}

/**
 * The per-entity gate every AWS ops route shares: authorizes `permission` on
 * the entity for the caller (403 before the catalog is read, so a denied
 * caller learns nothing), then reads the entity with the caller's own
 * credentials (404 when it does not exist or is not visible to them).
 */
export async function readPermittedEntity(options: {
  entityRef: string;
  credentials: BackstageCredentials;
  permission: ResourcePermission<'catalog-entity'>;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** What is denied, for the 403 message, e.g. "the WAF events". */
  what: string;
}): Promise<Entity> {
  const { entityRef, credentials, permission } = options;
  const [decision] = await options.permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed to read ${options.what} of ${entityRef}`,
    );
  }
  const entity = await options.catalog.getEntityByRef(entityRef, {
    credentials,
  });
  if (!entity) {
    throw new NotFoundError(`Entity ${entityRef} not found`);
  }
  return entity;
}

/** A query schema, as zod's `safeParse` is (structurally, so this layer pins no zod version). */
export interface QuerySchema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ message: string }> } };
}

/**
 * A route's query read through its schema. Express parses `?a[b]=1` into objects and repeated
 * keys into arrays; anything of another shape than the schema's is a 400 with its messages.
 */
export function parseQuery<T>(schema: QuerySchema<T>, query: unknown): T {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map(issue => issue.message).join('; '),
    );
  }
  return parsed.data;
}
