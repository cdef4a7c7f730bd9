import {
  SecretMetadata,
  SecretReader,
} from '@internal/backstage-plugin-access-audit-common';
import { parsePolicy } from '../policy/parse';
import { findingsForSecret } from './findings';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const daysAgo = (days: number) =>
  new Date(NOW - days * 86_400_000).toISOString();
const thresholds = { rotationMaxAgeDays: 90, unusedAfterDays: 90 };

function secret(overrides: Partial<SecretMetadata>): SecretMetadata {
  return {
    name: 'inbestment/checkout-service/db',
    arn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:inbestment/checkout-service/db-AbCdEf',
    environment: 'prod',
    accountId: '111122223333',
    region: 'eu-west-1',
    kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k1',
    kmsKeyManager: 'CUSTOMER',
    rotationEnabled: true,
    rotationIntervalDays: 30,
    lastRotatedAt: daysAgo(10),
    lastAccessedAt: daysAgo(1),
    createdAt: daysAgo(400),
    tags: {},
    readers: [],
    ...overrides,
  };
}

const types = (s: SecretMetadata, t = thresholds) =>
  findingsForSecret(s, 'component:default/checkout-service', t, NOW).map(
    f => `${f.type}:${f.severity}`,
  );

describe('findingsForSecret', () => {
  it('finds nothing on a well-kept secret', () => {
    expect(types(secret({}))).toEqual([]);
  });

  it('flags disabled, overdue rotation and unused secrets at the thresholds', () => {
    expect(
      types(
        secret({
          rotationEnabled: false,
          lastRotatedAt: daysAgo(91),
          lastAccessedAt: daysAgo(91),
        }),
      ),
    ).toEqual([
      'rotation-disabled:high',
      'rotation-overdue:medium',
      'not-accessed:low',
    ]);
    expect(
      types(
        secret({ lastRotatedAt: daysAgo(90), lastAccessedAt: daysAgo(90) }),
      ),
    ).toEqual([]);
    // Never rotated: the age counts from creation; never accessed: flagged once older than the threshold.
    expect(
      types(
        secret({
          lastRotatedAt: undefined,
          lastAccessedAt: undefined,
          createdAt: daysAgo(100),
        }),
      ),
    ).toEqual(['rotation-overdue:medium', 'not-accessed:low']);
    expect(
      types(
        secret({
          lastRotatedAt: undefined,
          lastAccessedAt: undefined,
          createdAt: daysAgo(5),
        }),
      ),
    ).toEqual([]);
    expect(
      types(secret({ lastRotatedAt: daysAgo(40) }), {
        rotationMaxAgeDays: 30,
        unusedAfterDays: 90,
      }),
    ).toEqual(['rotation-overdue:medium']);
  });

  it('flags wildcard principals and actions in the resource policy with the statement as evidence', () => {
    const findings = findingsForSecret(
      secret({
        resourcePolicy: parsePolicy(
          JSON.stringify({
            Statement: [
              {
                Sid: 'Open',
                Effect: 'Allow',
                Principal: '*',
                Action: 'secretsmanager:GetSecretValue',
                Resource: '*',
              },
              {
                Effect: 'Allow',
                Principal: { AWS: '*' },
                Action: 'secretsmanager:*',
                Resource: '*',
                Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
              },
              { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' },
            ],
          }),
        ),
      }),
      'component:default/checkout-service',
      thresholds,
      NOW,
    );
    expect(findings.map(f => [f.type, f.severity])).toEqual([
      ['wildcard-principal', 'high'],
      ['wildcard-principal', 'medium'],
      ['wildcard-action', 'medium'],
    ]);
    expect(findings[0].evidence).toBe(
      "Statement 'Open' allows secretsmanager:GetSecretValue to Principal * without conditions",
    );
    expect(findings[1].evidence).toContain(
      'StringEquals aws:PrincipalOrgID=o-1',
    );
  });

  it('flags readers outside the component and wildcard grants, and AWS managed keys', () => {
    const reader: SecretReader = {
      kind: 'role',
      name: 'inbestment-platform-admin',
      arn: 'arn:aws:iam::111122223333:role/inbestment-platform-admin',
      accountId: '111122223333',
      external: false,
      ownRole: false,
      actions: ['secretsmanager:GetSecretValue'],
      grantedBy: ['arn:aws:iam::111122223333:policy/Admin'],
      grants: [],
      restrictions: [],
      wildcard: true,
      conditional: false,
      wildcardActions: ['secretsmanager:*'],
    };
    const plain = { wildcard: false, wildcardActions: [] };
    const findings = findingsForSecret(
      secret({
        kmsKeyId: undefined,
        kmsKeyManager: 'AWS',
        readers: [
          reader,
          {
            ...reader,
            ...plain,
            name: 'own',
            arn: 'arn:aws:iam::111122223333:role/own',
            ownRole: true,
          },
          {
            ...reader,
            ...plain,
            name: 'ci',
            arn: 'arn:aws:iam::111122223333:role/ci',
            actions: ['secretsmanager:DescribeSecret'],
          },
          {
            ...reader,
            ...plain,
            kind: 'user',
            name: 'alice',
            arn: 'arn:aws:iam::111122223333:user/alice',
            viaGroups: ['oncall'],
            grantedBy: ['group:oncall inline:read'],
            conditional: true,
            restrictions: [
              {
                source: 'resource-policy',
                policy: 'resource policy',
                statement: 'DenyOutsideOrg',
                effect: 'Deny',
                actions: ['secretsmanager:GetSecretValue'],
                conditions: [
                  {
                    operator: 'StringNotEquals',
                    key: 'aws:PrincipalOrgID',
                    values: ['o-1'],
                  },
                ],
              },
            ],
          },
          // Listed for the why; its members carry the findings.
          {
            ...reader,
            ...plain,
            kind: 'group',
            name: 'oncall',
            arn: 'arn:aws:iam::111122223333:group/oncall',
            members: ['alice'],
          },
          {
            ...reader,
            ...plain,
            kind: 'account',
            name: '999988887777',
            arn: 'arn:aws:iam::999988887777:root',
            accountId: '999988887777',
            external: true,
            grantedBy: ['resource policy'],
          },
          {
            ...reader,
            ...plain,
            kind: 'role',
            name: 'reporting',
            arn: 'arn:aws:iam::444455556666:role/reporting',
            accountId: '444455556666',
            external: true,
            actions: ['secretsmanager:DescribeSecret'],
            grantedBy: ['resource policy'],
          },
        ],
      }),
      'component:default/checkout-service',
      thresholds,
      NOW,
    );
    expect(
      findings.map(f => [
        f.type,
        f.severity,
        f.principalKind,
        f.principalArn?.split(/[:/]/).pop(),
        f.roleArn?.split('/')[1],
      ]),
    ).toEqual([
      [
        'wildcard-action',
        'medium',
        'role',
        'inbestment-platform-admin',
        'inbestment-platform-admin',
      ],
      [
        'readable-by-other-roles',
        'medium',
        'role',
        'inbestment-platform-admin',
        'inbestment-platform-admin',
      ],
      ['readable-by-other-roles', 'low', 'role', 'ci', 'ci'],
      ['readable-by-other-roles', 'medium', 'user', 'alice', undefined],
      ['cross-account-access', 'high', 'account', 'root', undefined],
      ['cross-account-access', 'medium', 'role', 'reporting', 'reporting'],
      ['no-customer-managed-key', 'low', undefined, undefined, undefined],
    ]);
    expect(findings[3].evidence).toBe(
      'user alice (in group oncall) may secretsmanager:GetSecretValue via group:oncall inline:read (conditional: denied in the resource policy statement DenyOutsideOrg if StringNotEquals aws:PrincipalOrgID=o-1)',
    );
    expect(findings[4].evidence).toMatch(
      /^account 999988887777 may secretsmanager:GetSecretValue via resource policy; /,
    );
    expect(new Set(findings.map(f => f.id)).size).toBe(findings.length);
  });
});
