import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useAutoRefresh } from '@internal/backstage-plugin-aws-ops-react';
import {
  EntityTimelineResponse,
  TimelineWindow,
} from '@internal/backstage-plugin-ops-health-common';
import { opsHealthApiRef } from '../../api';
import { REFRESH_INTERVAL_MS } from '../useHealthOverview';

/** The current entity's timeline over `window`, refreshed while the page is visible. */
export function useEntityTimeline(window: TimelineWindow) {
  const { entity } = useEntity();
  const api = useApi(opsHealthApiRef);
  const entityRef = getCompoundEntityRef(entity);
  return useAutoRefresh<EntityTimelineResponse>(
    () => api.getTimeline(entityRef, window),
    REFRESH_INTERVAL_MS,
    [api, entityRef.kind, entityRef.namespace, entityRef.name, window],
  );
}
