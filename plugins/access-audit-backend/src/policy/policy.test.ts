import { readAccessOf, ParsedRole } from './access';
import { matchesPattern } from './match';
import { parsePolicy } from './parse';
import { summariseTrustStatement } from './trust';

const SECRET =
  'arn:aws:secretsmanager:eu-west-1:111122223333:secret:inbestment/checkout-service/db-credentials-AbCdEf';

const doc = (...Statement: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });

function role(name: string, ...documents: string[]): ParsedRole {
  return {
    roleName: name,
    roleArn: `arn:aws:iam::111122223333:role/${name}`,
    trust: [],
    policies: documents.map((d, i) => ({
      kind: 'inline' as const,
      name: `p${i}`,
      statements: parsePolicy(d),
    })),
  };
}

describe('IAM wildcard matching', () => {
  it.each([
    ['secretsmanager:*', 'secretsmanager:GetSecretValue', true, true],
    ['SecretsManager:getsecret*', 'secretsmanager:GetSecretValue', true, true],
    [
      'secretsmanager:Get?ecretValue',
      'secretsmanager:GetSecretValue',
      true,
      true,
    ],
    ['secretsmanager:Describe*', 'secretsmanager:GetSecretValue', true, false],
    [
      'arn:aws:secretsmanager:*:*:secret:inbestment/checkout-service/*',
      SECRET,
      false,
      true,
    ],
    [
      'arn:aws:secretsmanager:*:*:secret:inbestment/checkout-service/db-credentials-??????',
      SECRET,
      false,
      true,
    ],
    [
      'arn:aws:secretsmanager:*:*:secret:inbestment/checkout-service/db-credentials-?',
      SECRET,
      false,
      false,
    ],
    ['arn:aws:secretsmanager:*:*:secret:Inbestment/*', SECRET, false, false],
    [
      'arn:aws:secretsmanager:*:*:secret:inbestment/checkout.service/*',
      SECRET,
      false,
      false,
    ],
  ])('%s against %s', (pattern, value, insensitive, expected) => {
    expect(matchesPattern(pattern, value, insensitive)).toBe(expected);
  });
});

describe('parsePolicy', () => {
  it('normalises single values, principals and conditions, and decodes IAM URL encoding', () => {
    const text = encodeURIComponent(
      doc({
        Sid: 'S1',
        Effect: 'Allow',
        Principal: {
          AWS: ['arn:aws:iam::1:role/a', 'arn:aws:iam::1:role/b'],
          Service: 'lambda.amazonaws.com',
        },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
      }),
    );
    expect(parsePolicy(text)).toEqual([
      {
        sid: 'S1',
        effect: 'Allow',
        principals: [
          'AWS:arn:aws:iam::1:role/a',
          'AWS:arn:aws:iam::1:role/b',
          'Service:lambda.amazonaws.com',
        ],
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['*'],
        conditions: [
          {
            operator: 'StringEquals',
            key: 'aws:PrincipalOrgID',
            values: ['o-1'],
          },
        ],
      },
    ]);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parsePolicy('not a policy')).toThrow();
  });
});

describe('summariseTrustStatement', () => {
  it('reads the OIDC provider and the service accounts of an IRSA trust', () => {
    const [statement] = parsePolicy(
      doc({
        Effect: 'Allow',
        Principal: {
          Federated:
            'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC',
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud': 'sts.amazonaws.com',
          },
          StringLike: {
            'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': [
              'system:serviceaccount:inbestment:checkout-service',
              'system:serviceaccount:batch:*',
            ],
          },
        },
      }),
    );
    const trust = summariseTrustStatement(statement);
    expect(trust.oidcProviders).toEqual([
      'oidc.eks.eu-west-1.amazonaws.com/id/ABC',
    ]);
    expect(trust.serviceAccounts).toEqual([
      { namespace: 'inbestment', name: 'checkout-service' },
      { namespace: 'batch', name: '*' },
    ]);
  });
});

describe('readAccessOf', () => {
  it('finds read grants through exact, wildcard and NotAction statements', () => {
    const exact = role(
      'own',
      doc({
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource:
          'arn:aws:secretsmanager:eu-west-1:111122223333:secret:inbestment/checkout-service/*',
      }),
    );
    expect(readAccessOf(exact, SECRET, 'own')).toMatchObject({
      ownRole: true,
      actions: ['secretsmanager:GetSecretValue'],
      grantedBy: ['inline:p0'],
      wildcard: false,
      conditional: false,
      wildcardActions: [],
    });

    const admin = role(
      'admin',
      doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
    );
    expect(readAccessOf(admin, SECRET, 'own')).toMatchObject({
      ownRole: false,
      actions: [
        'secretsmanager:GetSecretValue',
        'secretsmanager:BatchGetSecretValue',
        'secretsmanager:DescribeSecret',
      ],
      wildcard: true,
      wildcardActions: ['NotAction iam:*'],
    });
  });

  it('ignores other secrets, other actions and unconditional denies; keeps conditional grants', () => {
    const other = role(
      'other',
      doc({
        Effect: 'Allow',
        Action: 'secretsmanager:*',
        Resource:
          'arn:aws:secretsmanager:*:*:secret:inbestment/payment-service/*',
      }),
    );
    expect(readAccessOf(other, SECRET, 'own')).toBeUndefined();

    const listOnly = role(
      'list',
      doc({
        Effect: 'Allow',
        Action: [
          'secretsmanager:ListSecrets',
          'secretsmanager:GetResourcePolicy',
        ],
        Resource: '*',
      }),
    );
    expect(readAccessOf(listOnly, SECRET, 'own')).toBeUndefined();

    const denied = role(
      'denied',
      doc({ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }),
      doc({
        Effect: 'Deny',
        Action: 'secretsmanager:*SecretValue',
        Resource: '*',
      }),
    );
    expect(readAccessOf(denied, SECRET, 'own')?.actions).toEqual([
      'secretsmanager:DescribeSecret',
    ]);

    const conditional = role(
      'cond',
      doc({
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      }),
    );
    expect(readAccessOf(conditional, SECRET, 'own')).toMatchObject({
      conditional: true,
      wildcard: true,
    });
  });
});
