import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  readPermittedEntity,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  WafWindow,
  WAF_WINDOWS,
  wafEventsReadPermission,
} from '@internal/backstage-plugin-waf-common';
import { WafEventsService } from '@internal/backstage-plugin-waf-node';
import express from 'express';
import Router from 'express-promise-router';

function readWindow(value: unknown): WafWindow {
  if (value === undefined) return '1h';
  if (WAF_WINDOWS.includes(value as WafWindow)) return value as WafWindow;
  throw new InputError(
    `window must be one of ${WAF_WINDOWS.join(', ')}, got '${String(value)}'`,
  );
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  events: WafEventsService;
}): Promise<express.Router> {
  const { httpAuth, permissions, auditor, catalog, events } = options;
  const router = Router();

  // Takes an entity reference only: the web ACL, log groups, accounts and
  // regions are resolved on the server from the entity and the allowlist.
  router.get('/entities/:kind/:namespace/:name/events', async (req, res) => {
    const entityRef = entityRefOf(req.params);
    const auditorEvent = await auditor.createEvent({
      eventId: 'events-read',
      request: req,
      meta: { entityRef, window: req.query.window },
    });
    try {
      const credentials = await httpAuth.credentials(req);
      const window = readWindow(req.query.window);
      const entity = await readPermittedEntity({
        entityRef,
        credentials,
        permission: wafEventsReadPermission,
        permissions,
        catalog,
        what: 'the WAF events',
      });
      const response = await events.getEntityEvents(entity, { window });
      await auditorEvent.success({
        meta: {
          source: response.source,
          webAcl: response.webAcl.name,
          blocked: response.totals.blocked,
          errors: response.errors.length,
        },
      });
      res.json(response);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
