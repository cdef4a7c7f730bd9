import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  EntityWafEventsResponse,
  WafWindow,
} from '@internal/backstage-plugin-waf-common';

/** Reads the WAF events of catalog entities from the waf backend. */
export interface WafApi {
  getEvents(
    entityRef: CompoundEntityRef,
    window: WafWindow,
  ): Promise<EntityWafEventsResponse>;
}

export const wafApiRef = createApiRef<WafApi>({ id: 'plugin.waf.api' });

export class WafClient implements WafApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getEvents(
    entityRef: CompoundEntityRef,
    window: WafWindow,
  ): Promise<EntityWafEventsResponse> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('waf');
    const path = [entityRef.kind, entityRef.namespace, entityRef.name]
      .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
      .join('/');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/entities/${path}/events?window=${encodeURIComponent(window)}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
