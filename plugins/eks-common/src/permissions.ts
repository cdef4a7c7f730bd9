import { createPermission } from '@backstage/plugin-permission-common';

/** Read the EKS deployments of a catalog entity. */
export const eksDeploymentsReadPermission = createPermission({
  name: 'eks.deployments.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** Every permission of the EKS plugin. */
export const eksPermissions = [eksDeploymentsReadPermission];
