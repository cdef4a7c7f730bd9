import { GrantedClaims } from '@internal/backstage-plugin-aws-ops-node';
import {
  EksDeploymentsResponse,
  EntityEksChangesResponse,
} from '@internal/backstage-plugin-eks-common';

/** Live EKS deployments of catalog entities. */
export interface EksDeploymentsService {
  /**
   * Clusters, rollouts, pods and autoscalers of the entity in each of its
   * environments, from the workloads it holds a claim on.
   */
  getDeployments(claims: GrantedClaims): Promise<EksDeploymentsResponse>;
  /**
   * What changed for the entity in `range` (epoch ms): the rollouts of its
   * Deployments that started or ended inside it (or were still running in
   * it), and the Kubernetes version changes of the clusters and node groups
   * it runs on that started inside it or were still in progress. Failures
   * per environment are in `errors`, next to what did load.
   */
  getChanges(
    claims: GrantedClaims,
    range: { start: number; end: number },
  ): Promise<EntityEksChangesResponse>;
}
