import { PolicyStatementSummary } from '@internal/backstage-plugin-access-audit-common';

const patternCache = new Map<string, RegExp>();

/**
 * IAM wildcard matching: `*` is any run of characters, `?` any one
 * character, everything else literal. Actions compare case-insensitively,
 * resources (ARNs) case-sensitively, as IAM does.
 */
export function matchesPattern(
  pattern: string,
  value: string,
  caseInsensitive: boolean,
): boolean {
  const key = `${caseInsensitive ? 'i' : 's'}:${pattern}`;
  let regex = patternCache.get(key);
  if (!regex) {
    const body = pattern
      .split('')
      .map(ch => {
        if (ch === '*') return '.*';
        if (ch === '?') return '.';
        return ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
      })
      .join('');
    regex = new RegExp(`^${body}$`, caseInsensitive ? 'i' : '');
    patternCache.set(key, regex);
  }
  return regex.test(value);
}

/** The statement covers `action` (through Action or NotAction). */
export function coversAction(
  statement: PolicyStatementSummary,
  action: string,
): boolean {
  if (statement.notActions) {
    return !statement.notActions.some(p => matchesPattern(p, action, true));
  }
  return statement.actions.some(p => matchesPattern(p, action, true));
}

/** The statement covers `resource` (through Resource or NotResource). */
export function coversResource(
  statement: PolicyStatementSummary,
  resource: string,
): boolean {
  if (statement.notResources) {
    return !statement.notResources.some(p =>
      matchesPattern(p, resource, false),
    );
  }
  return statement.resources.some(p => matchesPattern(p, resource, false));
}

/** An action pattern that names more than one action. */
export function isWildcardAction(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Action patterns of an Allow statement that are wildcards (NotAction counts as one). */
export function wildcardActionsOf(statement: PolicyStatementSummary): string[] {
  if (statement.notActions) {
    return [`NotAction ${statement.notActions.join(',')}`];
  }
  return statement.actions.filter(isWildcardAction);
}

/** The statement lets anyone in (`*` or `AWS:*`). */
export function hasWildcardPrincipal(
  statement: PolicyStatementSummary,
): boolean {
  return (
    statement.notPrincipals !== undefined ||
    statement.principals.some(p => p === '*' || p === 'AWS:*')
  );
}
