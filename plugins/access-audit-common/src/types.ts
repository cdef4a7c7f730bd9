import { AwsOpsResponse } from '@internal/backstage-plugin-aws-ops-common';

/** One condition of a policy statement, e.g. `StringEquals oidc...:sub [system:serviceaccount:ns:sa]`. */
export interface PolicyCondition {
  operator: string;
  key: string;
  values: string[];
}

/**
 * A policy statement normalised to lists. `notPrincipals`, `notActions` and
 * `notResources` are set only when the statement uses them.
 */
export interface PolicyStatementSummary {
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** `*` or `<type>:<value>`, e.g. `AWS:arn:aws:iam::111122223333:role/x`. */
  principals: string[];
  notPrincipals?: string[];
  actions: string[];
  notActions?: string[];
  resources: string[];
  notResources?: string[];
  conditions: PolicyCondition[];
}

/** Who manages the KMS key that encrypts a secret. */
export type KmsKeyManager = 'CUSTOMER' | 'AWS' | 'unknown';

/**
 * What kind of principal reads a secret. `group`: an IAM group whose policies
 * grant read (its members read through it); `account`: a whole other account
 * named in the resource policy; `service`: an AWS service principal; `any`:
 * everyone (`*` or `NotPrincipal` in the resource policy); `federated`: a web
 * identity or SAML provider named in the resource policy.
 */
export type PrincipalKind =
  | 'role'
  | 'user'
  | 'group'
  | 'account'
  | 'service'
  | 'federated'
  | 'any';

export const PRINCIPAL_KINDS: PrincipalKind[] = [
  'role',
  'user',
  'group',
  'account',
  'service',
  'federated',
  'any',
];

/** Where a grant or a restriction of a reader comes from. */
export type ReaderPolicySource =
  | 'identity'
  | 'group'
  | 'boundary'
  | 'resource-policy';

/** One statement that lets a reader read, or limits it. */
export interface ReaderStatement {
  source: ReaderPolicySource;
  /**
   * The policy: `inline:<name>` or a managed policy ARN (for `group`,
   * `group:<group name> ` in front); `resource policy` for the secret's own.
   */
  policy: string;
  /** `Sid` or `#<position>` of the statement in its policy. */
  statement: string;
  effect: 'Allow' | 'Deny';
  /** The read actions it covers. */
  actions: string[];
  conditions: PolicyCondition[];
}

/** A principal that may read a secret, and why. */
export interface SecretReader {
  kind: PrincipalKind;
  /** Role, user or group name; account id; service name; `*`. */
  name: string;
  /** Principal ARN, or the principal as the resource policy writes it. */
  arn: string;
  /** The principal's account, where it has one. */
  accountId?: string;
  /** The principal is outside the secret's account. */
  external: boolean;
  /** The component's own IRSA role. */
  ownRole: boolean;
  /**
   * Read actions that take effect on the secret. `BatchGetSecretValue`
   * appears only together with `GetSecretValue` (AWS checks GetSecretValue on
   * every secret of a batch).
   */
  actions: string[];
  /** Policies that grant them (`inline:<name>`, managed ARN, `group:<g> …`, `resource policy`). */
  grantedBy: string[];
  /** The granting statements. */
  grants: ReaderStatement[];
  /**
   * Statements that may take the access away under conditions: conditional
   * Deny statements (identity, boundary, resource policy) and conditional
   * Allow statements of a permission boundary.
   */
  restrictions: ReaderStatement[];
  /** Granted through a wildcard action or resource. */
  wildcard: boolean;
  /** The wildcard action patterns among the grants. */
  wildcardActions: string[];
  /** The access holds only under conditions (conditional grants, or a conditional Deny/boundary). */
  conditional: boolean;
  /** Users: groups whose policies contribute. */
  viaGroups?: string[];
  /** Groups: the users in it. */
  members?: string[];
  /** The permission boundary (managed policy ARN) applied to a role or user. */
  permissionsBoundary?: string;
  /**
   * Grants that do not take effect, as evidence: e.g. BatchGetSecretValue
   * allowed without GetSecretValue.
   */
  notes?: string[];
}

/** Metadata of one Secrets Manager secret. Never its value. */
export interface SecretMetadata {
  name: string;
  arn: string;
  description?: string;
  environment: string;
  accountId: string;
  region: string;
  /** As set on the secret; absent means the AWS managed `aws/secretsmanager` key. */
  kmsKeyId?: string;
  kmsKeyManager: KmsKeyManager;
  rotationEnabled: boolean;
  rotationIntervalDays?: number;
  rotationSchedule?: string;
  lastRotatedAt?: string;
  nextRotationAt?: string;
  lastAccessedAt?: string;
  createdAt?: string;
  tags: Record<string, string>;
  /** Parsed resource policy; absent when the secret has none. */
  resourcePolicy?: PolicyStatementSummary[];
  /**
   * Principals that may read the secret: roles, users and groups of the
   * account (identity policies, permission boundaries, resource policy) and
   * the principals the resource policy names.
   */
  readers: SecretReader[];
}

