import {
  GetResourcePolicyCommand,
  paginateListSecrets,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  paginateGetAccountAuthorizationDetails,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  AwsOpsService,
  AwsTarget,
} from '@internal/backstage-plugin-aws-ops-node';
import { AccessAuditProvider, RoleRecord, SecretRecord } from './types';
import { guardAgainstSecretValueReads } from './secretValueGuard';

const iso = (date?: Date) => date?.toISOString();

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
    for await (const page of paginateListSecrets(
      { client },
      { MaxResults: 100 },
    )) {
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
    }
    return secrets;
  }

  async getResourcePolicy(
    target: AwsTarget,
    secretArn: string,
  ): Promise<string | undefined> {
    const client = await this.secretsManager(target);
    const res = await client.send(
      new GetResourcePolicyCommand({ SecretId: secretArn }),
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
   * One paginated GetAccountAuthorizationDetails gives every role with its
   * trust, inline policies and attachments, and the documents of the
   * account's own managed policies; AWS managed policies attached to roles
   * are read one by one (listing all of them would be thousands).
   */
  async listRoles(target: AwsTarget): Promise<RoleRecord[]> {
    const client = await this.awsOps.clients.getClient(IAMClient, target);
    const roles: RoleRecord[] = [];
    const documents = new Map<string, string>();
    for await (const page of paginateGetAccountAuthorizationDetails(
      { client },
      { Filter: ['Role', 'LocalManagedPolicy'] },
    )) {
      for (const policy of page.Policies ?? []) {
        const version = policy.PolicyVersionList?.find(v => v.IsDefaultVersion);
        if (policy.Arn && version?.Document) {
          documents.set(policy.Arn, version.Document);
        }
      }
      for (const role of page.RoleDetailList ?? []) {
        if (!role.RoleName || !role.Arn) continue;
        roles.push({
          roleName: role.RoleName,
          roleArn: role.Arn,
          trustPolicy: role.AssumeRolePolicyDocument,
          inlinePolicies: (role.RolePolicyList ?? []).map(p => ({
            name: p.PolicyName ?? '',
            document: p.PolicyDocument ?? '{}',
          })),
          managedPolicies: (role.AttachedManagedPolicies ?? []).map(p => ({
            name: p.PolicyName ?? '',
            arn: p.PolicyArn ?? '',
          })),
        });
      }
    }
    const missing = new Set(
      roles.flatMap(r =>
        r.managedPolicies.map(p => p.arn).filter(arn => !documents.has(arn)),
      ),
    );
    for (const arn of missing) {
      const { Policy } = await client.send(
        new GetPolicyCommand({ PolicyArn: arn }),
      );
      const { PolicyVersion } = await client.send(
        new GetPolicyVersionCommand({
          PolicyArn: arn,
          VersionId: Policy?.DefaultVersionId,
        }),
      );
      if (PolicyVersion?.Document) documents.set(arn, PolicyVersion.Document);
    }
    for (const role of roles) {
      for (const policy of role.managedPolicies) {
        policy.document = documents.get(policy.arn);
      }
    }
    return roles;
  }
}
