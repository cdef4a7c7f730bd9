import { ParsedIam, ParsedPrincipal, readersOf } from './access';
import { matchesPattern } from './match';
import { parsePolicy } from './parse';
import { summariseTrustStatement } from './trust';

const SECRET =
  'arn:aws:secretsmanager:eu-west-1:111122223333:secret:inbestment/checkout-service/db-credentials-AbCdEf';

const doc = (...Statement: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });

const ACCOUNT = '111122223333';

function principal(
  kind: ParsedPrincipal['kind'],
  name: string,
  documents: string[],
  extra: Partial<ParsedPrincipal> = {},
): ParsedPrincipal {
  return {
    kind,
    name,
    arn: `arn:aws:iam::${ACCOUNT}:${kind}/${name}`,
    trust: [],
    policies: documents.map((d, i) => ({
      kind: 'inline' as const,
      name: `p${i}`,
      statements: parsePolicy(d),
    })),
    groups: [],
    ...extra,
  };
}
const role = (name: string, ...documents: string[]) =>
  principal('role', name, documents);

const boundary = (document: string) => ({
  kind: 'managed' as const,
  name: 'boundary',
  arn: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
  statements: parsePolicy(document),
});

/** The readers of SECRET, as `<kind> <name>: <actions>`. */
function readers(
  iam: Partial<ParsedIam>,
  resourcePolicy?: string,
  ownRoleName = 'own',
) {
  return readersOf({
    secretArn: SECRET,
    accountId: ACCOUNT,
    iam: { roles: [], users: [], groups: [], ...iam },
    resourcePolicy: resourcePolicy ? parsePolicy(resourcePolicy) : undefined,
    ownRoleName,
  });
}
const readAccessOf = (r: ParsedPrincipal, _secret: string, own: string) =>
  readers({ roles: [r] }, undefined, own)[0];

