import { ComponentHealth } from '@internal/backstage-plugin-ops-health-common';

export interface HealthFilters {
  system?: string;
  owner?: string;
  /** Only components owned by one of these refs (the viewer's teams), when set. */
  myTeams?: string[];
  problemsOnly?: boolean;
}

export function filterComponents(
  components: ComponentHealth[],
  filters: HealthFilters,
): ComponentHealth[] {
  return components.filter(
    component =>
      (!filters.system || component.system === filters.system) &&
      (!filters.owner || component.owner?.entityRef === filters.owner) &&
      (!filters.myTeams ||
        (component.owner !== undefined &&
          filters.myTeams.includes(component.owner.entityRef))) &&
      (!filters.problemsOnly ||
        component.level === 'critical' ||
        component.level === 'warning'),
  );
}
