import { PrincipalKind } from '@internal/backstage-plugin-access-audit-common';
import { parse as parseArn, validate as isArn } from '@aws-sdk/util-arn-parser';

const ACCOUNT_ID = /^\d{12}$/;

/** A principal named in a resource policy, as a reader is shown. */
export interface ClassifiedPrincipal {
  kind: PrincipalKind;
  name: string;
  arn: string;
  accountId?: string;
  external: boolean;
}

/**
 * The account an account principal names (`AWS:123456789012` or
 * `AWS:arn:aws:iam::123456789012:root`), else undefined.
 */
export function accountPrincipalOf(principal: string): string | undefined {
  if (!principal.startsWith('AWS:')) return undefined;
  const value = principal.slice(4);
  if (ACCOUNT_ID.test(value)) return value;
  if (isArn(value)) {
    const arn = parseArn(value);
    if (arn.service === 'iam' && arn.resource === 'root') return arn.accountId;
  }
  return undefined;
}

/**
 * The name of the resource after its type: `role/path/name` → `name`,
 * `assumed-role/name/session` → `name (session session)`.
 */
function resourceName(resource: string): { type: string; name: string } {
  const [type, ...rest] = resource.split('/');
  if (type === 'assumed-role') {
    return { type, name: `${rest[0]} (session ${rest.slice(1).join('/')})` };
  }
  return { type, name: rest[rest.length - 1] ?? resource };
}

/**
 * What a resource policy's principal string (`*`, `AWS:<arn or account>`,
 * `Service:<name>`, `Federated:<provider>`) is: kind, display name, account,
 * and whether it is outside `secretAccountId`.
 */
export function classifyPrincipal(
  principal: string,
  secretAccountId: string,
): ClassifiedPrincipal {
  if (principal === '*' || principal === 'AWS:*') {
    return { kind: 'any', name: '*', arn: '*', external: true };
  }
  const colon = principal.indexOf(':');
  const type = principal.slice(0, colon);
  const value = principal.slice(colon + 1);
  if (type === 'Service') {
    return { kind: 'service', name: value, arn: value, external: true };
  }
  if (type !== 'AWS') {
    return { kind: 'federated', name: value, arn: value, external: true };
  }
  const account = accountPrincipalOf(principal);
  if (account) {
    return {
      kind: 'account',
      name: account,
      arn: `arn:aws:iam::${account}:root`,
      accountId: account,
      external: account !== secretAccountId,
    };
  }
  if (isArn(value)) {
    const arn = parseArn(value);
    const { type: resourceType, name } = resourceName(arn.resource);
    const kind: PrincipalKind = resourceType === 'user' ? 'user' : 'role';
    return {
      kind,
      name,
      arn: value,
      accountId: arn.accountId,
      external: arn.accountId !== secretAccountId,
    };
  }
  // A unique id (AIDA… user, AROA… role): IAM shows one when the principal was deleted.
  return {
    kind: value.startsWith('AIDA') ? 'user' : 'role',
    name: `${value} (deleted principal)`,
    arn: value,
    external: false,
  };
}
