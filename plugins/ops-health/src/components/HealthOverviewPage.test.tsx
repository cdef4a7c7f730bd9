import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import {
  ComponentHealth,
  HealthOverviewResponse,
} from '@internal/backstage-plugin-ops-health-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { checkoutCorrelation } from '../__testUtils__/correlation';
import { OpsHealthApi, opsHealthApiRef } from '../api';
import { HealthOverviewPage } from './HealthOverviewPage';

function component(
  name: string,
  level: ComponentHealth['level'],
  owner: string,
  extra: Partial<ComponentHealth> = {},
): ComponentHealth {
  const system = owner === 'team-commerce' ? 'commerce' : 'discovery';
  return {
    entityRef: `component:default/${name}`,
    name,
    title: name,
    type: 'service',
    system: { entityRef: `system:default/${system}`, title: system },
    owner: {
      entityRef: `group:default/${owner}`,
      title: owner,
      onCallChannel: `#oncall-${owner}`,
    },
    level,
    reasons: [],
    denied: [],
    errors: [],
    ...extra,
  };
}

// cart-service's 5xx alarm fired after a rollout of checkout-service, which it depends on.
const CART_CORRELATION = {
  ...checkoutCorrelation(),
  alarmEntityRef: 'component:default/cart-service',
  alarmName: 'cart-service-5xx',
  alarmLink: '/catalog/default/component/cart-service/alarms',
  sentence: `cart-service-5xx fired 2 min after checkout-service 4.9.50 started rolling out in prod`,
};

const healthy = {
  workloads: 1,
  notDeployed: false,
  ready: 4,
  desired: 4,
  failedRollouts: [],
  progressingRollouts: [],
  crashLoopingPods: [],
};

// As the backend sends it: worst first.
const response: HealthOverviewResponse = {
  source: 'demo',
  fetchedAt: new Date().toISOString(),
  errors: [],
  components: [
    component('recommendation-service', 'critical', 'team-discovery', {
      reasons: ['1 failing pod'],
      deployments: { ...healthy, ready: 3, crashLoopingPods: ['staging/r-1'] },
    }),
    component('cart-service', 'critical', 'team-commerce', {
      reasons: ['1 alarm in ALARM'],
      alarms: {
        worstState: 'ALARM',
        inAlarm: 1,
        insufficientData: 0,
        ok: 2,
        alarming: [
          { name: 'cart-service-5xx', environment: 'prod', since: '' },
        ],
      },
      deployments: healthy,
      correlations: [
        CART_CORRELATION,
        { ...CART_CORRELATION, sentence: 'older' },
      ],
    }),
    component('search-service', 'unknown', 'team-discovery', {
      reasons: ['Not visible to you: alarms, deployments, waf'],
      denied: ['alarms', 'deployments', 'waf'],
    }),
    component('parcel-service', 'not-deployed', 'team-commerce', {
      reasons: ['Not deployed yet: no workload in any environment'],
      deployments: {
        ...healthy,
        workloads: 0,
        notDeployed: true,
        ready: 0,
        desired: 0,
      },
    }),
    component('checkout-service', 'ok', 'team-commerce', {
      deployments: healthy,
      waf: { blockedLastHour: 1, baselineBlockedPerHour: 2, spike: false },
      stale: {
        since: new Date(Date.now() - 7 * 60_000).toISOString(),
        refreshError: { name: 'ThrottlingException', message: 'Rate exceeded' },
      },
    }),
  ],
};

function Location() {
  const location = useLocation();
  return <span data-testid="location">{location.search}</span>;
}

async function renderPage(url = '/health') {
  const api: OpsHealthApi = {
    getOverview: async () => response,
    getTimeline: jest.fn(),
  };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [opsHealthApiRef, api],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: 'user:default/demo-developer',
            ownershipEntityRefs: [
              'user:default/demo-developer',
              'group:default/team-commerce',
            ],
          }),
        ],
      ]}
    >
      <HealthOverviewPage />
      <Location />
    </TestApiProvider>,
    { initialRouteEntries: [url] },
  );
  await screen.findAllByTestId('health-level');
}

const rowNames = () =>
  screen
    .queryAllByTestId('health-level')
    .map(cell => cell.getAttribute('data-component'));
const rowOf = (name: string) =>
  screen
    .getAllByTestId('health-level')
    .find(cell => cell.getAttribute('data-component') === name)!
    .closest('tr')!;
const search = () => screen.getByTestId('location').textContent;

