import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  Role,
  RoleGroups,
  rolesOf,
} from '@internal/backstage-plugin-permission-inbestment-common';

/**
 * What a role may do with one permission: `allow`, `own` (only for catalog entities the user's
 * groups own, or scaffolder tasks the user created) or nothing (deny).
 */
export type Grant = 'allow' | 'own';

/**
 * Everyone signed in: reads the portal needs to work. Permissions matched by name so that plugins
 * of this repo can be granted without the policy importing their packages.
 */
const signedInReads = new Set([
  'catalog.entity.read',
  'catalog.location.read',
  'catalog.entity.validate',
  'catalog.entities.unprocessed.read',
  'scaffolder.template.parameter.read',
  'scaffolder.template.step.read',
]);

const awsViews = new Set([
  'eks.deployments.read',
  'cloudwatch.alarms.read',
  'waf.events.read',
]);

/** Grants per permission and role; a role missing from a row is denied. Platform admins may do everything. */
export const grants: Record<
  string,
  Partial<Record<Role | 'signedIn', Grant>>
> = {
  'catalog.entity.refresh': { signedIn: 'own', teamLead: 'allow' },
  'catalog.entity.delete': { teamLead: 'own' },
  'catalog.location.delete': { teamLead: 'allow' },
  'catalog.location.create': { developer: 'allow', teamLead: 'allow' },
  'catalog.location.analyze': { developer: 'allow', teamLead: 'allow' },
  'catalog.entity.create': { developer: 'allow', teamLead: 'allow' },
  'scaffolder.task.create': { developer: 'allow', teamLead: 'allow' },
  'scaffolder.action.execute': { developer: 'allow', teamLead: 'allow' },
  'scaffolder.template.dry-run': { developer: 'allow', teamLead: 'allow' },
  'scaffolder.task.read': { signedIn: 'own' },
  'scaffolder.task.cancel': { signedIn: 'own' },
  'access-audit.entity.read': { signedIn: 'own', auditor: 'allow' },
  'access-audit.findings.read': { auditor: 'allow' },
  // Scorecards are evidence for team leads and auditors across the store; a developer sees their own team's.
  'scorecards.entity.read': {
    signedIn: 'own',
    teamLead: 'allow',
    onCall: 'allow',
    auditor: 'allow',
  },
  'scorecards.store.read': { teamLead: 'allow', auditor: 'allow' },
  ...Object.fromEntries(
    [...awsViews].map(name => [
      name,
      {
        developer: 'own',
        teamLead: 'own',
        onCall: 'allow',
        auditor: 'allow',
      } as const,
    ]),
  ),
};

/** The strongest grant a set of roles has for a permission (`allow` beats `own`). */
export function grantFor(
  permissionName: string,
  roles: Set<Role>,
): Grant | undefined {
  if (roles.has('platformAdmin') || signedInReads.has(permissionName)) {
    return 'allow';
  }
  const row = grants[permissionName] ?? {};
  const held = (['signedIn', ...roles] as const)
    .map(role => row[role])
    .filter((grant): grant is Grant => grant !== undefined);
  if (held.includes('allow')) return 'allow';
  if (held.includes('own')) return 'own';
  return undefined;
}

/**
 * The portal's permission policy. Roles come from the catalog groups in the user's token; owner
 * grants become conditional decisions the owning plugin (catalog, scaffolder) resolves with its
 * own rules, so a per-entity check from any plugin is answered by the catalog.
 */
export class InbestmentPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      roleGroups: RoleGroups;
      userInfo: UserInfoService;
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { userEntityRef, ownershipEntityRefs } =
      await this.options.userInfo.getUserInfo(user.credentials);
    const grant = grantFor(
      request.permission.name,
      new Set(rolesOf(ownershipEntityRefs, this.options.roleGroups)),
    );
    if (grant === 'allow') {
      return { result: AuthorizeResult.ALLOW };
    }
    if (grant === 'own') {
      return ownDecision(
        request.permission,
        userEntityRef,
        ownershipEntityRefs,
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}

function ownDecision(
  permission: Permission,
  userEntityRef: string,
  ownershipEntityRefs: string[],
): PolicyDecision {
  if (isResourcePermission(permission, 'catalog-entity')) {
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
    );
  }
  if (isResourcePermission(permission, 'scaffolder-task')) {
    return createScaffolderTaskConditionalDecision(
      permission,
      scaffolderTaskConditions.isTaskOwner({ createdBy: [userEntityRef] }),
    );
  }
  // An owner grant on a permission without an owned resource cannot be checked: deny.
  return { result: AuthorizeResult.DENY };
}