/** A Kubernetes service account allowed to assume a role through IRSA. */
export interface ServiceAccountRef {
  namespace: string;
  name: string;
}

/** One statement of a role's trust policy, with the IRSA parts picked out. */
export interface TrustStatementSummary extends PolicyStatementSummary {
  /** Federated OIDC provider host, e.g. `oidc.eks.eu-west-1.amazonaws.com/id/ABC`. */
  oidcProviders: string[];
  /** From `system:serviceaccount:<ns>:<sa>` conditions; `*` where wildcarded. */
  serviceAccounts: ServiceAccountRef[];
}

/** What one identity policy grants, as actions on resources. */
export interface PolicyGrantSummary {
  effect: 'Allow' | 'Deny';
  actions: string[];
  notActions?: string[];
  resources: string[];
  notResources?: string[];
  conditions: PolicyCondition[];
}

/** One identity policy of a role. */
export interface RolePolicySummary {
  kind: 'inline' | 'managed';
  name: string;
  arn?: string;
  grants: PolicyGrantSummary[];
}

/** The component's IRSA role in one environment. */
export interface IrsaRoleSummary {
  roleName: string;
  roleArn?: string;
  /** False when no role of that name exists in the account. */
  found: boolean;
  trust: TrustStatementSummary[];
  policies: RolePolicySummary[];
}

export type FindingSeverity = 'high' | 'medium' | 'low';

export const FINDING_SEVERITIES: FindingSeverity[] = ['high', 'medium', 'low'];

export type FindingType =
  | 'rotation-disabled'
  | 'rotation-overdue'
  | 'not-accessed'
  | 'wildcard-principal'
  | 'wildcard-action'
  | 'readable-by-other-roles'
  | 'cross-account-access'
  | 'no-customer-managed-key';

export const FINDING_TYPES: FindingType[] = [
  'rotation-disabled',
  'rotation-overdue',
  'not-accessed',
  'wildcard-principal',
  'wildcard-action',
  'readable-by-other-roles',
  'cross-account-access',
  'no-customer-managed-key',
];

/** What each finding type means, as a person reads it (filters, headings). */
export const FINDING_TYPE_TITLES: Record<FindingType, string> = {
  'rotation-disabled': 'Rotation disabled',
  'rotation-overdue': 'Rotation overdue',
  'not-accessed': 'Not accessed recently',
  'wildcard-principal': 'Any principal may read',
  'wildcard-action': 'Wildcard actions',
  // The id keeps its name for saved links; it covers users too.
  'readable-by-other-roles': 'Readable by other roles or users',
  'cross-account-access': 'Readable from another account',
  'no-customer-managed-key': 'No customer-managed KMS key',
};

/** One problem found, with the evidence that shows it. */
export interface Finding {
  /** Stable across reads: type, secret and (where relevant) role. */
  id: string;
  type: FindingType;
  severity: FindingSeverity;
  title: string;
  evidence: string;
  entityRef: string;
  environment: string;
  accountId: string;
  region: string;
  secretName?: string;
  secretArn?: string;
  /** Set when the principal is an IAM role (kept for links and exports). */
  roleArn?: string;
  /** The principal the finding is about (role, user, account, …). */
  principalArn?: string;
  principalKind?: PrincipalKind;
}

/** Everything about one component in one environment. */
export interface AccessAuditEnvironment {
  name: string;
  accountId: string;
  region: string;
  secrets: SecretMetadata[];
  irsaRole?: IrsaRoleSummary;
}

/** `GET /entities/:kind/:namespace/:name/secrets`. */
export interface AccessAuditEntityResponse extends AwsOpsResponse {
  entityRef: string;
  secretsPrefix: string;
  iamRoleName: string;
  environments: AccessAuditEnvironment[];
  findings: Finding[];
}

/** A finding with the catalog context the store-wide page filters on. */
export interface StoreFinding extends Finding {
  entityTitle?: string;
  system?: string;
  owner?: string;
}

/** `GET /findings`. */
export interface AccessAuditFindingsResponse extends AwsOpsResponse {
  /** Components scanned (after the system/owner filters). */
  components: number;
  filters: {
    severity?: FindingSeverity[];
    type?: FindingType[];
    system?: string;
    owner?: string;
  };
  findings: StoreFinding[];
}
