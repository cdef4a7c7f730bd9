import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { HealthOverviewService } from './service/HealthOverviewService';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  overview: HealthOverviewService;
}): Promise<express.Router> {
  const { httpAuth, auditor, overview } = options;
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

  return router;
}
