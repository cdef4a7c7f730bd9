import { createPermission } from '@backstage/plugin-permission-common';

/** Read the CloudWatch alarms (and their metrics) of a catalog entity. */
export const cloudWatchAlarmsReadPermission = createPermission({
  name: 'cloudwatch.alarms.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** Every permission of the CloudWatch plugin. */
export const cloudWatchPermissions = [cloudWatchAlarmsReadPermission];
