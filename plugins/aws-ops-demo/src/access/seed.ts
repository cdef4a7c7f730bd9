import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  PutResourcePolicyCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { PrincipalPolicies } from '@internal/backstage-plugin-access-audit-node';
import { AwsOpsEnvironment } from '@internal/backstage-plugin-aws-ops-node';
import { Scenario } from '../scenario';
import { descriptionOf, scenarioAccount, tagsOf } from './account';
import { readAccessSection } from './schema';

/** What `seedAccess` wrote. */
export interface SeededAccess {
  secrets: number;
  roles: number;
  users: number;
  groups: number;
}

/**
 * Writes the scenario's `access` section into an AWS API (the moto emulator
 * in tests, benchmarks and the local production run) through the real
 * Secrets Manager, KMS and IAM calls: per account and region of
 * `environments` exactly what `ScenarioAccessAuditProvider` serves. moto
 * stamps every date "now"; the scenario's ages are not written. Never reads a
 * secret value; the values written are a placeholder.
 */
export async function seedAccess(
  scenario: Scenario,
  options: {
    endpoint: string;
    environments: AwsOpsEnvironment[];
    credentials?: { accessKeyId: string; secretAccessKey: string };
  },
): Promise<SeededAccess> {
  const section = readAccessSection(scenario);
  const seeded: SeededAccess = { secrets: 0, roles: 0, users: 0, groups: 0 };
  const settings = (region: string) => ({
    region,
    endpoint: options.endpoint,
    credentials: options.credentials ?? {
      accessKeyId: 'test',
      secretAccessKey: 'test',
    },
  });
  const targets = [
    ...new Map(
      options.environments.map(e => [
        `${e.accountId}/${e.region}`,
        { accountId: e.accountId, region: e.region },
      ]),
    ).values(),
  ];
  const seenAccounts = new Set<string>();
  for (const target of targets) {
    const account = scenarioAccount(
      scenario,
      section,
      options.environments,
      target,
    );
    const sm = new SecretsManagerClient(settings(target.region));
    const kms = new KMSClient(settings(target.region));
    try {
      for (const alias of account.customerKeys) {
        const { KeyMetadata } = await kms.send(
          new CreateKeyCommand({ Description: `${alias} (demo scenario)` }),
        );
        await kms.send(
          new CreateAliasCommand({
            AliasName: alias,
            TargetKeyId: KeyMetadata!.KeyId,
          }),
        );
      }
      for (const secret of account.secrets) {
        await sm.send(
          new CreateSecretCommand({
            Name: secret.name,
            SecretString: 'placeholder written by the demo scenario',
            Description: descriptionOf(secret),
            KmsKeyId: secret.spec.kmsKey,
            Tags: Object.entries(tagsOf(secret)).map(([Key, Value]) => ({
              Key,
              Value,
            })),
          }),
        );
        if (secret.spec.rotationDays) {
          await sm.send(
            new RotateSecretCommand({
              SecretId: secret.name,
              RotationRules: {
                AutomaticallyAfterDays: secret.spec.rotationDays,
              },
            }),
          );
        }
        if (secret.resourcePolicy) {
          await sm.send(
            new PutResourcePolicyCommand({
              SecretId: secret.name,
              ResourcePolicy: secret.resourcePolicy,
            }),
          );
        }
        seeded.secrets++;
      }
    } finally {
      sm.destroy();
      kms.destroy();
    }

    // IAM is global: once per account.
    if (seenAccounts.has(target.accountId)) continue;
    seenAccounts.add(target.accountId);
    const iam = new IAMClient(settings(target.region));
    try {
      const policyArns = new Map<string, string>();
      for (const [name, document] of account.managedPolicies) {
        const { Policy } = await iam.send(
          new CreatePolicyCommand({
            PolicyName: name,
            PolicyDocument: document,
          }),
        );
        policyArns.set(name, Policy!.Arn!);
      }
      const arnOf = (name: string) => policyArns.get(name)!;
      /** A principal's inline policies (`put`) and managed attachments (`attach`). */
      const writePolicies = async (
        record: PrincipalPolicies,
        put: (PolicyName: string, PolicyDocument: string) => Promise<unknown>,
        attach: (PolicyArn: string) => Promise<unknown>,
      ) => {
        for (const inline of record.inlinePolicies) {
          await put(inline.name, inline.document);
        }
        for (const managed of record.managedPolicies) {
          await attach(arnOf(managed.name));
        }
      };
      for (const role of account.roles) {
        await iam.send(
          new CreateRoleCommand({
            RoleName: role.roleName,
            AssumeRolePolicyDocument: role.trustPolicy,
            PermissionsBoundary: role.permissionsBoundary
              ? arnOf(role.permissionsBoundary.name)
              : undefined,
          }),
        );
        const RoleName = role.roleName;
        await writePolicies(
          role,
          (PolicyName, PolicyDocument) =>
            iam.send(
              new PutRolePolicyCommand({
                RoleName,
                PolicyName,
                PolicyDocument,
              }),
            ),
          PolicyArn =>
            iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn })),
        );
        seeded.roles++;
      }
      for (const group of account.groups) {
        await iam.send(new CreateGroupCommand({ GroupName: group.groupName }));
        const GroupName = group.groupName;
        await writePolicies(
          group,
          (PolicyName, PolicyDocument) =>
            iam.send(
              new PutGroupPolicyCommand({
                GroupName,
                PolicyName,
                PolicyDocument,
              }),
            ),
          PolicyArn =>
            iam.send(new AttachGroupPolicyCommand({ GroupName, PolicyArn })),
        );
        seeded.groups++;
      }
      for (const user of account.users) {
        await iam.send(
          new CreateUserCommand({
            UserName: user.userName,
            PermissionsBoundary: user.permissionsBoundary
              ? arnOf(user.permissionsBoundary.name)
              : undefined,
          }),
        );
        if (user.permissionsBoundary) {
          // moto 5 drops a user's boundary (and has no PutUserPermissionsBoundary):
          // the bounded user would read there what it cannot read in the scenario.
          const { User } = await iam.send(
            new GetUserCommand({ UserName: user.userName }),
          );
          if (!User?.PermissionsBoundary?.PermissionsBoundaryArn) {
            throw new Error(
              `${scenario.file}: user ${user.userName} has a permission boundary, which this AWS endpoint does not keep (moto has no user boundaries): bound a role instead`,
            );
          }
        }
        const UserName = user.userName;
        await writePolicies(
          user,
          (PolicyName, PolicyDocument) =>
            iam.send(
              new PutUserPolicyCommand({
                UserName,
                PolicyName,
                PolicyDocument,
              }),
            ),
          PolicyArn =>
            iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn })),
        );
        for (const group of user.groups) {
          await iam.send(
            new AddUserToGroupCommand({
              GroupName: group,
              UserName: user.userName,
            }),
          );
        }
        seeded.users++;
      }
    } finally {
      iam.destroy();
    }
  }
  return seeded;
}
