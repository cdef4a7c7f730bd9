import { StoreFinding } from '@internal/backstage-plugin-access-audit-common';
import {
  filterFindings,
  filtersFromSearch,
  filtersToSearch,
  queryOf,
  refOptions,
  summarize,
} from './storeFindings';

function finding(
  component: string,
  severity: StoreFinding['severity'],
  type: StoreFinding['type'],
  system: string | undefined,
  owner: string | undefined,
): StoreFinding {
  return {
    id: `${type}|${component}|${severity}`,
    type,
    severity,
    title: type,
    evidence: '',
    entityRef: `component:default/${component}`,
    environment: 'prod',
    accountId: '111122223333',
    region: 'eu-west-1',
    system,
    owner,
  };
}

// The store's files say `commerce`; a scaffolded component says the full ref.
const findings = [
  finding('cart', 'high', 'rotation-disabled', 'commerce', 'team-commerce'),
  finding('cart', 'low', 'not-accessed', 'commerce', 'team-commerce'),
  finding(
    'fresh',
    'high',
    'rotation-disabled',
    'system:default/commerce',
    'group:default/team-commerce',
  ),
  finding('search', 'medium', 'wildcard-action', 'discovery', 'team-discovery'),
  finding('orphan', 'low', 'not-accessed', undefined, undefined),
];
const components = (list: StoreFinding[]) =>
  list.map(f => f.entityRef.replace('component:default/', ''));

describe('filters in the URL', () => {
  it("use the backend's query names, short refs, and read full refs alike", () => {
    const params = new URLSearchParams(
      'severity=high&type=rotation-disabled&system=system:default/commerce&owner=team-commerce',
    );
    const filters = filtersFromSearch(params);
    expect(filters).toEqual({
      severity: 'high',
      type: 'rotation-disabled',
      system: 'system:default/commerce',
      owner: 'group:default/team-commerce',
    });
    expect(filtersToSearch(filters).toString()).toBe(
      'severity=high&type=rotation-disabled&system=commerce&owner=team-commerce',
    );
    expect(filtersFromSearch(filtersToSearch(filters))).toEqual(filters);
  });

  it('drop values the backend would refuse', () => {
    expect(
      filtersFromSearch(new URLSearchParams('severity=urgent&type=rotation')),
    ).toEqual({
      severity: undefined,
      type: undefined,
      system: undefined,
      owner: undefined,
    });
  });

  it('ask the backend for the same filters when exporting', () => {
    expect(
      queryOf({ severity: 'low', system: 'system:default/commerce' }),
    ).toEqual({
      severity: ['low'],
      type: undefined,
      system: 'system:default/commerce',
      owner: undefined,
    });
  });
});

describe('filterFindings', () => {
  it('matches systems and owners however they are spelled', () => {
    expect(
      components(
        filterFindings(findings, { system: 'system:default/commerce' }),
      ),
    ).toEqual(['cart', 'cart', 'fresh']);
    expect(
      components(
        filterFindings(findings, {
          owner: 'group:default/team-commerce',
          severity: 'high',
        }),
      ),
    ).toEqual(['cart', 'fresh']);
    expect(
      components(filterFindings(findings, { type: 'not-accessed' })),
    ).toEqual(['cart', 'orphan']);
    expect(filterFindings(findings, {})).toEqual(findings);
  });
});

describe('summarize', () => {
  it('counts the findings and components the filters show', () => {
    expect(summarize(findings)).toBe('5 findings in 4 components');
    expect(
      summarize(filterFindings(findings, { type: 'rotation-disabled' })),
    ).toBe('2 findings in 2 components');
    expect(summarize([])).toBe('0 findings in 0 components');
  });
});

describe('refOptions', () => {
  it('lists each system once, short, sorted', () => {
    expect(refOptions(findings, 'system')).toEqual([
      { value: 'system:default/commerce', label: 'commerce' },
      { value: 'system:default/discovery', label: 'discovery' },
    ]);
    expect(refOptions(findings, 'owner').map(o => o.value)).toEqual([
      'group:default/team-commerce',
      'group:default/team-discovery',
    ]);
  });
});
