import {
  addEntityRoute,
  AwsOpsClaimsService,
  EntityRouteServices,
} from '@internal/backstage-plugin-aws-ops-node';
import { eksDeploymentsReadPermission } from '@internal/backstage-plugin-eks-common';
import { EksDeploymentsService } from '@internal/backstage-plugin-eks-node';
import express from 'express';
import Router from 'express-promise-router';

export async function createRouter(
  options: EntityRouteServices & {
    claims: AwsOpsClaimsService;
    deployments: EksDeploymentsService;
  },
): Promise<express.Router> {
  const { claims, deployments } = options;
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
  return router;
}
