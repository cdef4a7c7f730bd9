import {
  PolicyCondition,
  PolicyGrantSummary,
  PolicyStatementSummary,
  PrincipalKind,
  ReaderStatement,
  SecretReader,
} from '@internal/backstage-plugin-access-audit-common';

/** `2026-11-23` from an ISO time; a dash when absent. */
export function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '–';
}

function conditionText(conditions: PolicyCondition[]): string {
  return conditions.length
    ? ` if ${conditions
        .map(c => `${c.operator} ${c.key} = ${c.values.join(' | ')}`)
        .join(' and ')}`
    : '';
}

/** "Allow secretsmanager:GetSecretValue on arn:... if ..." */
export function grantText(grant: PolicyGrantSummary): string {
  const actions = grant.notActions
    ? `everything but ${grant.notActions.join(', ')}`
    : grant.actions.join(', ');
  const resources = grant.notResources
    ? `everything but ${grant.notResources.join(', ')}`
    : grant.resources.join(', ');
  return `${grant.effect} ${actions} on ${resources}${conditionText(
    grant.conditions,
  )}`;
}

/** "Allow * to secretsmanager:GetSecretValue" for a resource policy statement. */
export function statementText(statement: PolicyStatementSummary): string {
  const principals = statement.notPrincipals
    ? `everyone but ${statement.notPrincipals.join(', ')}`
    : statement.principals.join(', ');
  const actions = statement.notActions
    ? `everything but ${statement.notActions.join(', ')}`
    : statement.actions.join(', ');
  return `${statement.effect} ${principals} to ${actions}${conditionText(
    statement.conditions,
  )}`;
}

/** How each kind of reader is named in the table. */
export const PRINCIPAL_KIND_LABEL: Record<PrincipalKind, string> = {
  role: 'role',
  user: 'user',
  group: 'group',
  account: 'account',
  service: 'AWS service',
  federated: 'federated',
  any: 'anyone',
};

/** "role", "external role", "account" (always another account), "anyone". */
export function readerKindText(reader: SecretReader): string {
  return reader.external && (reader.kind === 'role' || reader.kind === 'user')
    ? `external ${PRINCIPAL_KIND_LABEL[reader.kind]}`
    : PRINCIPAL_KIND_LABEL[reader.kind];
}

function readerStatementText(s: ReaderStatement): string {
  const where =
    s.source === 'resource-policy'
      ? 'resource policy'
      : `${s.source === 'boundary' ? 'boundary ' : ''}${s.policy}`;
  return `${where} statement ${s.statement}${conditionText(s.conditions)}`;
}

/**
 * Why a reader reads: the granting policies, the groups or members, the
 * boundary, and what makes it conditional.
 */
export function readerWhy(reader: SecretReader): string[] {
  const lines = [`via ${reader.grantedBy.join(', ')}`];
  if (reader.viaGroups?.length) {
    lines.push(`member of ${reader.viaGroups.join(', ')}`);
  }
  if (reader.members) {
    lines.push(
      reader.members.length
        ? `members: ${reader.members.join(', ')}`
        : 'no members',
    );
  }
  if (reader.permissionsBoundary) {
    lines.push(`within boundary ${reader.permissionsBoundary}`);
  }
  for (const g of reader.grants) {
    if (g.conditions.length) {
      lines.push(`allowed only by ${readerStatementText(g)}`);
    }
  }
  for (const r of reader.restrictions) {
    lines.push(
      `${r.effect === 'Deny' ? 'denied' : 'limited'} by ${readerStatementText(
        r,
      )}`,
    );
  }
  lines.push(...(reader.notes ?? []));
  return lines;
}
