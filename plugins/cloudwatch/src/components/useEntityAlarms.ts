import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useAutoRefresh } from '@internal/backstage-plugin-aws-ops-react';
import { AlarmWindow } from '@internal/backstage-plugin-cloudwatch-common';
import { cloudWatchApiRef } from '../api';

/** The backend reuses alarm states for seconds and chart data for a minute. */
export const REFRESH_INTERVAL_MS = 30_000;

/** The current entity's alarms over `window`, refreshed while the page is visible. */
export function useEntityAlarms(window: AlarmWindow) {
  const { entity } = useEntity();
  const api = useApi(cloudWatchApiRef);
  const entityRef = getCompoundEntityRef(entity);
  return useAutoRefresh(
    () => api.getAlarms(entityRef, window),
    REFRESH_INTERVAL_MS,
    [api, entityRef.kind, entityRef.namespace, entityRef.name, window],
  );
}
