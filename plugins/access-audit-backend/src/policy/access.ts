import {
  PolicyStatementSummary,
  SecretReader,
} from '@internal/backstage-plugin-access-audit-common';
import { coversAction, coversResource, wildcardActionsOf } from './match';

/** An identity policy of a role, parsed. */
export interface ParsedPolicy {
  kind: 'inline' | 'managed';
  name: string;
  arn?: string;
  statements: PolicyStatementSummary[];
}

/** A role of the account with its parsed trust and identity policies. */
export interface ParsedRole {
  roleName: string;
  roleArn: string;
  trust: PolicyStatementSummary[];
  policies: ParsedPolicy[];
}

/**
 * Actions that read a secret: the value, or the metadata that tells an
 * attacker what to ask for.
 */
export const SECRET_READ_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'secretsmanager:DescribeSecret',
];

/** Read actions that reveal the value. */
export const SECRET_VALUE_ACTIONS = new Set([
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
]);

/**
 * Which read actions a role's identity policies allow on a secret. An
 * unconditional Deny in the same policies removes the action; conditional
 * grants still count (the audit reports who may read under some conditions).
 * Permission boundaries and SCPs are not evaluated.
 */
export function readAccessOf(
  role: ParsedRole,
  secretArn: string,
  /** The component's IRSA role, when it holds that claim. */
  ownRoleName: string | undefined,
): SecretReader | undefined {
  const allowed = new Set<string>();
  const grantedBy = new Set<string>();
  const wildcardActions = new Set<string>();
  let wildcard = false;
  let conditional = true;
  for (const action of SECRET_READ_ACTIONS) {
    const denied = role.policies.some(policy =>
      policy.statements.some(
        s =>
          s.effect === 'Deny' &&
          s.conditions.length === 0 &&
          coversAction(s, action) &&
          coversResource(s, secretArn),
      ),
    );
    if (denied) continue;
    for (const policy of role.policies) {
      for (const s of policy.statements) {
        if (
          s.effect !== 'Allow' ||
          !coversAction(s, action) ||
          !coversResource(s, secretArn)
        ) {
          continue;
        }
        allowed.add(action);
        grantedBy.add(
          policy.kind === 'inline' ? `inline:${policy.name}` : policy.arn!,
        );
        const actionWildcards = wildcardActionsOf(s);
        actionWildcards.forEach(w => wildcardActions.add(w));
        if (
          actionWildcards.length ||
          s.notResources ||
          s.resources.includes('*')
        ) {
          wildcard = true;
        }
        if (s.conditions.length === 0) conditional = false;
      }
    }
  }
  if (allowed.size === 0) return undefined;
  return {
    roleName: role.roleName,
    roleArn: role.roleArn,
    ownRole: role.roleName === ownRoleName,
    actions: [...allowed],
    grantedBy: [...grantedBy].sort(),
    wildcard,
    conditional,
    wildcardActions: [...wildcardActions].sort(),
  };
}
