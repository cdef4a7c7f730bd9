import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import type { Request, Response, Router } from 'express';
import { errorNameOf } from './errors';
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

/** What every entity route needs from the plugin's core services. */
export interface EntityRouteServices {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
}

/** One `GET /entities/:kind/:namespace/:name<path>` route of an AWS ops plugin. */
export interface EntityRouteSpec<Q, R> {
  /** After the entity ref, e.g. `/deployments`. */
  path: string;
  /** The `catalog-entity` permission the caller needs on the entity. */
  permission: ResourcePermission<'catalog-entity'>;
  /** What is denied, for the 403 message, e.g. "the EKS deployments". */
  what: string;
  /** The auditor event of every call, successful or not. */
  eventId: string;
  /** The query's schema (zod); without one the route takes no query. */
  query?: QuerySchema<Q>;
  /** Reads the response for the permitted, visible entity. */
  read(context: {
    entity: Entity;
    entityRef: string;
    credentials: BackstageCredentials;
    query: Q;
  }): Promise<R>;
  /** What the auditor event records of a success. */
  auditMeta?(result: R): JsonObject;
  /** Writes the response; JSON by default. */
  send?(res: Response, result: R): void;
}

/**
 * An error that escaped a service (an SDK or network error, not one of
 * `@backstage/errors`) as the error the route answers with: a throttled or
 * unreachable AWS is a 503, never a 500 that reads like a bug.
 */
function asRouteError(error: unknown): unknown {
  if (!isError(error)) return error;
  const name = errorNameOf(error as Error);
  if (name === error.name) return error;
  const message = `${error.name}: ${error.message}`;
  switch (name) {
    case 'ServiceUnavailableError':
      return new ServiceUnavailableError(message);
    case 'NotFoundError':
      return new NotFoundError(message);
    default:
      return error;
  }
}

/**
 * Adds one per-entity route: an auditor event for every call, the query read
 * through its schema (400), the permission checked on the entity before the
 * catalog is read (403), the entity read with the caller's credentials (404),
 * then `read`. Routes take an entity ref only; accounts, regions and
 * endpoints are resolved on the server.
 */
export function addEntityRoute<Q = {}, R = unknown>(
  router: Router,
  services: EntityRouteServices,
  spec: EntityRouteSpec<Q, R>,
): void {
  router.get(
    `/entities/:kind/:namespace/:name${spec.path}`,
    async (req: Request, res: Response) => {
      const entityRef = entityRefOf(
        req.params as { kind: string; namespace: string; name: string },
      );
      const auditorEvent = await services.auditor.createEvent({
        eventId: spec.eventId,
        request: req,
        meta: { entityRef },
      });
      try {
        const query = spec.query
          ? parseQuery(spec.query, req.query)
          : ({} as Q);
        const credentials = await services.httpAuth.credentials(req);
        const entity = await readPermittedEntity({
          entityRef,
          credentials,
          permission: spec.permission,
          permissions: services.permissions,
          catalog: services.catalog,
          what: spec.what,
        });
        const result = await spec.read({
          entity,
          entityRef,
          credentials,
          query,
        });
        await auditorEvent.success({ meta: spec.auditMeta?.(result) });
        if (spec.send) {
          spec.send(res, result);
        } else {
          res.json(result);
        }
      } catch (error) {
        await auditorEvent.fail({ error: error as Error });
        throw asRouteError(error);
      }
    },
  );
}
