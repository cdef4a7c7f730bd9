import { SecretMetadata } from '@internal/backstage-plugin-access-audit-common';
import { AwsOpsSource } from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsCallPriority,
  AwsTarget,
} from '@internal/backstage-plugin-aws-ops-node';

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

/** A managed policy as attached (or set as a boundary), with its default version's document. */
export interface ManagedPolicyRecord {
  name: string;
  arn: string;
  /** JSON or URL-encoded JSON; undefined when it could not be read. */
  document?: string;
}

/** Policies of a role, user or group as IAM returns them. */
export interface PrincipalPolicies {
  inlinePolicies: Array<{ name: string; document: string }>;
  managedPolicies: ManagedPolicyRecord[];
}

/** A role with its policy documents as IAM returns them (JSON or URL-encoded JSON). */
export interface RoleRecord extends PrincipalPolicies {
  roleName: string;
  roleArn: string;
  trustPolicy?: string;
  permissionsBoundary?: ManagedPolicyRecord;
}

/** A user with its own policies and the names of its groups. */
export interface UserRecord extends PrincipalPolicies {
  userName: string;
  userArn: string;
  groups: string[];
  permissionsBoundary?: ManagedPolicyRecord;
}

/** A group with its policies. */
export interface GroupRecord extends PrincipalPolicies {
  groupName: string;
  groupArn: string;
}

/** The IAM principals of one account. */
export interface IamRecords {
  roles: RoleRecord[];
  users: UserRecord[];
  groups: GroupRecord[];
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
    priority?: AwsCallPriority,
  ): Promise<string | undefined>;
  /** Whether a KMS key is managed by the customer or by AWS. */
  getKeyManager(target: AwsTarget, keyId: string): Promise<'CUSTOMER' | 'AWS'>;
  /**
   * Every role, user and group of the account with trust, inline and
   * attached managed policies and permission boundaries.
   */
  listIam(target: AwsTarget): Promise<IamRecords>;
}
