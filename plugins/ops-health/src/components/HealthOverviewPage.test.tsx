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
import { fireEvent, screen, within } from '@testing-library/react';
import { OpsHealthApi, opsHealthApiRef } from '../api';
import { HealthOverviewPage } from './HealthOverviewPage';

function component(
  name: string,
  level: ComponentHealth['level'],
  owner: string,
  extra: Partial<ComponentHealth> = {},
): ComponentHealth {
  return {
    entityRef: `component:default/${name}`,
    name,
    title: name,
    type: 'service',
    system: owner === 'team-commerce' ? 'checkout' : 'discovery',
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

const response: HealthOverviewResponse = {
  source: 'demo',
  fetchedAt: new Date().toISOString(),
  errors: [],
  components: [
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
      deployments: {
        ready: 4,
        desired: 4,
        failedRollouts: [],
        progressingRollouts: [],
        crashLoopingPods: [],
      },
    }),
    component('search-service', 'unknown', 'team-discovery', {
      reasons: ['Not visible to you: alarms, deployments, waf'],
      denied: ['alarms', 'deployments', 'waf'],
    }),
    component('checkout-service', 'ok', 'team-commerce', {
      errors: [],
      waf: { blockedLastHour: 1, baselineBlockedPerHour: 2, spike: false },
    }),
  ],
};

async function renderPage() {
  const api: OpsHealthApi = { getOverview: async () => response };
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
              'group:default/team-discovery',
            ],
          }),
        ],
      ]}
    >
      <HealthOverviewPage />
    </TestApiProvider>,
  );
}

const rowNames = () =>
  screen
    .queryAllByTestId('health-row')
    .map(row => row.getAttribute('data-component'));

describe('HealthOverviewPage', () => {
  it('shows every component in the order the backend ranked them, labelled demo', async () => {
    await renderPage();
    expect(await screen.findByTestId('demo-data-banner')).toBeInTheDocument();
    expect(rowNames()).toEqual([
      'cart-service',
      'search-service',
      'checkout-service',
    ]);
    expect(screen.getByTestId('health-counts')).toHaveTextContent(
      '1 critical · 0 warning · 1 unknown · 1 OK, of 3 components.',
    );
    const cart = screen.getAllByTestId('health-row')[0];
    expect(within(cart).getByText('1 in ALARM')).toBeInTheDocument();
    expect(within(cart).getByText('#oncall-team-commerce')).toBeInTheDocument();
    expect(within(cart).getByText('1 in ALARM').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service/alarms',
    );
    const search = screen.getAllByTestId('health-row')[1];
    expect(within(search).getAllByText('not visible to you')).toHaveLength(3);
  });

  it('filters to my teams and to problems', async () => {
    await renderPage();
    await screen.findAllByTestId('health-row');
    fireEvent.click(screen.getByLabelText('My teams'));
    expect(rowNames()).toEqual(['search-service']);
    fireEvent.click(screen.getByLabelText('My teams'));
    fireEvent.click(screen.getByLabelText('Problems only'));
    expect(rowNames()).toEqual(['cart-service']);
  });
});
