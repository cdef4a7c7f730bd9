import { linksOf } from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsTarget,
  Clock,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  seededRandom,
  StoreService,
} from '@internal/backstage-plugin-aws-ops-demo';
import { parse as parseArn, validate as isArn } from '@aws-sdk/util-arn-parser';
import {
  AccessAuditProvider,
  GroupRecord,
  IamRecords,
  RoleRecord,
  SecretRecord,
  UserRecord,
} from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

const SECRET_KINDS = [
  'db-credentials',
  'api-key',
  'jwt-signing-key',
  'webhook-signing-secret',
  'smtp-credentials',
  'oauth-client-secret',
];

/** A store service that runs under an IRSA role, from its ServiceAccount manifest. */
interface IrsaWorkload {
  service: string;
  secretsPrefix: string;
  roleName: string;
  namespace: string;
  serviceAccount: string;
}

interface DemoAccount {
  secrets: SecretRecord[];
  policies: Map<string, string>;
  roles: RoleRecord[];
  users: UserRecord[];
  groups: GroupRecord[];
}

/** A partner's reporting role in another account, named in some resource policies. */
const PARTNER_ACCOUNT = '999988887777';

const policy = (statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

const hex = (random: () => number, length: number) =>
  Array.from({ length }, () =>
    Math.floor(random() * 16)
      .toString(16)
      .toUpperCase(),
  ).join('');

/**
 * Simulates Secrets Manager, IAM and KMS for the store's services: every
 * service whose ServiceAccount carries an `eks.amazonaws.com/role-arn` gets
 * its IRSA role and a few secrets, with rotation, access, keys and extra
 * readers drawn from `seededRandom`, so each account and region always looks
 * the same. Secrets have metadata only: there is no value to return.
 */
export class DemoAccessAuditProvider implements AccessAuditProvider {
  readonly source = 'demo' as const;
  private readonly workloads: IrsaWorkload[];
  private readonly accounts = new Map<string, DemoAccount>();

  constructor(
    private readonly options: {
      services: StoreService[];
      seed: string;
      clock: Clock;
    },
  ) {
    this.workloads = options.services.flatMap(service => {
      const account = service.manifests.find(
        m =>
          m.kind === 'ServiceAccount' &&
          m.metadata.annotations?.['eks.amazonaws.com/role-arn'],
      );
      const roleArn = account?.metadata.annotations?.[
        'eks.amazonaws.com/role-arn'
      ] as string | undefined;
      const roleName =
        roleArn && isArn(roleArn)
          ? parseArn(roleArn).resource.replace(/^role\/(.*\/)?/, '')
          : undefined;
      if (!account || !roleName) return [];
      const component = service.entities.find(e => e.kind === 'Component');
      return [
        {
          service: service.name,
          secretsPrefix:
            (component && linksOf(component).secretsPrefix) ||
            `inbestment/${service.name}/`,
          roleName,
          namespace: account.metadata.namespace ?? 'default',
          serviceAccount: account.metadata.name,
        },
      ];
    });
  }

  async listSecrets(target: AwsTarget): Promise<SecretRecord[]> {
    return this.account(target).secrets;
  }

  async getResourcePolicy(
    target: AwsTarget,
    secretArn: string,
  ): Promise<string | undefined> {
    return this.account(target).policies.get(secretArn);
  }

  async getKeyManager(): Promise<'CUSTOMER' | 'AWS'> {
    // Demo secrets name either the default AWS key (no id) or a customer key.
    return 'CUSTOMER';
  }

  async listIam(target: AwsTarget): Promise<IamRecords> {
    const { roles, users, groups } = this.account(target);
    return { roles, users, groups };
  }

  private account(target: AwsTarget): DemoAccount {
    const key = `${target.accountId}/${target.region}`;
    let account = this.accounts.get(key);
    if (!account) {
      account = this.simulate(target);
      this.accounts.set(key, account);
    }
    return account;
  }

  private simulate({ accountId, region }: AwsTarget): DemoAccount {
    const random = seededRandom(
      `${this.options.seed}:access:${accountId}:${region}`,
    );
    // Dates move with the clock at whole-day resolution, so findings are stable within a day.
    const today = Math.floor(this.options.clock() / DAY_MS) * DAY_MS;
    const daysAgo = (days: number) =>
      new Date(today - days * DAY_MS).toISOString();
    const secretArn = (name: string) =>
      `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${hex(
        random,
        6,
      )}`;
    const account: DemoAccount = {
      secrets: [],
      policies: new Map(),
      roles: [],
      users: [],
      groups: [],
    };
    const oidcProvider = `oidc.eks.${region}.amazonaws.com/id/${hex(
      random,
      32,
    )}`;
    const ciRole = `arn:aws:iam::${accountId}:role/inbestment-ci-deploy`;

    for (const workload of this.workloads) {
      const kinds = SECRET_KINDS.filter(() => random() < 0.45).slice(0, 3);
      if (kinds.length === 0) kinds.push(SECRET_KINDS[0]);
      for (const kind of kinds) {
        const name = `${workload.secretsPrefix}${kind}`;
        const rotationEnabled = random() < 0.7;
        const interval = [30, 60, 90][Math.floor(random() * 3)];
        const created = 120 + Math.floor(random() * 600);
        const rotated = rotationEnabled
          ? Math.floor(random() * (interval + 40))
          : 60 + Math.floor(random() * 400);
        const accessed =
          random() < 0.15 ? undefined : Math.floor(random() * 140);
        const customerKey = random() < 0.7;
        const secret: SecretRecord = {
          name,
          arn: secretArn(name),
          description: `${kind.replace(/-/g, ' ')} of ${workload.service}`,
          kmsKeyId: customerKey
            ? `arn:aws:kms:${region}:${accountId}:key/${hex(
                random,
                8,
              ).toLowerCase()}-${hex(random, 4).toLowerCase()}`
            : undefined,
          rotationEnabled,
          rotationIntervalDays: rotationEnabled ? interval : undefined,
          lastRotatedAt: rotated < created ? daysAgo(rotated) : undefined,
          nextRotationAt: rotationEnabled
            ? daysAgo(rotated - interval)
            : undefined,
          lastAccessedAt:
            accessed === undefined ? undefined : daysAgo(accessed),
          createdAt: daysAgo(created),
          tags: {
            'app.kubernetes.io/name': workload.service,
            'inbestment:kind': kind,
          },
        };
        account.secrets.push(secret);
        const policyDraw = random();
        if (policyDraw < 0.06) {
          account.policies.set(
            secret.arn,
            policy([
              {
                Sid: 'LegacyPartnerAccess',
                Effect: 'Allow',
                Principal: '*',
                Action: 'secretsmanager:GetSecretValue',
                Resource: '*',
              },
            ]),
          );
        } else if (policyDraw < 0.2) {
          account.policies.set(
            secret.arn,
            policy([
              {
                Sid: 'CiDeploy',
                Effect: 'Allow',
                Principal: { AWS: ciRole },
                Action: 'secretsmanager:*',
                Resource: '*',
              },
              {
                Sid: 'PartnerReporting',
                Effect: 'Allow',
                Principal: {
                  AWS: `arn:aws:iam::${PARTNER_ACCOUNT}:role/partner-reporting`,
                },
                Action: 'secretsmanager:DescribeSecret',
                Resource: '*',
              },
              {
                Sid: 'DenyOutsideOrg',
                Effect: 'Deny',
                Principal: '*',
                Action: 'secretsmanager:GetSecretValue',
                Resource: '*',
                Condition: {
                  StringNotEquals: { 'aws:PrincipalOrgID': 'o-inbestment' },
                },
              },
            ]),
          );
        }
      }
    }

    for (const workload of this.workloads) {
      const statements: object[] = [
        {
          Sid: 'OwnSecrets',
          Effect: 'Allow',
          Action: [
            'secretsmanager:GetSecretValue',
            'secretsmanager:DescribeSecret',
          ],
          Resource: `arn:aws:secretsmanager:${region}:${accountId}:secret:${workload.secretsPrefix}*`,
        },
      ];
      if (random() < 0.2) {
        const other =
          this.workloads[Math.floor(random() * this.workloads.length)];
        if (other !== workload) {
          statements.push({
            Sid: 'LegacySharedSecrets',
            Effect: 'Allow',
            Action: 'secretsmanager:Get*',
            Resource: `arn:aws:secretsmanager:${region}:${accountId}:secret:${other.secretsPrefix}*`,
          });
        }
      }
      account.roles.push({
        roleName: workload.roleName,
        roleArn: `arn:aws:iam::${accountId}:role/${workload.roleName}`,
        trustPolicy: policy([
          {
            Effect: 'Allow',
            Principal: {
              Federated: `arn:aws:iam::${accountId}:oidc-provider/${oidcProvider}`,
            },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                [`${oidcProvider}:sub`]: `system:serviceaccount:${workload.namespace}:${workload.serviceAccount}`,
                [`${oidcProvider}:aud`]: 'sts.amazonaws.com',
              },
            },
          },
        ]),
        inlinePolicies: [
          { name: `${workload.service}-secrets`, document: policy(statements) },
        ],
        managedPolicies: [],
      });
    }

    const describedByCi = this.workloads
      .filter(() => random() < 0.25)
      .map(
        w =>
          `arn:aws:secretsmanager:${region}:${accountId}:secret:${w.secretsPrefix}*`,
      );
    account.roles.push(
      {
        roleName: 'inbestment-platform-admin',
        roleArn: `arn:aws:iam::${accountId}:role/inbestment-platform-admin`,
        trustPolicy: policy([
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${accountId}:root` },
            Action: 'sts:AssumeRole',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          },
        ]),
        inlinePolicies: [],
        managedPolicies: [
          {
            name: 'InbestmentSecretsAdmin',
            arn: `arn:aws:iam::${accountId}:policy/InbestmentSecretsAdmin`,
            document: policy([
              { Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' },
            ]),
          },
        ],
      },
      {
        roleName: 'inbestment-ci-deploy',
        roleArn: ciRole,
        trustPolicy: policy([
          {
            Effect: 'Allow',
            Principal: {
              Federated: `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`,
            },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringLike: {
                'token.actions.githubusercontent.com:sub':
                  'repo:inbestment/*:ref:refs/heads/main',
              },
            },
          },
        ]),
        inlinePolicies: describedByCi.length
          ? [
              {
                name: 'describe-deploy-secrets',
                document: policy([
                  {
                    Effect: 'Allow',
                    Action: 'secretsmanager:DescribeSecret',
                    Resource: describedByCi,
                  },
                ]),
              },
            ]
          : [],
        managedPolicies: [],
      },
      {
        roleName: 'inbestment-portal-readonly',
        roleArn: `arn:aws:iam::${accountId}:role/inbestment-portal-readonly`,
        inlinePolicies: [
          {
            name: 'metadata-only',
            document: policy([
              {
                Effect: 'Allow',
                Action: [
                  'secretsmanager:ListSecrets',
                  'secretsmanager:GetResourcePolicy',
                ],
                Resource: '*',
              },
              {
                Effect: 'Deny',
                Action: [
                  'secretsmanager:GetSecretValue',
                  'secretsmanager:BatchGetSecretValue',
                ],
                Resource: '*',
              },
            ]),
          },
        ],
        managedPolicies: [],
      },
    );

    // People: on-call engineers see every store secret's metadata through
    // their group; a legacy bot's own policy would read values, but its
    // permission boundary allows no secret value (so it is no reader).
    const storeSecrets = `arn:aws:secretsmanager:${region}:${accountId}:secret:inbestment/*`;
    account.groups.push({
      groupName: 'inbestment-oncall',
      groupArn: `arn:aws:iam::${accountId}:group/inbestment-oncall`,
      inlinePolicies: [
        {
          name: 'describe-store-secrets',
          document: policy([
            {
              Effect: 'Allow',
              Action: 'secretsmanager:DescribeSecret',
              Resource: storeSecrets,
            },
          ]),
        },
      ],
      managedPolicies: [],
    });
    for (const name of ['oncall-alice', 'oncall-bob']) {
      account.users.push({
        userName: name,
        userArn: `arn:aws:iam::${accountId}:user/${name}`,
        groups: ['inbestment-oncall'],
        inlinePolicies: [],
        managedPolicies: [],
      });
    }
    account.users.push({
      userName: 'legacy-deploy-bot',
      userArn: `arn:aws:iam::${accountId}:user/legacy-deploy-bot`,
      groups: [],
      inlinePolicies: [
        {
          name: 'read-store-secrets',
          document: policy([
            {
              Effect: 'Allow',
              Action: 'secretsmanager:GetSecretValue',
              Resource: storeSecrets,
            },
          ]),
        },
      ],
      managedPolicies: [],
      permissionsBoundary: {
        name: 'inbestment-no-secret-values',
        arn: `arn:aws:iam::${accountId}:policy/inbestment-no-secret-values`,
        document: policy([
          {
            Effect: 'Allow',
            NotAction: [
              'secretsmanager:GetSecretValue',
              'secretsmanager:BatchGetSecretValue',
            ],
            Resource: '*',
          },
        ]),
      },
    });
    return account;
  }
}
