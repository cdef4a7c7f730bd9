import { parseEntityRef } from '@backstage/catalog-model';
import {
  ComponentHealth,
  HEALTH_LEVEL_ORDER,
  HealthLevel,
} from '@internal/backstage-plugin-ops-health-common';

/** What the overview shows; kept in the page's URL so a reload or a shared link keeps it. */
export interface HealthFilters {
  /** A system's entity ref. */
  system?: string;
  /** An owner's entity ref. */
  owner?: string;
  /** Only the components of the viewer's teams. */
  myTeams: boolean;
  /** Only critical and warning components. */
  problemsOnly: boolean;
}

/** The URL's query parameter of each filter. */
const PARAM = {
  system: 'system',
  owner: 'owner',
  myTeams: 'mine',
  problemsOnly: 'problems',
} as const;

/** `system:default/commerce` → `commerce`: the short form a URL carries. */
function shortRef(entityRef: string): string {
  const { namespace, name } = parseEntityRef(entityRef);
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

/**
 * The ref among `refs` (as the backend sends them) a URL parameter names,
 * short (`commerce`) or full (`system:default/commerce`); none for a name
 * the overview does not have.
 */
function refNamedBy(param: string | null, refs: string[]) {
  return param
    ? refs.find(ref => ref === param || shortRef(ref) === param)
    : undefined;
}

/** The filters a URL names, resolved against the systems and owners the overview has. */
export function filtersFromSearch(
  params: URLSearchParams,
  components: ComponentHealth[],
): HealthFilters {
  const refs = (pick: (c: ComponentHealth) => string | undefined) =>
    components.map(pick).filter((ref): ref is string => ref !== undefined);
  return {
    system: refNamedBy(
      params.get(PARAM.system),
      refs(c => c.system?.entityRef),
    ),
    owner: refNamedBy(
      params.get(PARAM.owner),
      refs(c => c.owner?.entityRef),
    ),
    myTeams: params.get(PARAM.myTeams) === 'true',
    problemsOnly: params.get(PARAM.problemsOnly) === 'true',
  };
}

/** The filters written into `params`; parameters other than the filters' stay. */
export function filtersToSearch(
  filters: HealthFilters,
  params: URLSearchParams,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string | undefined) =>
    value ? next.set(name, value) : next.delete(name);
  set(PARAM.system, filters.system && shortRef(filters.system));
  set(PARAM.owner, filters.owner && shortRef(filters.owner));
  set(PARAM.myTeams, filters.myTeams ? 'true' : undefined);
  set(PARAM.problemsOnly, filters.problemsOnly ? 'true' : undefined);
  return next;
}

const isProblem = (level: HealthLevel) =>
  level === 'critical' || level === 'warning';

/** `myRefs`: the viewer's ownership refs (user and groups). */
export function filterComponents(
  components: ComponentHealth[],
  filters: HealthFilters,
  myRefs: string[],
): ComponentHealth[] {
  return components.filter(
    component =>
      (!filters.system || component.system?.entityRef === filters.system) &&
      (!filters.owner || component.owner?.entityRef === filters.owner) &&
      (!filters.myTeams || isMine(component, myRefs)) &&
      (!filters.problemsOnly || isProblem(component.level)),
  );
}

export function isMine(component: ComponentHealth, myRefs: string[]) {
  return (
    component.owner !== undefined && myRefs.includes(component.owner.entityRef)
  );
}

export const levelRank = (level: HealthLevel) =>
  HEALTH_LEVEL_ORDER.indexOf(level);

/** The page's order before any column is sorted: the viewer's teams first, then worst first, then by title. */
export function orderForViewer(
  components: ComponentHealth[],
  myRefs: string[],
): ComponentHealth[] {
  const mineFirst = (c: ComponentHealth) => (isMine(c, myRefs) ? 0 : 1);
  return [...components].sort(
    (a, b) =>
      mineFirst(a) - mineFirst(b) ||
      levelRank(a.level) - levelRank(b.level) ||
      a.title.localeCompare(b.title, 'en'),
  );
}

const LEVEL_WORDS: Record<HealthLevel, string> = {
  critical: 'critical',
  warning: 'warning',
  unknown: 'unknown',
  'not-deployed': 'not deployed yet',
  ok: 'OK',
};

/** "3 of 29 components: 1 critical · 0 warning · …", counting what the filters show. */
export function summarize(shown: ComponentHealth[], total: number): string {
  const counts = HEALTH_LEVEL_ORDER.map(
    level =>
      `${shown.filter(c => c.level === level).length} ${LEVEL_WORDS[level]}`,
  );
  const of =
    shown.length === total ? `${total}` : `${shown.length} of ${total}`;
  return `${of} components: ${counts.join(' · ')}`;
}

export interface Option {
  value: string;
  label: string;
}

/** One option per system, by title, however the components' specs spell it. */
export function systemOptions(components: ComponentHealth[]): Option[] {
  return uniqueOptions(components.map(c => c.system));
}

export function ownerOptions(components: ComponentHealth[]): Option[] {
  return uniqueOptions(components.map(c => c.owner));
}

function uniqueOptions(
  items: ({ entityRef: string; title: string } | undefined)[],
): Option[] {
  const byRef = new Map<string, string>();
  for (const item of items) {
    if (item) byRef.set(item.entityRef, item.title);
  }
  return [...byRef]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en'));
}

/**
 * How bad each signal looks, for sorting a column worst first: a larger
 * number is worse; a signal that is not there (denied, failed, not a
 * service) sorts last.
 */
export const badness = {
  alarms(c: ComponentHealth): number {
    const alarms = c.alarms;
    if (!alarms) return -1;
    return alarms.inAlarm * 1000 + alarms.insufficientData;
  },
  deployments(c: ComponentHealth): number {
    const d = c.deployments;
    if (!d) return -1;
    if (d.notDeployed) return 0.5;
    return (
      d.failedRollouts.length * 10_000 +
      d.crashLoopingPods.length * 1000 +
      Math.max(0, d.desired - d.ready) * 10 +
      d.progressingRollouts.length
    );
  },
  waf(c: ComponentHealth): number {
    if (!c.waf) return -1;
    return (c.waf.spike ? 1_000_000 : 0) + c.waf.blockedLastHour;
  },
};
