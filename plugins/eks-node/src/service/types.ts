import { Entity } from '@backstage/catalog-model';
import { EksDeploymentsResponse } from '@internal/backstage-plugin-eks-common';

/** Live EKS deployments of catalog entities. */
export interface EksDeploymentsService {
  /** Clusters, rollouts, pods and autoscalers of the entity in each of its environments. */
  getDeployments(entity: Entity): Promise<EksDeploymentsResponse>;
}
