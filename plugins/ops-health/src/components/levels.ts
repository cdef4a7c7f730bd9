import { parseEntityRef } from '@backstage/catalog-model';
import { StatusLevel } from '@internal/backstage-plugin-aws-ops-react';
import { HealthLevel } from '@internal/backstage-plugin-ops-health-common';

export const healthStatus: Record<
  HealthLevel,
  { level: StatusLevel; label: string }
> = {
  critical: { level: 'error', label: 'Critical' },
  warning: { level: 'warning', label: 'Warning' },
  unknown: { level: 'neutral', label: 'Unknown' },
  'not-deployed': { level: 'neutral', label: 'Not deployed yet' },
  ok: { level: 'ok', label: 'OK' },
};

/** Path of a component's entity page, or one of its tabs, under the catalog's default mount. */
export function entityPath(entityRef: string, tab?: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const base = `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
  return tab ? `${base}/${tab}` : base;
}
