import {
  addEntityRoute,
  AwsOpsClaimsService,
  EntityRouteServices,
} from '@internal/backstage-plugin-aws-ops-node';
import { eksDeploymentsReadPermission } from '@internal/backstage-plugin-eks-common';
import { EksDeploymentsService } from '@internal/backstage-plugin-eks-node';
import { TIMELINE_WINDOW_MS } from '@internal/backstage-plugin-ops-health-common';
import express from 'express';
import Router from 'express-promise-router';
import { changesQuery } from './query';

export async function createRouter(
  options: EntityRouteServices & {
    claims: AwsOpsClaimsService;
    deployments: EksDeploymentsService;
    /** Now, for the changes window; default `Date.now`. */
    clock?: () => number;
  },
): Promise<express.Router> {
  const { claims, deployments, clock = Date.now } = options;
  const router = Router();
  // Takes an entity ref only (no query): clusters, accounts and endpoints
  // are resolved on the server from the entity and the allowlist.
  addEntityRoute(router, options, {
    path: '/deployments',
    permission: eksDeploymentsReadPermission,
    what: 'the EKS deployments',
    eventId: 'deployments-read',
    read: async ({ entity }) =>
      deployments.getDeployments(await claims.grant(entity)),
    auditMeta: response => ({
      source: response.source,
      environments: response.environments.map(e => e.name),
      errors: response.errors.length,
    }),
  });
  // `GET /entities/:kind/:namespace/:name/changes?window=6h`: rollouts and
  // EKS version changes of the last window, for the component's timeline.
  addEntityRoute(router, options, {
    path: '/changes',
    permission: eksDeploymentsReadPermission,
    what: 'the EKS changes',
    eventId: 'eks-changes-read',
    query: changesQuery,
    read: async ({ entity, query }) => {
      const end = clock();
      return deployments.getChanges(await claims.grant(entity), {
        start: end - TIMELINE_WINDOW_MS[query.window],
        end,
      });
    },
    auditMeta: response => ({
      start: response.start,
      end: response.end,
      source: response.source,
      rollouts: response.rollouts.length,
      versionChanges: response.versionChanges.length,
      errors: response.errors.length,
    }),
  });
  return router;
}
