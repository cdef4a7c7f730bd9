import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  FINDING_SEVERITIES,
  FINDING_TYPES,
  FindingSeverity,
  FindingType,
  StoreFinding,
} from '@internal/backstage-plugin-access-audit-common';
import { FindingsQuery } from '../api';

/**
 * The store-wide page's filters. The URL keeps them under the backend's own
 * query names (`severity`, `type`, `system`, `owner`), so a reload or a shared
 * link shows the same findings, and an export asks the backend for exactly them.
 */
export interface FindingFilters {
  severity?: FindingSeverity;
  type?: FindingType;
  /** A system's entity ref. */
  system?: string;
  /** An owner's entity ref. */
  owner?: string;
}

/** `commerce`, `system:commerce` and `system:default/commerce` name the same system, as for the backend. */
export function entityRefOf(
  value: string | null | undefined,
  defaultKind: string,
): string | undefined {
  if (!value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

/** `system:default/commerce` → `commerce`: the short form a person reads in the URL. */
function shortRef(entityRef: string): string {
  const { namespace, name } = parseEntityRef(entityRef);
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

function oneOf<T extends string>(value: string | null, allowed: T[]) {
  return allowed.find(item => item === value);
}

export function filtersFromSearch(params: URLSearchParams): FindingFilters {
  return {
    severity: oneOf(params.get('severity'), FINDING_SEVERITIES),
    type: oneOf(params.get('type'), FINDING_TYPES),
    system: entityRefOf(params.get('system'), 'system'),
    owner: entityRefOf(params.get('owner'), 'group'),
  };
}

export function filtersToSearch(filters: FindingFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.severity) params.set('severity', filters.severity);
  if (filters.type) params.set('type', filters.type);
  if (filters.system) params.set('system', shortRef(filters.system));
  if (filters.owner) params.set('owner', shortRef(filters.owner));
  return params;
}

/** The backend query of the same filters: an export holds what the page shows. */
export function queryOf(filters: FindingFilters): FindingsQuery {
  return {
    severity: filters.severity ? [filters.severity] : undefined,
    type: filters.type ? [filters.type] : undefined,
    system: filters.system,
    owner: filters.owner,
  };
}

export function filterFindings(
  findings: StoreFinding[],
  filters: FindingFilters,
): StoreFinding[] {
  return findings.filter(
    finding =>
      (!filters.severity || finding.severity === filters.severity) &&
      (!filters.type || finding.type === filters.type) &&
      (!filters.system ||
        entityRefOf(finding.system, 'system') === filters.system) &&
      (!filters.owner || entityRefOf(finding.owner, 'group') === filters.owner),
  );
}

export function isFiltered(filters: FindingFilters): boolean {
  return Object.values(filters).some(Boolean);
}

/** "12 findings in 5 components": what the filters show. */
export function summarize(shown: StoreFinding[]): string {
  const components = new Set(shown.map(finding => finding.entityRef)).size;
  return `${shown.length} findings in ${components} components`;
}

export interface Option {
  value: string;
  label: string;
}

/** One option per system (or owner) among the findings, however the catalog spells it. */
export function refOptions(
  findings: StoreFinding[],
  field: 'system' | 'owner',
): Option[] {
  const refs = new Set(
    findings.map(finding =>
      entityRefOf(finding[field], field === 'system' ? 'system' : 'group'),
    ),
  );
  return [...refs]
    .filter((ref): ref is string => ref !== undefined)
    .map(ref => ({ value: ref, label: shortRef(ref) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en'));
}
