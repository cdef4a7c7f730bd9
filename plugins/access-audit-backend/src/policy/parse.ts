import {
  PolicyCondition,
  PolicyStatementSummary,
} from '@internal/backstage-plugin-access-audit-common';

type Json = any;

function toList(value: Json): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** `"*"` or `{ AWS: [...], Service: ..., Federated: ... }` as `Type:value` strings. */
function principalList(value: Json): string[] {
  if (value === undefined) return [];
  if (value === '*') return ['*'];
  if (typeof value !== 'object' || value === null) return [String(value)];
  return Object.entries(value).flatMap(([type, ids]) =>
    toList(ids).map(id => `${type}:${id}`),
  );
}

function conditionList(value: Json): PolicyCondition[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([operator, byKey]) =>
    Object.entries((byKey ?? {}) as Record<string, Json>).map(
      ([key, values]) => ({ operator, key, values: toList(values) }),
    ),
  );
}

/**
 * IAM returns policy documents URL-encoded (GetAccountAuthorizationDetails,
 * GetPolicyVersion, GetRolePolicy); Secrets Manager returns plain JSON.
 */
export function decodePolicyDocument(document: string): string {
  const trimmed = document.trim();
  return trimmed.startsWith('{') ? trimmed : decodeURIComponent(trimmed);
}

/** Parses a policy document into statements; throws on text that is not a policy. */
export function parsePolicy(document: string): PolicyStatementSummary[] {
  const parsed = JSON.parse(decodePolicyDocument(document));
  if (!parsed || typeof parsed !== 'object') {
    throw new Error('Policy document is not a JSON object');
  }
  const statements = Array.isArray(parsed.Statement)
    ? parsed.Statement
    : [parsed.Statement].filter(Boolean);
  return statements.map((s: Json): PolicyStatementSummary => {
    const summary: PolicyStatementSummary = {
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      principals: principalList(s.Principal),
      actions: toList(s.Action),
      resources: toList(s.Resource),
      conditions: conditionList(s.Condition),
    };
    if (s.Sid) summary.sid = String(s.Sid);
    if (s.NotPrincipal !== undefined) {
      summary.notPrincipals = principalList(s.NotPrincipal);
    }
    if (s.NotAction !== undefined) summary.notActions = toList(s.NotAction);
    if (s.NotResource !== undefined) {
      summary.notResources = toList(s.NotResource);
    }
    return summary;
  });
}
