import { SecretMetadata } from '@internal/backstage-plugin-access-audit-common';
import { AwsOpsSource } from '@internal/backstage-plugin-aws-ops-common';
import { AwsTarget } from '@internal/backstage-plugin-aws-ops-node';

/** Secrets Manager metadata of one secret as listed, before joining with IAM and KMS. */
export type SecretRecord = Pick<
  SecretMetadata,
  | 'name'
  | 'arn'
  | 'description'
  | 'kmsKeyId'
  | 'rotationEnabled'
  | 'rotationIntervalDays'
  | 'rotationSchedule'
  | 'lastRotatedAt'
  | 'nextRotationAt'
  | 'lastAccessedAt'
  | 'createdAt'
  | 'tags'
>;

/** A role with its policy documents as IAM returns them (JSON or URL-encoded JSON). */
export interface RoleRecord {
  roleName: string;
  roleArn: string;
  trustPolicy?: string;
  inlinePolicies: Array<{ name: string; document: string }>;
  managedPolicies: Array<{ name: string; arn: string; document?: string }>;
}

/**
 * Reads metadata from Secrets Manager, IAM and KMS. Implementations never
 * read secret values.
 */
export interface AccessAuditProvider {
  readonly source: AwsOpsSource;
  /** Every secret of the account and region (one listing serves all components). */
  listSecrets(target: AwsTarget): Promise<SecretRecord[]>;
  /** The secret's resource policy document, or undefined when it has none. */
  getResourcePolicy(
    target: AwsTarget,
    secretArn: string,
  ): Promise<string | undefined>;
  /** Whether a KMS key is managed by the customer or by AWS. */
  getKeyManager(target: AwsTarget, keyId: string): Promise<'CUSTOMER' | 'AWS'>;
  /** Every role of the account with its trust, inline and attached managed policies. */
  listRoles(target: AwsTarget): Promise<RoleRecord[]>;
}
