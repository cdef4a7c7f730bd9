import { ComponentHealth } from '@internal/backstage-plugin-ops-health-common';
import {
  badness,
  filterComponents,
  filtersFromSearch,
  filtersToSearch,
  orderForViewer,
  summarize,
  systemOptions,
} from './overview';

function component(
  name: string,
  level: ComponentHealth['level'],
  owner: string,
  system: string,
  extra: Partial<ComponentHealth> = {},
): ComponentHealth {
  return {
    entityRef: `component:default/${name}`,
    name,
    title: name,
    type: 'service',
    system: { entityRef: `system:default/${system}`, title: system },
    owner: { entityRef: `group:default/${owner}`, title: owner },
    level,
    reasons: [],
    denied: [],
    errors: [],
    ...extra,
  };
}

const components = [
  component('search', 'critical', 'team-discovery', 'discovery'),
  component('cart', 'warning', 'team-commerce', 'commerce'),
  component('fresh', 'not-deployed', 'team-commerce', 'commerce'),
  component('checkout', 'ok', 'team-commerce', 'commerce'),
  component('catalog', 'ok', 'team-discovery', 'discovery'),
  component('basket', 'critical', 'team-commerce', 'commerce'),
];
const developer = [
  'user:default/demo-developer',
  'group:default/team-commerce',
];
const names = (list: ComponentHealth[]) => list.map(c => c.name);

describe('filters in the URL', () => {
  it('name systems and owners short or full, and are written short', () => {
    const short = filtersFromSearch(
      new URLSearchParams('system=commerce&owner=team-commerce&mine=true'),
      components,
    );
    const full = filtersFromSearch(
      new URLSearchParams(
        'system=system:default/commerce&owner=group:default/team-commerce&mine=true',
      ),
      components,
    );
    expect(short).toEqual({
      system: 'system:default/commerce',
      owner: 'group:default/team-commerce',
      myTeams: true,
      problemsOnly: false,
    });
    expect(full).toEqual(short);
    expect(filtersToSearch(full, new URLSearchParams()).toString()).toBe(
      'system=commerce&owner=team-commerce&mine=true',
    );
  });

  it('round-trip every filter and keep the other parameters (the sort)', () => {
    const elsewhere = [
      ...components,
      {
        ...component('pay', 'ok', 'team-pay', 'x'),
        system: { entityRef: 'system:other/payments', title: 'Payments' },
      },
    ];
    const filters = {
      system: 'system:other/payments',
      owner: undefined,
      myTeams: false,
      problemsOnly: true,
    };
    const params = filtersToSearch(
      filters,
      new URLSearchParams('sort=waf&dir=desc&system=commerce&mine=true'),
    );
    expect(params.get('sort')).toBe('waf');
    expect(params.get('mine')).toBeNull();
    expect(params.get('system')).toBe('other/payments');
    expect(filtersFromSearch(params, elsewhere)).toEqual(filters);
  });

  it('ignore names the overview does not have, empty values and switches not set to true', () => {
    expect(
      filtersFromSearch(
        new URLSearchParams('system=payments&owner=&problems=1'),
        components,
      ),
    ).toEqual({
      system: undefined,
      owner: undefined,
      myTeams: false,
      problemsOnly: false,
    });
  });
});

describe('filterComponents', () => {
  it('combines system, owner, my teams and problems only', () => {
    const none = { myTeams: false, problemsOnly: false };
    expect(
      names(
        filterComponents(
          components,
          { ...none, system: 'system:default/discovery' },
          developer,
        ),
      ),
    ).toEqual(['search', 'catalog']);
    expect(
      names(
        filterComponents(
          components,
          { myTeams: true, problemsOnly: true },
          developer,
        ),
      ),
    ).toEqual(['cart', 'basket']);
    expect(
      filterComponents(
        components,
        { ...none, owner: 'group:default/team-discovery', myTeams: true },
        developer,
      ),
    ).toEqual([]);
  });
});

describe('orderForViewer', () => {
  it("puts the viewer's teams first, each part worst first, not deployed before OK", () => {
    expect(names(orderForViewer(components, developer))).toEqual([
      'basket',
      'cart',
      'fresh',
      'checkout',
      'search',
      'catalog',
    ]);
  });

  it('is worst first for a viewer in no owning team', () => {
    expect(
      names(orderForViewer(components, ['user:default/demo-auditor'])),
    ).toEqual(['basket', 'search', 'cart', 'fresh', 'catalog', 'checkout']);
  });
});

describe('summarize', () => {
  it('counts what the filters show, out of all', () => {
    const shown = filterComponents(
      components,
      { myTeams: true, problemsOnly: false },
      developer,
    );
    expect(summarize(shown, components.length)).toBe(
      '4 of 6 components: 1 critical · 1 warning · 0 unknown · 1 not deployed yet · 1 OK',
    );
    expect(summarize(components, components.length)).toBe(
      '6 components: 2 critical · 1 warning · 0 unknown · 1 not deployed yet · 2 OK',
    );
  });
});

describe('systemOptions', () => {
  it('lists each system once, by title', () => {
    const spelledTwice = [
      ...components,
      {
        ...component('new-service', 'not-deployed', 'team-commerce', 'x'),
        system: { entityRef: 'system:default/commerce', title: 'Commerce' },
      },
    ];
    expect(systemOptions(spelledTwice)).toEqual([
      { value: 'system:default/commerce', label: 'Commerce' },
      { value: 'system:default/discovery', label: 'discovery' },
    ]);
  });
});

describe('badness', () => {
  const deployments = {
    workloads: 1,
    notDeployed: false,
    ready: 2,
    desired: 2,
    failedRollouts: [],
    progressingRollouts: [],
    crashLoopingPods: [],
  };
  it('ranks a failed rollout over missing replicas over not deployed over healthy over unread', () => {
    const ranked = [
      { ...deployments, ready: 1 },
      undefined,
      { ...deployments, workloads: 0, notDeployed: true, ready: 0, desired: 0 },
      deployments,
      { ...deployments, failedRollouts: ['prod/x'] },
    ]
      .map((d, index) =>
        component(`c${index}`, 'ok', 'team-a', 'a', { deployments: d }),
      )
      .sort((a, b) => badness.deployments(b) - badness.deployments(a));
    expect(names(ranked)).toEqual(['c4', 'c0', 'c2', 'c3', 'c1']);
  });
});
