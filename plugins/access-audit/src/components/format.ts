import {
  PolicyCondition,
  PolicyGrantSummary,
  PolicyStatementSummary,
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
