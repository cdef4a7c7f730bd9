import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityTimelineResponse,
  TimelineEvent,
} from '@internal/backstage-plugin-ops-health-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import {
  CHECKOUT_SENTENCE,
  checkoutCorrelation,
} from '../../__testUtils__/correlation';
import { OpsHealthApi, opsHealthApiRef } from '../../api';
import { REFRESH_INTERVAL_MS } from '../useHealthOverview';
import { TimelineContent } from './TimelineContent';

const NOW = Date.parse('2026-12-01T16:20:00Z');
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

const CHECKOUT = 'component:default/checkout-service';
const PAYMENT = 'component:default/payment-service';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
  spec: { type: 'service' },
};

function event(
  kind: TimelineEvent['kind'],
  minutesAgo: number,
  extra: Partial<TimelineEvent>,
): TimelineEvent {
  const at = ago(minutesAgo);
  return {
    id: `${kind}:${extra.entityRef ?? CHECKOUT}:${
      extra.environment ?? 'prod'
    }:${at}`,
    kind,
    entityRef: CHECKOUT,
    environment: 'prod',
    at,
    title: `${kind} ${minutesAgo}`,
    ...extra,
  };
}

const rollout = event('rollout', 20, {
  endAt: ago(12),
  title:
    'checkout-service 4.9.50 rolled out in prod (checkout-service, revision 51)',
  status: 'completed',
  detail: 'app: checkout-service:4.9.49 → checkout-service:4.9.50',
  link: '/catalog/default/component/checkout-service/eks',
});
const fired = event('alarm', 16, {
  title: 'checkout-service-prod-latency went OK → ALARM',
  status: 'ALARM',
  detail: 'Threshold Crossed: 3 datapoints were greater than 800 ms',
  link: '/catalog/default/component/checkout-service/alarms',
});
const cleared = event('alarm', 8, {
  title: 'checkout-service-prod-latency went ALARM → OK',
  status: 'OK',
  link: 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home#alarmsV2:alarm/checkout-service-prod-latency',
});
const dependencyRollout = event('rollout', 50, {
  entityRef: PAYMENT,
  environment: 'staging',
  title: 'payment-service 2.3.0 rolled out in staging',
  status: 'stalled',
});
const spike = event('waf-spike', 30, {
  endAt: ago(25),
  title: '1,200 blocked requests, 10× the baseline',
  status: 'spike',
});
const SENTENCE = CHECKOUT_SENTENCE;

function response(
  extra: Partial<EntityTimelineResponse> = {},
): EntityTimelineResponse {
  return {
    source: 'demo',
    fetchedAt: ago(0),
    errors: [],
    entityRef: CHECKOUT,
    window: '6h',
    start: ago(360),
    end: ago(0),
    correlationWindowMinutes: 15,
    dependencies: [PAYMENT],
    // Out of order on purpose: the tab sorts newest first itself.
    events: [dependencyRollout, fired, spike, cleared, rollout],
    correlations: [checkoutCorrelation(fired.id, rollout.id)],
    denied: [],
    ...extra,
  };
}

function Location() {
  return <span data-testid="location">{useLocation().search}</span>;
}

async function renderTab(api: OpsHealthApi, url = '/') {
  await renderInTestApp(
    <TestApiProvider apis={[[opsHealthApiRef, api]]}>
      <EntityProvider entity={entity}>
        <TimelineContent />
        <Location />
      </EntityProvider>
    </TestApiProvider>,
    { initialRouteEntries: [url] },
  );
}

const shownEventIds = () =>
  screen
    .queryAllByTestId('timeline-event')
    .map(cell => cell.getAttribute('data-event-id'));

const rowOf = (id: string) =>
  screen
    .getAllByTestId('timeline-event')
    .find(cell => cell.getAttribute('data-event-id') === id)!
    .closest('tr')!;

