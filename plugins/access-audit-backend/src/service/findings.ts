import {
  Finding,
  FindingSeverity,
  FindingType,
  PolicyCondition,
  ReaderStatement,
  SecretMetadata,
  SecretReader,
} from '@internal/backstage-plugin-access-audit-common';
import { hasWildcardPrincipal, wildcardActionsOf } from '../policy/match';
import { SECRET_VALUE_ACTIONS } from '../policy/access';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface FindingThresholds {
  rotationMaxAgeDays: number;
  unusedAfterDays: number;
}

const daysSince = (iso: string, now: number) =>
  Math.floor((now - Date.parse(iso)) / DAY_MS);

const conditionsText = (conditions: PolicyCondition[]) =>
  conditions
    .map(c => `${c.operator} ${c.key}=${c.values.join('|')}`)
    .join('; ');

/** "in the resource policy statement X if …", "in boundary arn:… statement #1 if …". */
function statementText(s: ReaderStatement): string {
  const where =
    s.source === 'resource-policy'
      ? 'the resource policy'
      : `${s.source === 'boundary' ? 'boundary ' : ''}${s.policy}`;
  const conditions = s.conditions.length
    ? ` if ${conditionsText(s.conditions)}`
    : '';
  return `in ${where} statement ${s.statement}${conditions}`;
}

/** "role x", "user y (via group g)", "account 999988887777". */
export function readerLabel(reader: SecretReader): string {
  const via = reader.viaGroups?.length
    ? ` (in group ${reader.viaGroups.join(', ')})`
    : '';
  return `${reader.external && reader.kind !== 'account' ? 'external ' : ''}${
    reader.kind
  } ${reader.name}${via}`;
}

/** Why the reader reads only under conditions, as evidence. */
function conditionalText(reader: SecretReader): string {
  if (!reader.conditional) return '';
  const parts = [
    ...reader.grants
      .filter(g => g.conditions.length)
      .map(g => `granted ${statementText(g)}`),
    ...reader.restrictions.map(r =>
      r.effect === 'Deny'
        ? `denied ${statementText(r)}`
        : `limited by ${statementText(r)}`,
    ),
  ];
  return parts.length
    ? ` (conditional: ${parts.join('; ')})`
    : ' (conditional)';
}

