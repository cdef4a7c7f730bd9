import { createPermission } from '@backstage/plugin-permission-common';

/** Read the WAF events of a catalog entity. */
export const wafEventsReadPermission = createPermission({
  name: 'waf.events.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** Every permission of the WAF plugin. */
export const wafPermissions = [wafEventsReadPermission];
