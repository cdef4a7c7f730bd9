import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  EntityTimelineResponse,
  HealthOverviewResponse,
  TimelineWindow,
} from '@internal/backstage-plugin-ops-health-common';

/** Reads the on-call overview of every store component, and a component's timeline. */
export interface OpsHealthApi {
  getOverview(): Promise<HealthOverviewResponse>;
  /**
   * What changed for a component (and what it depends on) in the window, newest
   * first, with the alarms that fired after a rollout.
   */
  getTimeline(
    entityRef: CompoundEntityRef,
    window: TimelineWindow,
  ): Promise<EntityTimelineResponse>;
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
    return this.get('/components');
  }

  async getTimeline(
    entityRef: CompoundEntityRef,
    window: TimelineWindow,
  ): Promise<EntityTimelineResponse> {
    const path = [entityRef.kind, entityRef.namespace, entityRef.name]
      .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
      .join('/');
    return this.get(
      `/entities/${path}/timeline?window=${encodeURIComponent(window)}`,
    );
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('ops-health');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