describe('TimelineContent', () => {
  // The core-components Table renders slowly in jsdom on a busy 2-core machine.
  jest.setTimeout(30_000);

  beforeEach(() => jest.useFakeTimers({ now: NOW, advanceTimers: true }));
  afterEach(() => jest.useRealTimers());

  it('says the correlation first, with links to the alarm and the rollout, then every change newest first', async () => {
    const getTimeline = jest.fn(async () => response());
    await renderTab({ getOverview: jest.fn(), getTimeline });
    await screen.findAllByTestId('timeline-event');

    expect(getTimeline).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'checkout-service' },
      '6h',
    );
    expect(screen.getByTestId('demo-data-banner')).toBeInTheDocument();
    const correlation = screen.getByTestId('correlation');
    expect(
      within(correlation).getByTestId('correlation-sentence'),
    ).toHaveTextContent(SENTENCE);
    expect(
      within(correlation).getByRole('link', { name: 'alarm' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-service/alarms',
    );
    expect(
      within(correlation).getByRole('link', { name: 'rollout' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-service/eks',
    );
    expect(screen.getByTestId('correlations')).toHaveTextContent(
      /fired .* \(16 min ago\)/,
    );

    // One time axis, newest first, whatever order the response had.
    expect(shownEventIds()).toEqual([
      cleared.id,
      fired.id,
      rollout.id,
      spike.id,
      dependencyRollout.id,
    ]);
    // The correlation comes before the events on the page.
    expect(
      correlation.compareDocumentPosition(
        screen.getAllByTestId('timeline-event')[0],
      ) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();

    const rolloutRow = within(rowOf(rollout.id));
    expect(rolloutRow.getByText('Rollout')).toBeInTheDocument();
    expect(
      rolloutRow.getByText('20 min ago · lasted 8 min'),
    ).toBeInTheDocument();
    expect(rolloutRow.getByText('completed')).toHaveAttribute(
      'class',
      expect.stringContaining('MuiChip-label'),
    );
    expect(rolloutRow.getByTestId('correlated-marker')).toHaveAttribute(
      'title',
      SENTENCE,
    );
    expect(
      rolloutRow.getByText(/4\.9\.49 → checkout-service:4\.9\.50/),
    ).toBeInTheDocument();
    expect(rolloutRow.getByRole('link', { name: 'open' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-service/eks',
    );
    expect(rolloutRow.queryByTestId('dependency-marker')).toBeNull();
    expect(
      within(rowOf(fired.id)).getByTestId('correlated-marker'),
    ).toBeInTheDocument();
    expect(
      within(rowOf(cleared.id)).queryByTestId('correlated-marker'),
    ).toBeNull();
    expect(
      within(rowOf(cleared.id)).getByRole('link', { name: /AWS console/ }),
    ).toHaveAttribute('href', cleared.link);

    const dependency = within(rowOf(dependencyRollout.id));
    expect(dependency.getByTestId('dependency-marker')).toHaveTextContent(
      'dependency',
    );
    expect(dependency.getByText('staging')).toBeInTheDocument();
    expect(
      screen.getByText(
        /with what checkout-service depends on: payment-service/,
      ),
    ).toBeInTheDocument();
  });

  it('keeps the last timeline on screen when a refresh fails, with the error next to it', async () => {
    const getTimeline = jest
      .fn()
      .mockRejectedValue(new Error('Rate exceeded'))
      .mockResolvedValueOnce(response());
    await renderTab({ getOverview: jest.fn(), getTimeline });
    await screen.findAllByTestId('timeline-event');

    await act(async () => {
      jest.advanceTimersByTime(REFRESH_INTERVAL_MS);
    });
    expect(getTimeline).toHaveBeenCalledTimes(2);
    expect(
      await screen.findByText(/Refresh failed; showing the last data/),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Rate exceeded').length).toBeGreaterThan(0);
    expect(screen.getByTestId('correlation-sentence')).toHaveTextContent(
      SENTENCE,
    );
    expect(shownEventIds()).toHaveLength(5);
  });

  it('says plainly what the viewer may not see, and what failed, next to what loaded', async () => {
    const getTimeline = jest.fn(async () =>
      response({
        denied: ['alarms', 'waf'],
        correlations: [],
        events: [rollout, dependencyRollout],
        errors: [
          {
            scope: { environment: 'staging', region: 'eu-west-1' },
            name: 'ThrottlingException',
            message: 'Rate exceeded',
          },
        ],
      }),
    );
    await renderTab({ getOverview: jest.fn(), getTimeline });
    await screen.findAllByTestId('timeline-event');
    expect(screen.getByTestId('timeline-denied')).toHaveTextContent(
      'You may not see the alarms and the WAF events of checkout-service; the timeline shows the rest.',
    );
    expect(
      screen
        .getAllByRole('alert')
        .map(alert => alert.textContent)
        .filter(text => text?.includes('could not be loaded')),
    ).toEqual([
      'One part could not be loadedstaging · eu-west-1: ThrottlingException: Rate exceeded',
    ]);
    expect(screen.getByTestId('no-correlations')).toHaveTextContent(
      'No alarm fired within 15 min after a rollout in the last 6h.',
    );
    expect(shownEventIds()).toEqual([rollout.id, dependencyRollout.id]);
  });

  it('asks for the window picked, and keeps it in the URL', async () => {
    const getTimeline = jest.fn(async (_ref, window) => response({ window }));
    await renderTab({ getOverview: jest.fn(), getTimeline });
    await screen.findAllByTestId('timeline-event');
    fireEvent.click(screen.getByRole('button', { name: '1h' }));
    await waitFor(() =>
      expect(getTimeline).toHaveBeenLastCalledWith(expect.anything(), '1h'),
    );
    expect(
      await screen.findByText(/^Newest first, the last 1h/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('?window=1h');
  });

  it('starts at the window of the URL and filters by kind and environment', async () => {
    const getTimeline = jest.fn(async () => response({ window: '24h' }));
    await renderTab(
      { getOverview: jest.fn(), getTimeline },
      '/?window=24h&kind=rollout',
    );
    await screen.findAllByTestId('timeline-event');
    expect(getTimeline).toHaveBeenCalledWith(expect.anything(), '24h');
    expect(shownEventIds()).toEqual([rollout.id, dependencyRollout.id]);

    fireEvent.mouseDown(screen.getByRole('button', { name: 'Environment' }));
    fireEvent.click(within(screen.getByRole('listbox')).getByText('staging'));
    await waitFor(() =>
      expect(shownEventIds()).toEqual([dependencyRollout.id]),
    );
    // The correlation stays: it is the headline whatever the filters.
    expect(screen.getByTestId('correlation-sentence')).toBeInTheDocument();
  });

  it('says plainly when the viewer may not see the timeline at all', async () => {
    const denied = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Not allowed' },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      ) as any,
    );
    await renderTab({
      getOverview: jest.fn(),
      getTimeline: jest.fn().mockRejectedValue(denied),
    });
    expect(await screen.findByTestId('timeline-not-allowed')).toHaveTextContent(
      "You may not see this component's timeline.",
    );
  });

  it('shows the newest correlations first and the rest on request', async () => {
    const many = Array.from({ length: 7 }, (_, index) => ({
      ...checkoutCorrelation(`alarm-${index}`, `rollout-${index}`),
      sentence: `correlation ${index}`,
    }));
    await renderTab({
      getOverview: jest.fn(),
      getTimeline: jest.fn(async () => response({ correlations: many })),
    });
    await screen.findAllByTestId('timeline-event');
    const sentences = () =>
      screen
        .getAllByTestId('correlation-sentence')
        .map(sentence => sentence.textContent);
    expect(sentences()).toEqual(many.slice(0, 5).map(c => c.sentence));
    fireEvent.click(screen.getByRole('button', { name: 'Show all 7' }));
    expect(sentences()).toEqual(many.map(c => c.sentence));
    fireEvent.click(
      screen.getByRole('button', { name: 'Show the newest only' }),
    );
    expect(sentences()).toHaveLength(5);
  });
});
