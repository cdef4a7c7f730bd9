import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import {
  ComponentHealth,
  HealthOverviewResponse,
} from '@internal/backstage-plugin-ops-health-common';
import { screen, within } from '@testing-library/react';
import {
  CHECKOUT_SENTENCE,
  checkoutCorrelation,
} from '../__testUtils__/correlation';
import { OpsHealthApi, opsHealthApiRef } from '../api';
import { RedNowActions, RedNowCard } from './RedNowCard';
import { RedNowFrame } from './RedNowFrame';

const component = (
  index: number,
  level: ComponentHealth['level'],
): ComponentHealth => ({
  entityRef: `component:default/service-${index}`,
  name: `service-${index}`,
  title: `Service ${index}`,
  type: 'service',
  level,
  reasons: [`reason ${index}`],
  denied: [],
  errors: [],
});

// Far more red than the home grid's cell has room for.
const levels: ComponentHealth['level'][] = [
  ...Array<ComponentHealth['level']>(7).fill('critical'),
  ...Array<ComponentHealth['level']>(4).fill('warning'),
  'unknown',
  'not-deployed',
  'ok',
];
const response: HealthOverviewResponse = {
  source: 'demo',
  fetchedAt: new Date().toISOString(),
  errors: [],
  components: levels.map((level, index) => component(index, level)),
};

describe('RedNowCard', () => {
  jest.setTimeout(30_000);

  it('lists every critical and warning component, summarised, in a frame whose link stays outside the list', async () => {
    const api: OpsHealthApi = {
      getOverview: async () => response,
      getTimeline: jest.fn(),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[opsHealthApiRef, api]]}>
        <RedNowFrame
          title="Red right now"
          Content={RedNowCard}
          Actions={RedNowActions}
        />
      </TestApiProvider>,
    );
    const items = await screen.findAllByTestId('red-now-item');
    expect(
      items.map(item => within(item).getByRole('link').textContent),
    ).toEqual(levels.slice(0, 11).map((_, index) => `Service ${index}`));
    expect(screen.getByTestId('red-now-summary')).toHaveTextContent(
      '11 of 14 components need a look: 7 critical, 4 warning. Demo data.',
    );
    const link = screen.getByRole('link', { name: 'Open the health overview' });
    expect(link).toHaveAttribute('href', '/health');
    // In the card's actions, not in the content that scrolls.
    expect(link.closest('.MuiCardActions-root')).not.toBeNull();
    expect(link.closest('.MuiCardContent-root')).toBeNull();
    expect(items[0].closest('.MuiCardContent-root')).not.toBeNull();
  });

  it('says nothing is red when nothing is', async () => {
    const api: OpsHealthApi = {
      getOverview: async () => ({
        ...response,
        source: 'aws',
        components: [component(1, 'ok'), component(2, 'not-deployed')],
      }),
      getTimeline: jest.fn(),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[opsHealthApiRef, api]]}>
        <RedNowCard />
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('red-now-summary')).toHaveTextContent(
      'Nothing is red: all 2 components you can see are healthy, unknown or not deployed yet.',
    );
    expect(screen.queryAllByTestId('red-now-item')).toHaveLength(0);
  });

  it("shows a red component's first correlation under it, with its links", async () => {
    const checkout = {
      ...component(1, 'critical'),
      entityRef: 'component:default/checkout-service',
      title: 'Checkout Service',
      correlations: [checkoutCorrelation()],
    };
    const api: OpsHealthApi = {
      getOverview: async () => ({
        ...response,
        components: [checkout, component(2, 'warning')],
      }),
      getTimeline: jest.fn(),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[opsHealthApiRef, api]]}>
        <RedNowCard />
      </TestApiProvider>,
    );
    const [first, second] = await screen.findAllByTestId('red-now-item');
    expect(within(first).getByTestId('correlation-sentence')).toHaveTextContent(
      CHECKOUT_SENTENCE,
    );
    expect(
      within(first).getByRole('link', { name: 'timeline' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-service/timeline',
    );
    expect(
      within(first).getByRole('link', { name: 'rollout' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-service/eks',
    );
    expect(within(second).queryByTestId('correlation')).toBeNull();
  });
});
