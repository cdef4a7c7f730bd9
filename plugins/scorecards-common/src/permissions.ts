import { createPermission } from '@backstage/plugin-permission-common';

/** Read the production-readiness scorecard of a catalog entity (its card, its row in a team's ranking). */
export const scorecardsEntityReadPermission = createPermission({
  name: 'scorecards.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** Read the store-wide scorecards view and its CSV export. */
export const scorecardsStoreReadPermission = createPermission({
  name: 'scorecards.store.read',
  attributes: { action: 'read' },
});

/** Every permission of the scorecards plugin. */
export const scorecardsPermissions = [
  scorecardsEntityReadPermission,
  scorecardsStoreReadPermission,
];
