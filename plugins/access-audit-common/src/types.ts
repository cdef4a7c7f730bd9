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

/** A role whose identity policies let it read a secret. */
export interface SecretReader {
  roleName: string;
  roleArn: string;
  /** The component's own IRSA role. */
  ownRole: boolean;
  /** Read actions granted on the secret, as written in the policies. */
  actions: string[];
  /** Policies that grant them (`inline:<name>` or the managed policy ARN). */
  grantedBy: string[];
  /** Granted through a wildcard action or resource. */
  wildcard: boolean;
  /** The wildcard action patterns among the grants. */
  wildcardActions: string[];
  /** Every granting statement carries a Condition. */
  conditional: boolean;
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
  /** Roles in the account whose identity policies grant read access. */
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
  | 'no-customer-managed-key';

export const FINDING_TYPES: FindingType[] = [
  'rotation-disabled',
  'rotation-overdue',
  'not-accessed',
  'wildcard-principal',
  'wildcard-action',
  'readable-by-other-roles',
  'no-customer-managed-key',
];

/** What each finding type means, as a person reads it (filters, headings). */
export const FINDING_TYPE_TITLES: Record<FindingType, string> = {
  'rotation-disabled': 'Rotation disabled',
  'rotation-overdue': 'Rotation overdue',
  'not-accessed': 'Not accessed recently',
  'wildcard-principal': 'Any principal may read',
  'wildcard-action': 'Wildcard actions',
  'readable-by-other-roles': 'Readable by other roles',
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
  roleArn?: string;
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
