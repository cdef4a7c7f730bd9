import {
  addEntityRoute,
  AwsOpsClaimsService,
  EntityRouteServices,
} from '@internal/backstage-plugin-aws-ops-node';
import { wafEventsReadPermission } from '@internal/backstage-plugin-waf-common';
import { WafEventsService } from '@internal/backstage-plugin-waf-node';
import express from 'express';
import Router from 'express-promise-router';
import { eventsQuery } from './query';

/**
 * `GET /entities/:kind/:namespace/:name/events?window=1h`: takes an entity
 * reference only; the web ACL, log groups, accounts and regions are resolved
 * on the server from the entity and the allowlist.
 */
export async function createRouter(
  options: EntityRouteServices & {
    claims: AwsOpsClaimsService;
    events: WafEventsService;
  },
): Promise<express.Router> {
  const { claims, events } = options;
  const router = Router();
  addEntityRoute(router, options, {
    path: '/events',
    permission: wafEventsReadPermission,
    what: 'the WAF events',
    eventId: 'events-read',
    query: eventsQuery,
    read: async ({ entity, query }) =>
      events.getEntityEvents(await claims.grant(entity), query),
    auditMeta: response => ({
      window: response.window,
      source: response.source,
      webAcl: response.webAcl.name,
      blocked: response.totals.blocked,
      errors: response.errors.length,
    }),
  });
  return router;
}
