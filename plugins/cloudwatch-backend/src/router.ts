import {
  addEntityRoute,
  AwsOpsClaimsService,
  EntityRouteServices,
} from '@internal/backstage-plugin-aws-ops-node';
import { cloudWatchAlarmsReadPermission } from '@internal/backstage-plugin-cloudwatch-common';
import { CloudWatchAlarmsService } from '@internal/backstage-plugin-cloudwatch-node';
import express from 'express';
import Router from 'express-promise-router';
import { alarmsQuery } from './query';

export async function createRouter(
  options: EntityRouteServices & {
    claims: AwsOpsClaimsService;
    alarms: CloudWatchAlarmsService;
  },
): Promise<express.Router> {
  const { claims, alarms } = options;
  const router = Router();
  // Takes an entity reference and a chart window only: accounts and regions
  // come from the entity's environments and the allowlist, never from the
  // request.
  addEntityRoute(router, options, {
    path: '/alarms',
    permission: cloudWatchAlarmsReadPermission,
    what: 'the CloudWatch alarms',
    eventId: 'alarms-read',
    query: alarmsQuery,
    read: async ({ entity, query }) =>
      alarms.getEntityAlarms(await claims.grant(entity), {
        window: query.window,
      }),
    auditMeta: response => ({
      source: response.source,
      window: response.window,
      alarms: response.alarms.length,
      errors: response.errors.length,
    }),
  });
  return router;
}
