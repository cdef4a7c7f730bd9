import { ConfigApi } from '@backstage/core-plugin-api';

/**
 * The portal's roles, from catalog group membership: the same rule and defaults
 * as the permission policy (plugins/permission-backend-module-inbestment,
 * `roles.ts`), read from the same config, `inbestment.permissions.roleGroups`.
 * The app uses them only to choose what to show first; every decision about
 * access stays with the backend's policy.
 */
export type Role =
  | 'developer'
  | 'teamLead'
  | 'onCall'
  | 'auditor'
  | 'platformAdmin';

type GroupRole = Exclude<Role, 'developer'>;

export type RoleGroups = Record<GroupRole, string[]>;

const defaultRoleGroups: RoleGroups = {
  teamLead: ['group:default/team-leads'],
  onCall: ['group:default/oncall'],
  auditor: ['group:default/auditors'],
  platformAdmin: ['group:default/platform-admins'],
};

/** How each role is named to people, in the order roles lead on the home page. */
export const roleLabels: Record<Role, string> = {
  auditor: 'Auditor',
  onCall: 'On-call',
  teamLead: 'Team lead',
  platformAdmin: 'Platform admin',
  developer: 'Developer',
};

export function readRoleGroups(config: ConfigApi): RoleGroups {
  const configured = config.getOptionalConfig(
    'inbestment.permissions.roleGroups',
  );
  const groups = { ...defaultRoleGroups };
  for (const role of Object.keys(groups) as GroupRole[]) {
    const refs = configured?.getOptionalStringArray(role);
    if (refs) {
      groups[role] = refs.map(ref => ref.toLocaleLowerCase('en-US'));
    }
  }
  return groups;
}

/**
 * The roles of a signed-in user from their ownership refs (their user and
 * groups), in the order of `roleLabels`: membership of any group that is not a
 * role group (a team) makes a developer.
 */
export function rolesOf(ownershipEntityRefs: string[], roleGroups: RoleGroups) {
  const refs = ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US'));
  const roleGroupRefs = new Set(Object.values(roleGroups).flat());
  const held = new Set<Role>();
  for (const [role, groups] of Object.entries(roleGroups)) {
    if (groups.some(group => refs.includes(group))) {
      held.add(role as GroupRole);
    }
  }
  if (refs.some(ref => ref.startsWith('group:') && !roleGroupRefs.has(ref))) {
    held.add('developer');
  }
  return (Object.keys(roleLabels) as Role[]).filter(role => held.has(role));
}
