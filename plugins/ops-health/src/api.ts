import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { HealthOverviewResponse } from '@internal/backstage-plugin-ops-health-common';

/** Reads the on-call overview of every store component. */
export interface OpsHealthApi {
  getOverview(): Promise<HealthOverviewResponse>;
}

export const opsHealthApiRef = createApiRef<OpsHealthApi>({
  id: 'plugin.ops-health.api',
});

export class OpsHealthClient implements OpsHealthApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getOverview(): Promise<HealthOverviewResponse> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('ops-health');
    const response = await this.options.fetchApi.fetch(`${baseUrl}/components`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