const ALLOW_ALL_READS = doc({
  Effect: 'Allow',
  Action: 'secretsmanager:*',
  Resource: '*',
});

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
    // A conditional identity Deny keeps the reader, marked conditional with the Deny as evidence.
    const conditionallyDenied = role(
      'cd',
      ALLOW_ALL_READS,
      doc({
        Sid: 'OnlyFromVpc',
        Effect: 'Deny',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } },
      }),
    );
    const cd = readAccessOf(conditionallyDenied, SECRET, 'own')!;
    expect(cd.actions).toContain('secretsmanager:GetSecretValue');
    expect(cd.conditional).toBe(true);
    expect(cd.restrictions).toEqual([
      expect.objectContaining({
        source: 'identity',
        policy: 'inline:p1',
        statement: 'OnlyFromVpc',
        effect: 'Deny',
        actions: ['secretsmanager:GetSecretValue'],
      }),
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

describe('readersOf', () => {
  it('is no value reader with GetSecretValue denied, even with BatchGetSecretValue allowed', () => {
    const batchOnly = role(
      'batch',
      doc(
        {
          Effect: 'Allow',
          Action: [
            'secretsmanager:BatchGetSecretValue',
            'secretsmanager:GetSecretValue',
          ],
          Resource: '*',
        },
        {
          Effect: 'Deny',
          Action: 'secretsmanager:GetSecretValue',
          Resource: SECRET,
        },
      ),
    );
    expect(readers({ roles: [batchOnly] })).toEqual([]);
    // BatchGetSecretValue alone (no GetSecretValue anywhere) reads nothing either.
    const [withDescribe] = readers({
      roles: [
        role(
          'batch-describe',
          doc({
            Effect: 'Allow',
            Action: [
              'secretsmanager:BatchGetSecretValue',
              'secretsmanager:DescribeSecret',
            ],
            Resource: '*',
          }),
        ),
      ],
    });
    expect(withDescribe.actions).toEqual(['secretsmanager:DescribeSecret']);
    expect(withDescribe.notes).toEqual([
      expect.stringContaining('GetSecretValue is not'),
    ]);
  });

  it("gives users their groups' policies and lists the group with its members", () => {
    const group = principal(
      'group',
      'oncall',
      [
        doc({
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: 'arn:aws:secretsmanager:*:*:secret:inbestment/*',
        }),
      ],
      { groups: ['alice'] },
    );
    const alice = principal('user', 'alice', [], { groups: ['oncall'] });
    const bob = principal('user', 'bob', []);
    const result = readers({ users: [alice, bob], groups: [group] });
    expect(result.map(r => [r.kind, r.name, r.actions, r.grantedBy])).toEqual([
      [
        'user',
        'alice',
        ['secretsmanager:GetSecretValue'],
        ['group:oncall inline:p0'],
      ],
      ['group', 'oncall', ['secretsmanager:GetSecretValue'], ['inline:p0']],
    ]);
    expect(result[0]).toMatchObject({
      viaGroups: ['oncall'],
      grants: [expect.objectContaining({ source: 'group' })],
    });
    expect(result[1].members).toEqual(['alice']);
  });

  it('applies permission boundaries to identity grants, and to resource policy grants for roles only', () => {
    const noValues = boundary(
      doc({
        Effect: 'Allow',
        NotAction: 'secretsmanager:GetSecretValue',
        Resource: '*',
      }),
    );
    const bounded = principal('role', 'bounded', [ALLOW_ALL_READS], {
      boundary: noValues,
    });
    const boundedUser = principal('user', 'bounded-user', [], {
      boundary: noValues,
    });
    const [r] = readers({ roles: [bounded] });
    expect(r.actions).toEqual(['secretsmanager:DescribeSecret']);
    expect(r.permissionsBoundary).toBe(
      `arn:aws:iam::${ACCOUNT}:policy/boundary`,
    );
    // A boundary that allows nothing about secrets removes the reader.
    const none = principal('role', 'none', [ALLOW_ALL_READS], {
      boundary: boundary(
        doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
      ),
    });
    expect(readers({ roles: [none] })).toEqual([]);

    // The resource policy naming them: the role stays bounded, the user is not.
    const byResourcePolicy = doc({
      Sid: 'Named',
      Effect: 'Allow',
      Principal: { AWS: [bounded.arn, boundedUser.arn] },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    });
    const result = readers(
      { roles: [{ ...bounded, policies: [] }], users: [boundedUser] },
      byResourcePolicy,
    );
    expect(result.map(x => [x.kind, x.name, x.actions])).toEqual([
      ['user', 'bounded-user', ['secretsmanager:GetSecretValue']],
    ]);
    expect(result[0].grants).toEqual([
      expect.objectContaining({
        source: 'resource-policy',
        statement: 'Named',
      }),
    ]);
  });

  it('removes readers by an unconditional resource policy Deny and marks a conditional one', () => {
    const admin = role('admin', ALLOW_ALL_READS);
    const denyAll = doc({
      Sid: 'NoValues',
      Effect: 'Deny',
      Principal: '*',
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    });
    // GetSecretValue denied takes BatchGetSecretValue with it.
    expect(readers({ roles: [admin] }, denyAll)[0].actions).toEqual([
      'secretsmanager:DescribeSecret',
    ]);

    // Naming the account denies every principal of it; naming another role spares this one.
    const denyAccount = doc({
      Effect: 'Deny',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'secretsmanager:*',
      Resource: '*',
    });
    expect(readers({ roles: [admin] }, denyAccount)).toEqual([]);
    const denyOther = doc({
      Effect: 'Deny',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` },
      Action: 'secretsmanager:*',
      Resource: '*',
    });
    expect(readers({ roles: [admin] }, denyOther)).toHaveLength(1);
    // NotPrincipal: everyone but the named role is denied.
    const denyAllBut = (name: string) =>
      doc({
        Effect: 'Deny',
        NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/${name}` },
        Action: 'secretsmanager:*',
        Resource: '*',
      });
    expect(readers({ roles: [admin] }, denyAllBut('admin'))).toHaveLength(1);
    expect(readers({ roles: [admin] }, denyAllBut('own'))).toEqual([]);

    const denyOutsideOrg = doc({
      Sid: 'DenyOutsideOrg',
      Effect: 'Deny',
      Principal: '*',
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } },
    });
    const [conditional] = readers({ roles: [admin] }, denyOutsideOrg);
    expect(conditional.actions).toContain('secretsmanager:GetSecretValue');
    expect(conditional.conditional).toBe(true);
    expect(conditional.restrictions).toEqual([
      expect.objectContaining({
        source: 'resource-policy',
        statement: 'DenyOutsideOrg',
        effect: 'Deny',
      }),
    ]);
  });

  it('lists principals the resource policy names: other accounts, their roles, services, anyone', () => {
    const policy = doc(
      {
        Sid: 'Partner',
        Effect: 'Allow',
        Principal: {
          AWS: [
            '999988887777',
            // The same account written as its root ARN: one reader.
            'arn:aws:iam::999988887777:root',
            'arn:aws:iam::444455556666:role/reporting',
            // The own account delegates to IAM: no reader by itself.
            `arn:aws:iam::${ACCOUNT}:root`,
          ],
        },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'secretsmanager:DescribeSecret',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      },
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'secretsmanager:DescribeSecret',
        Resource: '*',
      },
      // A role the account no longer has.
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/gone` },
        Action: 'secretsmanager:DescribeSecret',
        Resource: '*',
      },
    );
    const result = readers({}, policy);
    expect(
      result.map(r => [r.kind, r.name, r.external, r.accountId, r.conditional]),
    ).toEqual([
      ['role', 'gone', false, ACCOUNT, false],
      ['role', 'reporting', true, '444455556666', false],
      ['account', '999988887777', true, '999988887777', false],
      ['service', 'lambda.amazonaws.com', true, undefined, true],
      ['any', '*', true, undefined, false],
    ]);
    expect(result[1].notes).toEqual([
      expect.stringContaining('policies of account 444455556666'),
    ]);
    expect(result[2].arn).toBe('arn:aws:iam::999988887777:root');
  });
});
