import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AwsOpsClaimsService,
  entityRefOf,
  readPermittedEntity,
} from '@internal/backstage-plugin-aws-ops-node';
import { eksDeploymentsReadPermission } from '@internal/backstage-plugin-eks-common';
import express from 'express';
import Router from 'express-promise-router';
import { EksDeploymentsService } from '@internal/backstage-plugin-eks-node';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  claims: AwsOpsClaimsService;
  deployments: EksDeploymentsService;
}): Promise<express.Router> {
  const { httpAuth, permissions, auditor, catalog, claims, deployments } =
    options;
  const router = Router();

  // Takes an entity reference only: clusters, accounts and endpoints are
  // resolved on the server from the entity and the allowlist.
  router.get(
    '/entities/:kind/:namespace/:name/deployments',
    async (req, res) => {
      const entityRef = entityRefOf(req.params);
      const auditorEvent = await auditor.createEvent({
        eventId: 'deployments-read',
        request: req,
        meta: { entityRef },
      });
      try {
        const credentials = await httpAuth.credentials(req);
        const entity = await readPermittedEntity({
          entityRef,
          credentials,
          permission: eksDeploymentsReadPermission,
          permissions,
          catalog,
          what: 'the EKS deployments',
        });
        const response = await deployments.getDeployments(
          await claims.grant(entity),
        );
        await auditorEvent.success({
          meta: {
            source: response.source,
            environments: response.environments.map(e => e.name),
            errors: response.errors.length,
          },
        });
        res.json(response);
      } catch (error) {
        await auditorEvent.fail({ error: error as Error });
        throw error;
      }
    },
  );

  return router;
}
