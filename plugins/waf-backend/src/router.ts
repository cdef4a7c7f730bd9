import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AwsOpsClaimsService,
  entityRefOf,
  parseQuery,
  readPermittedEntity,
} from '@internal/backstage-plugin-aws-ops-node';
import { wafEventsReadPermission } from '@internal/backstage-plugin-waf-common';
import { WafEventsService } from '@internal/backstage-plugin-waf-node';
import express from 'express';
import Router from 'express-promise-router';
import { eventsQuery } from './query';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  claims: AwsOpsClaimsService;
  events: WafEventsService;
}): Promise<express.Router> {
  const { httpAuth, permissions, auditor, catalog, claims, events } = options;
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
      const { window } = parseQuery(eventsQuery, req.query);
      const entity = await readPermittedEntity({
        entityRef,
        credentials,
        permission: wafEventsReadPermission,
        permissions,
        catalog,
        what: 'the WAF events',
      });
      const response = await events.getEntityEvents(
        await claims.grant(entity),
        { window },
      );
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
