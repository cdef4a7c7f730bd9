import { GrantedClaims } from '@internal/backstage-plugin-aws-ops-node';
import { EksDeploymentsResponse } from '@internal/backstage-plugin-eks-common';

/** Live EKS deployments of catalog entities. */
export interface EksDeploymentsService {
  /**
   * Clusters, rollouts, pods and autoscalers of the entity in each of its
   * environments, from the workloads it holds a claim on.
   */
  getDeployments(claims: GrantedClaims): Promise<EksDeploymentsResponse>;
}
