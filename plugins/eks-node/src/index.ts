/**
 * The EKS plugin's contract: the deployments service and provider
 * interfaces, their service refs, the AWS provider (the provider's default)
 * and the Kubernetes object types providers return.
 *
 * @packageDocumentation
 */
export { readEksConfig } from './config';
export type { EksConfig, EksVersionSupportEntry } from './config';
export {
  eksDeploymentsServiceRef,
  eksProviderServiceRef,
} from './service/serviceRef';
export type { EksDeploymentsService } from './service/types';
export { AwsEksProvider } from './providers/AwsEksProvider';
export type {
  ClusterDescription,
  EksClusterTarget,
  EksProvider,
  EksUpdate,
  EksUpdateStatus,
} from './providers/types';
export {
  disruptionBudgetKeepsPod,
  isOwnedBy,
  matchesLabelSelector,
  parseImage,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  rolloutStateOf,
} from './kubernetes/objects';
export { deriveRollouts } from './rollouts/deriveRollouts';
export type { DeploymentRollout } from './rollouts/deriveRollouts';
export { toVersionChanges } from './rollouts/versionChanges';
export type { KubernetesConnection } from './kubernetes/KubernetesApiReader';
export type * from './kubernetes/types';
export { compareVersions, evaluateVersionSupport } from './versionSupport';
export type { EksApiVersion } from './versionSupport';
