import {
  addEntityRoute,
  AwsOpsClaimsService,
  EntityRouteServices,
} from '@internal/backstage-plugin-aws-ops-node';
import { cloudWatchAlarmsReadPermission } from '@internal/backstage-plugin-cloudwatch-common';
import { CloudWatchAlarmsService } from '@internal/backstage-plugin-cloudwatch-node';
import express from 'express';
import Router from 'express-promise-router';
import { Clock } from '@internal/backstage-plugin-aws-ops-node';
import { alarmsQuery, HISTORY_WINDOW_MS, historyQuery } from './query';

export async function createRouter(
  options: EntityRouteServices & {
    claims: AwsOpsClaimsService;
    alarms: CloudWatchAlarmsService;
    /** The history window ends at its now; default Date.now. */
    clock?: Clock;
  },
): Promise<express.Router> {
  const { claims, alarms } = options;
  const clock = options.clock ?? Date.now;
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
  // The state changes of the same alarms over a window ending now.
  addEntityRoute(router, options, {
    path: '/history',
    permission: cloudWatchAlarmsReadPermission,
    what: 'the CloudWatch alarm history',
    eventId: 'alarm-history-read',
    query: historyQuery,
    read: async ({ entity, query }) => {
      const end = clock();
      return alarms.getAlarmHistory(await claims.grant(entity), {
        start: end - HISTORY_WINDOW_MS[query.window],
        end,
      });
    },
    auditMeta: response => ({
      source: response.source,
      start: response.start,
      end: response.end,
      changes: response.changes.length,
      errors: response.errors.length,
    }),
  });
  return router;
}
