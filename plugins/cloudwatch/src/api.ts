import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  AlarmWindow,
  EntityAlarmsResponse,
} from '@internal/backstage-plugin-cloudwatch-common';

/** Reads the CloudWatch alarms of catalog entities from the cloudwatch backend. */
export interface CloudWatchApi {
  getAlarms(
    entityRef: CompoundEntityRef,
    window: AlarmWindow,
  ): Promise<EntityAlarmsResponse>;
}

export const cloudWatchApiRef = createApiRef<CloudWatchApi>({
  id: 'plugin.cloudwatch.api',
});

export class CloudWatchClient implements CloudWatchApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getAlarms(
    entityRef: CompoundEntityRef,
    window: AlarmWindow,
  ): Promise<EntityAlarmsResponse> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('cloudwatch');
    const path = [entityRef.kind, entityRef.namespace, entityRef.name]
      .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
      .join('/');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/entities/${path}/alarms?window=${encodeURIComponent(window)}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
