import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { EksDeploymentsResponse } from '@internal/backstage-plugin-eks-common';

/** Reads the EKS deployments of catalog entities from the eks backend. */
export interface EksApi {
  getDeployments(entityRef: CompoundEntityRef): Promise<EksDeploymentsResponse>;
}

export const eksApiRef = createApiRef<EksApi>({ id: 'plugin.eks.api' });

export class EksClient implements EksApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getDeployments(
    entityRef: CompoundEntityRef,
  ): Promise<EksDeploymentsResponse> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('eks');
    const path = [entityRef.kind, entityRef.namespace, entityRef.name]
      .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
      .join('/');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/entities/${path}/deployments`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
