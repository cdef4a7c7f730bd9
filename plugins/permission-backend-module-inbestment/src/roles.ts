import { Config } from '@backstage/config';

/** The portal's roles, derived from catalog group membership. */
export type Role =
  | 'developer'
  | 'teamLead'
  | 'onCall'
  | 'auditor'
  | 'platformAdmin';

type GroupRole = Exclude<Role, 'developer'>;

export type RoleGroups = Record<GroupRole, string[]>;

export const defaultRoleGroups: RoleGroups = {
  teamLead: ['group:default/team-leads'],
  onCall: ['group:default/oncall'],
  auditor: ['group:default/auditors'],
  platformAdmin: ['group:default/platform-admins'],
};

/** Reads `inbestment.permissions.roleGroups`, keeping the default for every role not configured. */
export function readRoleGroups(config: Config): RoleGroups {
  const roleGroups = config.getOptionalConfig(
    'inbestment.permissions.roleGroups',
  );
  const groups = { ...defaultRoleGroups };
  for (const role of Object.keys(groups) as GroupRole[]) {
    const refs = roleGroups?.getOptionalStringArray(role);
    if (refs) {
      groups[role] = refs.map(ref => ref.toLocaleLowerCase('en-US'));
    }
  }
  return groups;
}

/**
 * The roles of a user given the ownership refs of their token: their user ref and the groups they
 * are a member of. Membership of any group that is not a role group (a team) makes a developer.
 */
export function rolesOf(
  ownershipEntityRefs: string[],
  roleGroups: RoleGroups,
): Set<Role> {
  const refs = ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US'));
  const roles = new Set<Role>();
  const allRoleGroups = new Set(Object.values(roleGroups).flat());
  for (const [role, groups] of Object.entries(roleGroups)) {
    if (groups.some(group => refs.includes(group))) {
      roles.add(role as GroupRole);
    }
  }
  if (refs.some(ref => ref.startsWith('group:') && !allRoleGroups.has(ref))) {
    roles.add('developer');
  }
  return roles;
}
