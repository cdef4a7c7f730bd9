/**
 * Annotation names read by the AWS ops plugins. docs/annotations.md is the
 * contract; keep this file in step with it.
 */

/** Workloads labelled `backstage.io/kubernetes-id=<value>` belong to the entity. */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
/** Kubernetes namespace of the entity's workloads. */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
/** Label selector that replaces the kubernetes-id selector. */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
/** Comma-separated names of `awsOps.environments` the entity runs in. */
export const ANNOTATION_ENVIRONMENTS = 'aws-ops.io/environments';
/** Comma-separated EKS cluster ARNs the entity runs on besides its environments. */
export const ANNOTATION_EKS_CLUSTER_ARNS = 'aws-ops.io/eks-cluster-arns';
/** Alarms named `<prefix>-...` belong to the entity. */
export const ANNOTATION_ALARM_PREFIX = 'aws-ops.io/alarm-prefix';
/** Extra explicit alarm names. */
export const ANNOTATION_ALARM_NAMES = 'aws-ops.io/alarm-names';
/** Web ACL in front of the entity. */
export const ANNOTATION_WAF_WEB_ACL = 'aws-ops.io/waf-web-acl';
/** Host header identifying the entity's traffic. */
export const ANNOTATION_WAF_HOST = 'aws-ops.io/waf-host';
/** URI path prefix identifying the entity's traffic. */
export const ANNOTATION_WAF_PATH_PREFIX = 'aws-ops.io/waf-path-prefix';
/** Secrets Manager name prefix of the entity's secrets. */
export const ANNOTATION_SECRETS_PREFIX = 'aws-ops.io/secrets-prefix';
/** Comma-separated names of the entity's DynamoDB tables. */
export const ANNOTATION_DYNAMODB_TABLES = 'aws-ops.io/dynamodb-tables';
/** Name of the entity's IRSA role. */
export const ANNOTATION_IAM_ROLE = 'aws-ops.io/iam-role';

/** Namespace used when `backstage.io/kubernetes-namespace` is absent. */
export const DEFAULT_KUBERNETES_NAMESPACE = 'inbestment';
