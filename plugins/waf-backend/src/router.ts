import {
  addEntityRoute,
  AwsOpsClaimsService,
  EntityRouteServices,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  wafEventsReadPermission,
  WAF_WINDOW_MS,
} from '@internal/backstage-plugin-waf-common';
import { WafEventsService } from '@internal/backstage-plugin-waf-node';
import express from 'express';
import Router from 'express-promise-router';
import { eventsQuery, spikesQuery } from './query';

/**
 * `GET /entities/:kind/:namespace/:name/events?window=1h` and
 * `GET /entities/:kind/:namespace/:name/spikes?window=6h` (the spikes that
 * overlap the last `window`): take an entity reference only; the web ACL, log
 * groups, accounts and regions are resolved on the server from the entity and
 * the allowlist.
 */
export async function createRouter(
  options: EntityRouteServices & {
    claims: AwsOpsClaimsService;
    events: WafEventsService;
    /** Epoch milliseconds of now; `Date.now` by default. */
    clock?: () => number;
  },
): Promise<express.Router> {
  const { claims, events, clock = Date.now } = options;
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
  addEntityRoute(router, options, {
    path: '/spikes',
    permission: wafEventsReadPermission,
    what: 'the WAF spikes',
    eventId: 'waf-spikes-read',
    query: spikesQuery,
    read: async ({ entity, query }) => {
      const end = clock();
      return events.getEntitySpikes(await claims.grant(entity), {
        start: end - WAF_WINDOW_MS[query.window],
        end,
      });
    },
    auditMeta: response => ({
      start: response.start,
      end: response.end,
      source: response.source,
      webAcl: response.webAcl,
      spikes: response.spikes.length,
      errors: response.errors.length,
    }),
  });
  return router;
}
