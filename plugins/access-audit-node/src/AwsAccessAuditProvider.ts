import {
  GetResourcePolicyCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  AttachedPolicy,
  AttachedPermissionsBoundary,
  GetAccountAuthorizationDetailsCommand,
  GetAccountAuthorizationDetailsCommandOutput,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  PolicyDetail,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  AwsCallPriority,
  AwsOpsService,
  AwsTarget,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  AccessAuditProvider,
  IamRecords,
  ManagedPolicyRecord,
  SecretRecord,
} from './types';
import { guardAgainstSecretValueReads } from './secretValueGuard';

const iso = (date?: Date) => date?.toISOString();

const inline = (list?: PolicyDetail[]) =>
  (list ?? []).map(p => ({
    name: p.PolicyName ?? '',
    document: p.PolicyDocument ?? '{}',
  }));

const attached = (list?: AttachedPolicy[]): ManagedPolicyRecord[] =>
  (list ?? []).map(p => ({ name: p.PolicyName ?? '', arn: p.PolicyArn ?? '' }));

/** The boundary's policy name is the last part of its ARN (`policy/path/name`). */
const boundaryOf = (
  boundary?: AttachedPermissionsBoundary,
): ManagedPolicyRecord | undefined =>
  boundary?.PermissionsBoundaryArn
    ? {
        name: boundary.PermissionsBoundaryArn.split('/').pop() ?? '',
        arn: boundary.PermissionsBoundaryArn,
      }
    : undefined;

/** Reads metadata from the real Secrets Manager, IAM and KMS APIs through the shared AWS layer. */
export class AwsAccessAuditProvider implements AccessAuditProvider {
  readonly source = 'aws' as const;

  constructor(private readonly awsOps: AwsOpsService) {}

  private async secretsManager(target: AwsTarget) {
    return guardAgainstSecretValueReads(
      await this.awsOps.clients.getClient(SecretsManagerClient, target),
    );
  }

  async listSecrets(target: AwsTarget): Promise<SecretRecord[]> {
    const client = await this.secretsManager(target);
    const secrets: SecretRecord[] = [];
    let NextToken: string | undefined;
    do {
      // Pages are sequential (each needs the previous token); each waits for the API's budget.
      const command = new ListSecretsCommand({ MaxResults: 100, NextToken });
      const page = await this.awsOps.limits.schedule(
        'secretsmanager:ListSecrets',
        target,
        () => client.send(command),
      );
      NextToken = page.NextToken;
      for (const s of page.SecretList ?? []) {
        if (!s.Name || !s.ARN) continue;
        secrets.push({
          name: s.Name,
          arn: s.ARN,
          description: s.Description || undefined,
          kmsKeyId: s.KmsKeyId || undefined,
          rotationEnabled: s.RotationEnabled === true,
          rotationIntervalDays: s.RotationRules?.AutomaticallyAfterDays,
          rotationSchedule: s.RotationRules?.ScheduleExpression,
          lastRotatedAt: iso(s.LastRotatedDate),
          nextRotationAt: iso(s.NextRotationDate),
          lastAccessedAt: iso(s.LastAccessedDate),
          createdAt: iso(s.CreatedDate),
          tags: Object.fromEntries(
            (s.Tags ?? []).map(t => [t.Key ?? '', t.Value ?? '']),
          ),
        });
      }
    } while (NextToken);
    return secrets;
  }

  async getResourcePolicy(
    target: AwsTarget,
    secretArn: string,
    priority?: AwsCallPriority,
  ): Promise<string | undefined> {
    const client = await this.secretsManager(target);
    // 50 requests/s per account and region, a hard quota shared by the replicas.
    const res = await this.awsOps.limits.schedule(
      'secretsmanager:GetResourcePolicy',
      target,
      () => client.send(new GetResourcePolicyCommand({ SecretId: secretArn })),
      priority,
    );
    return res.ResourcePolicy || undefined;
  }

