import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useAutoRefresh } from '@internal/backstage-plugin-aws-ops-react';
import { WafWindow } from '@internal/backstage-plugin-waf-common';
import { wafApiRef } from '../api';

/** The backend reuses a log group read for a minute, so polling faster gains nothing. */
export const REFRESH_INTERVAL_MS = 60_000;

/** The current entity's WAF events over `window`, refreshed while the page is visible. */
export function useWafEvents(window: WafWindow) {
  const { entity } = useEntity();
  const api = useApi(wafApiRef);
  const entityRef = getCompoundEntityRef(entity);
  return useAutoRefresh(
    () => api.getEvents(entityRef, window),
    REFRESH_INTERVAL_MS,
    [api, entityRef.kind, entityRef.namespace, entityRef.name, window],
  );
}