/** Evaluates the audit rules on one secret of a component. */
export function findingsForSecret(
  secret: SecretMetadata,
  entityRef: string,
  thresholds: FindingThresholds,
  now: number,
): Finding[] {
  const findings: Finding[] = [];
  const add = (
    type: FindingType,
    severity: FindingSeverity,
    title: string,
    evidence: string,
    principal?: Pick<Finding, 'roleArn' | 'principalArn' | 'principalKind'>,
  ) =>
    findings.push({
      id: [type, secret.arn, principal?.principalArn].filter(Boolean).join('|'),
      type,
      severity,
      title,
      evidence,
      entityRef,
      environment: secret.environment,
      accountId: secret.accountId,
      region: secret.region,
      secretName: secret.name,
      secretArn: secret.arn,
      ...principal,
    });

  if (!secret.rotationEnabled) {
    add(
      'rotation-disabled',
      'high',
      'Rotation is disabled',
      'RotationEnabled is false: the secret keeps its value until someone changes it by hand',
    );
  }

  const rotatedOrCreated = secret.lastRotatedAt ?? secret.createdAt;
  if (
    rotatedOrCreated &&
    daysSince(rotatedOrCreated, now) > thresholds.rotationMaxAgeDays
  ) {
    add(
      'rotation-overdue',
      'medium',
      `Not rotated in more than ${thresholds.rotationMaxAgeDays} days`,
      secret.lastRotatedAt
        ? `Last rotated ${secret.lastRotatedAt} (${daysSince(
            secret.lastRotatedAt,
            now,
          )} days ago)`
        : `Never rotated; created ${secret.createdAt} (${daysSince(
            secret.createdAt!,
            now,
          )} days ago)`,
    );
  }

  if (secret.lastAccessedAt) {
    if (daysSince(secret.lastAccessedAt, now) > thresholds.unusedAfterDays) {
      add(
        'not-accessed',
        'low',
        `Not accessed in ${thresholds.unusedAfterDays} days`,
        `Last accessed ${secret.lastAccessedAt} (${daysSince(
          secret.lastAccessedAt,
          now,
        )} days ago); an unused secret is still a credential to leak`,
      );
    }
  } else if (
    secret.createdAt &&
    daysSince(secret.createdAt, now) > thresholds.unusedAfterDays
  ) {
    add(
      'not-accessed',
      'low',
      `Not accessed in ${thresholds.unusedAfterDays} days`,
      `Never accessed since it was created ${secret.createdAt}`,
    );
  }

  for (const [index, statement] of (secret.resourcePolicy ?? []).entries()) {
    if (statement.effect !== 'Allow') continue;
    const label = statement.sid ? `'${statement.sid}'` : `#${index + 1}`;
    if (hasWildcardPrincipal(statement)) {
      add(
        'wildcard-principal',
        statement.conditions.length ? 'medium' : 'high',
        'Resource policy allows any principal',
        `Statement ${label} allows ${
          statement.actions.join(', ') || 'NotAction'
        } to Principal ${
          statement.notPrincipals
            ? `NotPrincipal ${statement.notPrincipals.join(', ')}`
            : statement.principals.join(', ')
        }${
          statement.conditions.length
            ? ` under conditions ${statement.conditions
                .map(c => `${c.operator} ${c.key}=${c.values.join('|')}`)
                .join('; ')}`
            : ' without conditions'
        }`,
      );
    }
    const wildcards = wildcardActionsOf(statement);
    if (wildcards.length) {
      add(
        'wildcard-action',
        'medium',
        'Resource policy grants wildcard actions',
        `Statement ${label} allows ${wildcards.join(
          ', ',
        )} to ${statement.principals.join(', ')}`,
      );
    }
  }

  for (const reader of secret.readers) {
    // Groups are listed as readers for the why; their members carry the findings.
    // `any` is the wildcard-principal finding above.
    if (reader.kind === 'group' || reader.kind === 'any') continue;
    const principal = {
      principalArn: reader.arn,
      principalKind: reader.kind,
      ...(reader.kind === 'role' ? { roleArn: reader.arn } : {}),
    };
    const readsValue = reader.actions.some(a => SECRET_VALUE_ACTIONS.has(a));
    if (reader.wildcardActions.length) {
      add(
        'wildcard-action',
        'medium',
        reader.kind === 'role'
          ? 'Role policy grants wildcard actions on the secret'
          : `${
              reader.kind === 'user' ? 'User' : 'Resource'
            } policy grants wildcard actions on the secret`,
        `${readerLabel(reader)} gets ${reader.actions.join(
          ', ',
        )} through ${reader.wildcardActions.join(
          ', ',
        )} in ${reader.grantedBy.join(', ')}`,
        principal,
      );
    }
    if (
      reader.external &&
      (reader.kind === 'account' ||
        reader.kind === 'role' ||
        reader.kind === 'user' ||
        reader.kind === 'federated')
    ) {
      add(
        'cross-account-access',
        readsValue && !reader.conditional ? 'high' : 'medium',
        readsValue
          ? 'Value readable from another account'
          : 'Metadata readable from another account',
        `${readerLabel(reader)}${
          reader.accountId && reader.kind !== 'account'
            ? ` of account ${reader.accountId}`
            : ''
        } may ${reader.actions.join(', ')} via ${reader.grantedBy.join(
          ', ',
        )}${conditionalText(reader)}; ${
          reader.notes?.join('; ') ?? 'its own policies are not visible here'
        }`,
        principal,
      );
      continue;
    }
    if (!reader.ownRole) {
      add(
        'readable-by-other-roles',
        readsValue ? 'medium' : 'low',
        readsValue
          ? `Value readable by a ${reader.kind} outside the component`
          : `Metadata readable by a ${reader.kind} outside the component`,
        `${readerLabel(reader)} may ${reader.actions.join(
          ', ',
        )} via ${reader.grantedBy.join(', ')}${conditionalText(reader)}`,
        principal,
      );
    }
  }

  if (secret.kmsKeyManager !== 'CUSTOMER') {
    add(
      'no-customer-managed-key',
      'low',
      'Not encrypted with a customer-managed KMS key',
      secret.kmsKeyManager === 'AWS'
        ? `Encrypted with the AWS managed key ${
            secret.kmsKeyId ?? 'aws/secretsmanager'
          }: its key policy cannot be narrowed`
        : `Could not tell who manages key ${secret.kmsKeyId}`,
    );
  }
  return findings;
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = {
  high: 0,
  medium: 1,
  low: 2,
};

/** Most severe first, then by component, secret and type. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.entityRef.localeCompare(b.entityRef) ||
    (a.secretName ?? '').localeCompare(b.secretName ?? '') ||
    a.id.localeCompare(b.id)
  );
}