  async getKeyManager(
    target: AwsTarget,
    keyId: string,
  ): Promise<'CUSTOMER' | 'AWS'> {
    const client = await this.awsOps.clients.getClient(KMSClient, target);
    const res = await client.send(new DescribeKeyCommand({ KeyId: keyId }));
    return res.KeyMetadata?.KeyManager === 'AWS' ? 'AWS' : 'CUSTOMER';
  }

  /**
   * One paginated GetAccountAuthorizationDetails gives every role, user and
   * group with their inline policies, attachments and permission boundaries,
   * and the documents of the account's own managed policies. AWS managed
   * policies attached or set as boundaries are read one by one (listing all
   * of them would be thousands), concurrently within the IAM read budget.
   */
  async listIam(target: AwsTarget): Promise<IamRecords> {
    const client = await this.awsOps.clients.getClient(IAMClient, target);
    const iamRead = <T>(call: () => Promise<T>) =>
      this.awsOps.limits.schedule('iam:read', target, call);
    const records: IamRecords = { roles: [], users: [], groups: [] };
    const documents = new Map<string, string>();
    let Marker: string | undefined;
    do {
      const command = new GetAccountAuthorizationDetailsCommand({
        Filter: ['Role', 'User', 'Group', 'LocalManagedPolicy'],
        MaxItems: 1000,
        Marker,
      });
      const page: GetAccountAuthorizationDetailsCommandOutput = await iamRead(
        () => client.send(command),
      );
      Marker = page.IsTruncated ? page.Marker : undefined;
      for (const policy of page.Policies ?? []) {
        const version = policy.PolicyVersionList?.find(v => v.IsDefaultVersion);
        if (policy.Arn && version?.Document) {
          documents.set(policy.Arn, version.Document);
        }
      }
      for (const role of page.RoleDetailList ?? []) {
        if (!role.RoleName || !role.Arn) continue;
        records.roles.push({
          roleName: role.RoleName,
          roleArn: role.Arn,
          trustPolicy: role.AssumeRolePolicyDocument,
          inlinePolicies: inline(role.RolePolicyList),
          managedPolicies: attached(role.AttachedManagedPolicies),
          permissionsBoundary: boundaryOf(role.PermissionsBoundary),
        });
      }
      for (const user of page.UserDetailList ?? []) {
        if (!user.UserName || !user.Arn) continue;
        records.users.push({
          userName: user.UserName,
          userArn: user.Arn,
          groups: user.GroupList ?? [],
          inlinePolicies: inline(user.UserPolicyList),
          managedPolicies: attached(user.AttachedManagedPolicies),
          permissionsBoundary: boundaryOf(user.PermissionsBoundary),
        });
      }
      for (const group of page.GroupDetailList ?? []) {
        if (!group.GroupName || !group.Arn) continue;
        records.groups.push({
          groupName: group.GroupName,
          groupArn: group.Arn,
          inlinePolicies: inline(group.GroupPolicyList),
          managedPolicies: attached(group.AttachedManagedPolicies),
        });
      }
    } while (Marker);

    const all = [...records.roles, ...records.users, ...records.groups];
    const policiesOf = (p: (typeof all)[number]): ManagedPolicyRecord[] => [
      ...p.managedPolicies,
      ...('permissionsBoundary' in p && p.permissionsBoundary
        ? [p.permissionsBoundary]
        : []),
    ];
    const missing = new Set(
      all.flatMap(p =>
        policiesOf(p)
          .map(policy => policy.arn)
          .filter(arn => arn && !documents.has(arn)),
      ),
    );
    await Promise.all(
      [...missing].map(async arn => {
        const { Policy } = await iamRead(() =>
          client.send(new GetPolicyCommand({ PolicyArn: arn })),
        );
        const { PolicyVersion } = await iamRead(() =>
          client.send(
            new GetPolicyVersionCommand({
              PolicyArn: arn,
              VersionId: Policy?.DefaultVersionId,
            }),
          ),
        );
        if (PolicyVersion?.Document) documents.set(arn, PolicyVersion.Document);
      }),
    );
    for (const principal of all) {
      for (const policy of policiesOf(principal)) {
        policy.document = documents.get(policy.arn);
      }
    }
    return records;
  }
}
