import { AuditorService } from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  addEntityRoute,
  EntityRouteServices,
} from '@internal/backstage-plugin-aws-ops-node';
import express from 'express';
import Router from 'express-promise-router';
import { timelineQuery } from './query';
import { HealthOverviewService } from './service/HealthOverviewService';
import { TimelineService } from './timeline/TimelineService';

export async function createRouter(
  options: EntityRouteServices & {
    auditor: AuditorService;
    overview: HealthOverviewService;
    timeline: TimelineService;
  },
): Promise<express.Router> {
  const { httpAuth, auditor, overview, timeline } = options;
  const router = Router();

  // The whole page in one response: the browser never fans out per component.
  // Permissions are checked per component and signal inside the service.
  router.get('/components', async (req, res) => {
    const auditorEvent = await auditor.createEvent({
      eventId: 'overview-read',
      request: req,
    });
    try {
      const credentials = await httpAuth.credentials(req);
      const response = await overview.getOverview(credentials);
      await auditorEvent.success({
        meta: {
          components: response.components.length,
          critical: response.components.filter(c => c.level === 'critical')
            .length,
        },
      });
      res.json(response);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  // One component's changes: the entity must be readable (403 before the
  // catalog is read); each source is then checked with its own permission.
  addEntityRoute(router, options, {
    path: '/timeline',
    permission: catalogEntityReadPermission,
    what: 'the timeline',
    eventId: 'timeline-read',
    query: timelineQuery,
    read: ({ entity, credentials, query }) =>
      timeline.getTimeline(entity, credentials, query.window),
    auditMeta: response => ({
      source: response.source,
      window: response.window,
      events: response.events.length,
      correlations: response.correlations.length,
      errors: response.errors.length,
    }),
  });

  return router;
}
