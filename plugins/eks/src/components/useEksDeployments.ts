import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useAutoRefresh } from '@internal/backstage-plugin-aws-ops-react';
import { eksApiRef } from '../api';

/** The backend caches live state for seconds, so polling faster gains nothing. */
export const REFRESH_INTERVAL_MS = 15_000;

/** The current entity's EKS deployments, refreshed while the page is visible. */
export function useEksDeployments() {
  const { entity } = useEntity();
  const api = useApi(eksApiRef);
  const entityRef = getCompoundEntityRef(entity);
  return useAutoRefresh(
    () => api.getDeployments(entityRef),
    REFRESH_INTERVAL_MS,
    [api, entityRef.kind, entityRef.namespace, entityRef.name],
  );
}
