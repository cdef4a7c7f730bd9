import { createPermission } from '@backstage/plugin-permission-common';

/** Read a component's secrets metadata and who can reach them. */
export const accessAuditEntityReadPermission = createPermission({
  name: 'access-audit.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** Read the store-wide findings page and export it as CSV or JSON. */
export const accessAuditFindingsReadPermission = createPermission({
  name: 'access-audit.findings.read',
  attributes: { action: 'read' },
});

/** Every permission of the access-audit plugin. */
export const accessAuditPermissions = [
  accessAuditEntityReadPermission,
  accessAuditFindingsReadPermission,
];
