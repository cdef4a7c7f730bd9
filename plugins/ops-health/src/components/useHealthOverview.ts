import { useApi } from '@backstage/frontend-plugin-api';
import { useAutoRefresh } from '@internal/backstage-plugin-aws-ops-react';
import { HealthOverviewResponse } from '@internal/backstage-plugin-ops-health-common';
import { opsHealthApiRef } from '../api';

/** Live state is cached for seconds on the backend; polling faster gains nothing. */
export const REFRESH_INTERVAL_MS = 30_000;

/** The overview of every store component, refreshed while the page is visible. */
export function useHealthOverview(): {
  value?: HealthOverviewResponse;
  loading: boolean;
  error?: Error;
} {
  const api = useApi(opsHealthApiRef);
  return useAutoRefresh<HealthOverviewResponse>(
    () => api.getOverview(),
    REFRESH_INTERVAL_MS,
    [api],
  );
}
