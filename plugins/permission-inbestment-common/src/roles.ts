import { Config } from '@backstage/config';

/** The portal's roles, derived from catalog group membership. */
export type Role =
  | 'developer'
  | 'teamLead'
  | 'onCall'
  | 'auditor'
  | 'platformAdmin';

type GroupRole = Exclude<Role, 'developer'>;

/** The catalog groups whose members hold each role (lower-case refs). */
export type RoleGroups = Record<GroupRole, string[]>;

export const defaultRoleGroups: RoleGroups = {
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

/**
 * Reads `inbestment.permissions.roleGroups`, keeping the default for every
 * role not configured. The backend's config and the app's `ConfigApi` are
 * both a `Config`, so the policy and the app read the same groups.
 */
export function readRoleGroups(config: Config): RoleGroups {
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
 * The roles of a user given the ownership refs of their token (their user ref
 * and the groups they are a member of), in the order of `roleLabels`:
 * membership of any group that is not a role group (a team) makes a
 * developer.
 */
export function rolesOf(
  ownershipEntityRefs: string[],
  roleGroups: RoleGroups,
): Role[] {
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
