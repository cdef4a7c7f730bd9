import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { catalogLocationDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';

/**
 * Checks a location a request wants registered: only `url` locations on a configured integration host, so the
 * catalog never reads a file of the server for a user and never keeps a location it cannot read. A body that is
 * not a location at all is left to the catalog's own validation.
 */
export function assertRegistrable(
  location: unknown,
  integrations: ScmIntegrationRegistry,
) {
  const { type, target } = (location ?? {}) as Record<string, unknown>;
  if (typeof type !== 'string' || typeof target !== 'string') {
    return;
  }
  if (type !== 'url') {
    throw new InputError(
      `Only url locations can be registered, not ${type} locations`,
    );
  }
  let protocol = '';
  try {
    protocol = new URL(target).protocol;
  } catch {
    // not a URL: refused below
  }
  if (!['http:', 'https:'].includes(protocol) || !integrations.byUrl(target)) {
    const hosts = [...new Set(integrations.list().map(i => i.title))];
    throw new InputError(
      `${target} is not on a configured integration host (${hosts.join(', ')})`,
    );
  }
}

/**
 * Middleware for the catalog plugin's own router. Modules initialize before their plugin, so these handlers run
 * before the catalog's routes, on the same (already authenticated) requests.
 *
 * - `POST /locations` (with or without `dryRun`) and `POST /analyze-location`: {@link assertRegistrable}.
 * - `PUT /locations/:id`: the catalog authorizes an update with `catalog.location.create`, so whoever may register a
 *   location could retarget anyone's; here it also needs `catalog.location.delete`, the right to remove it.
 */
export function createLocationGuard(options: {
  integrations: ScmIntegrationRegistry;
  permissions: PermissionsService;
  httpAuth: HttpAuthService;
}): express.Router {
  const { integrations, permissions, httpAuth } = options;
  const router = Router();
  // The catalog's router parses with the same express.json(), which leaves an already parsed body alone.
  const json = express.json();

  router.post('/locations', json, (req, _res, next) => {
    assertRegistrable(req.body, integrations);
    next();
  });

  router.post('/analyze-location', json, (req, _res, next) => {
    assertRegistrable(req.body?.location, integrations);
    next();
  });

  router.put('/locations/:id', json, async (req, _res, next) => {
    const [decision] = await permissions.authorize(
      [{ permission: catalogLocationDeletePermission }],
      { credentials: await httpAuth.credentials(req) },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Updating a location needs the catalog.location.delete permission',
      );
    }
    assertRegistrable(req.body, integrations);
    next();
  });

  return router;
}