describe('HealthOverviewPage', () => {
  // The core-components Table renders slowly in jsdom on a busy 2-core machine.
  jest.setTimeout(30_000);

  it("shows the developer's team first, each part worst first, labelled demo", async () => {
    await renderPage();
    expect(screen.getByTestId('demo-data-banner')).toBeInTheDocument();
    expect(rowNames()).toEqual([
      'cart-service',
      'parcel-service',
      'checkout-service',
      'recommendation-service',
      'search-service',
    ]);
    expect(
      screen.getByText(/Your teams first \(team-commerce\), then worst first/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('health-counts')).toHaveTextContent(
      '5 components: 2 critical · 0 warning · 1 unknown · 1 not deployed yet · 1 OK.',
    );
    const cart = rowOf('cart-service');
    expect(within(cart).getByText('#oncall-team-commerce')).toBeInTheDocument();
    expect(within(cart).getByText('1 in ALARM').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service/alarms',
    );
    expect(
      within(rowOf('search-service')).getAllByText('not visible to you'),
    ).toHaveLength(3);
  });

  it("says a row's first correlation with links to the alarm, the rollout and the component's timeline", async () => {
    await renderPage();
    const correlation = within(rowOf('cart-service')).getByTestId(
      'row-correlation',
    );
    expect(
      within(correlation).getByTestId('correlation-sentence'),
    ).toHaveTextContent(CART_CORRELATION.sentence);
    expect(correlation).not.toHaveTextContent('older');
    const href = (name: string | RegExp) =>
      within(correlation).getByRole('link', { name }).getAttribute('href');
    expect(href('alarm')).toBe(
      '/catalog/default/component/cart-service/alarms',
    );
    expect(href('rollout')).toBe(
      '/catalog/default/component/checkout-service/eks',
    );
    expect(href('timeline (1 more)')).toBe(
      '/catalog/default/component/cart-service/timeline',
    );
    expect(
      within(rowOf('recommendation-service')).queryByTestId('row-correlation'),
    ).toBeNull();
  });

  it('marks a row showing last good data as stale, with its age and the refresh error, and keeps its data', async () => {
    await renderPage();
    const row = rowOf('checkout-service');
    expect(within(row).getByTestId('row-stale')).toHaveTextContent(
      'stale: data from 7 min ago (refresh failed: Rate exceeded)',
    );
    expect(within(row).getByText('4/4 ready')).toBeInTheDocument();
    expect(within(rowOf('cart-service')).queryByTestId('row-stale')).toBeNull();
  });

  it('shows a never-deployed service as "not deployed yet", never "0/0 ready"', async () => {
    await renderPage();
    const row = rowOf('parcel-service');
    expect(within(row).getByText('Not deployed yet')).toBeInTheDocument();
    expect(
      within(row).getByText('not deployed yet').closest('a'),
    ).toHaveAttribute('href', '/catalog/default/component/parcel-service/eks');
    expect(within(row).queryByText(/0\/0/)).not.toBeInTheDocument();
    expect(within(row).queryByText('OK')).not.toBeInTheDocument();
  });

  it('restores the filters from the URL, with the summary following them', async () => {
    await renderPage('/health?system=commerce&problems=true');
    expect(rowNames()).toEqual(['cart-service']);
    expect(screen.getByTestId('health-counts')).toHaveTextContent(
      '1 of 5 components: 1 critical · 0 warning · 0 unknown · 0 not deployed yet · 0 OK.',
    );
    expect(screen.getByLabelText('Problems only')).toBeChecked();
    expect(screen.getByRole('button', { name: 'System' })).toHaveTextContent(
      'commerce',
    );
  });

  it('writes each filter into the URL as it changes', async () => {
    await renderPage();
    fireEvent.click(screen.getByLabelText('My teams'));
    expect(rowNames()).toEqual([
      'cart-service',
      'parcel-service',
      'checkout-service',
    ]);
    expect(search()).toBe('?mine=true');

    fireEvent.mouseDown(screen.getByRole('button', { name: 'System' }));
    const systems = within(screen.getByRole('listbox'));
    // One entry per system, plus "All".
    expect(systems.getAllByRole('option').map(o => o.textContent)).toEqual([
      'All',
      'commerce',
      'discovery',
    ]);
    fireEvent.click(systems.getByText('discovery'));
    expect(search()).toBe('?mine=true&system=discovery');
    expect(rowNames()).toEqual([]);
    expect(
      screen.getByText('No component matches these filters.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('health-counts')).toHaveTextContent(
      /^0 of 5 components/,
    );
  });

  it('sorts by a column and keeps the sort in the URL', async () => {
    await renderPage();
    fireEvent.click(screen.getByRole('button', { name: 'Health' }));
    // Ascending health is worst first across every team.
    expect(rowNames()).toEqual([
      'cart-service',
      'recommendation-service',
      'search-service',
      'parcel-service',
      'checkout-service',
    ]);
    await waitFor(() => expect(search()).toBe('?sort=health&dir=asc'));
    fireEvent.click(screen.getByRole('button', { name: 'Deployments' }));
    await waitFor(() => expect(search()).toBe('?sort=deployments&dir=asc'));
    expect(rowNames().slice(0, 2)).toEqual([
      'recommendation-service',
      'parcel-service',
    ]);
  });

  it('restores the sort from the URL', async () => {
    await renderPage('/health?sort=component&dir=desc');
    expect(rowNames()).toEqual([
      'search-service',
      'recommendation-service',
      'parcel-service',
      'checkout-service',
      'cart-service',
    ]);
  });
});
