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
import { cloudWatchAlarmsReadPermission } from '@internal/backstage-plugin-cloudwatch-common';
import { CloudWatchAlarmsService } from '@internal/backstage-plugin-cloudwatch-node';
import express from 'express';
import Router from 'express-promise-router';
import { alarmsQuery } from './query';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  claims: AwsOpsClaimsService;
  alarms: CloudWatchAlarmsService;
}): Promise<express.Router> {
  const { httpAuth, permissions, auditor, catalog, claims, alarms } = options;
  const router = Router();

  // Takes an entity reference only: accounts and regions come from the
  // entity's environments and the allowlist, never from the request.
  router.get('/entities/:kind/:namespace/:name/alarms', async (req, res) => {
    const entityRef = entityRefOf(req.params);
    const auditorEvent = await auditor.createEvent({
      eventId: 'alarms-read',
      request: req,
      meta: { entityRef, window: req.query.window },
    });
    try {
      const { window } = parseQuery(alarmsQuery, req.query);
      const credentials = await httpAuth.credentials(req);
      const entity = await readPermittedEntity({
        entityRef,
        credentials,
        permission: cloudWatchAlarmsReadPermission,
        permissions,
        catalog,
        what: 'the CloudWatch alarms',
      });
      const response = await alarms.getEntityAlarms(
        await claims.grant(entity),
        { window },
      );
      await auditorEvent.success({
        meta: {
          source: response.source,
          alarms: response.alarms.length,
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
