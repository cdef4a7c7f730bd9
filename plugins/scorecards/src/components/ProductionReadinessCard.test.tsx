import { Entity } from '@backstage/catalog-model';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ScorecardsApi, scorecardsApiRef } from '../api';
import { responseError } from '../__testUtils__/errors';
import { CART, entityResponse } from '../__testUtils__/fixtures';
import { ProductionReadinessCard } from './ProductionReadinessCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart-service', namespace: 'default' },
  spec: { type: 'service' },
};

async function renderCard(api: Partial<ScorecardsApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[scorecardsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <ProductionReadinessCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const checkItem = (id: string) =>
  screen
    .getAllByTestId('check')
    .find(element => element.getAttribute('data-check-id') === id)!;

// The first render of core-components tables is slow in jsdom on a busy machine.
jest.setTimeout(30_000);

describe('ProductionReadinessCard', () => {
  it('asks for the entity by its ref and shows the level reached and the counts', async () => {
    const getEntityScorecard = jest.fn(async () => entityResponse);
    await renderCard({ getEntityScorecard });
    expect(
      await screen.findByRole('heading', { name: 'Production readiness' }),
    ).toBeInTheDocument();
    const chip = await screen.findByTestId('level-chip');
    expect(chip).toHaveTextContent('Bronze');
    expect(chip).toHaveAttribute('data-level', 'bronze');
    expect(screen.getByTestId('check-counts')).toHaveTextContent(
      '2 passed · 1 failed · 1 unknown of 5 checks',
    );
    expect(getEntityScorecard).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'cart-service',
    });
  });

  it('labels a scorecard read from the demo scenario, and only that one', async () => {
    await renderCard({
      getEntityScorecard: async () => ({
        ...entityResponse,
        scorecard: { ...entityResponse.scorecard, demo: true },
      }),
    });
    expect(
      await screen.findByText(/the store's demo scenario, not read from AWS/),
    ).toBeInTheDocument();
  });

  it('shows no demo label on facts read from AWS', async () => {
    await renderCard({ getEntityScorecard: async () => entityResponse });
    await screen.findByTestId('level-chip');
    expect(
      screen.queryByText(/the store's demo scenario, not read from AWS/),
    ).not.toBeInTheDocument();
  });

  it('names the next level and the checks that block it, in the order given', async () => {
    await renderCard({ getEntityScorecard: async () => entityResponse });
    const next = await screen.findByTestId('next-level');
    expect(next).toHaveAttribute('data-next-level', 'silver');
    expect(next).toHaveTextContent('Next level: Silver, blocked by 2 checks:');
    expect(
      within(next)
        .getAllByTestId('blocking-check')
        .map(item => item.textContent),
    ).toEqual([
      'Has a PodDisruptionBudget (unknown)',
      'At least 2 replicas in prod (failed)',
    ]);
  });

  it('groups the checks by level, lowest first, with outcome, reason and facts', async () => {
    await renderCard({ getEntityScorecard: async () => entityResponse });
    await screen.findByTestId('scorecard');
    const sections = screen.getAllByTestId('level-section');
    expect(sections.map(s => s.getAttribute('data-level'))).toEqual([
      'bronze',
      'silver',
      'gold',
    ]);
    expect(within(sections[0]).getByRole('heading')).toHaveTextContent(
      'Bronze 2 of 2 passed',
    );
    // a level that fully passed starts folded; the others are open
    expect(sections.map(s => s.getAttribute('data-open'))).toEqual([
      'false',
      'true',
      'true',
    ]);
    fireEvent.click(
      within(sections[0]).getByRole('button', { name: 'Show the 2 checks' }),
    );
    expect(sections[0]).toHaveAttribute('data-open', 'true');
    expect(
      within(sections[0]).getByRole('button', { name: 'Hide' }),
    ).toHaveAttribute('aria-expanded', 'true');
    expect(
      within(sections[1])
        .getAllByTestId('check')
        .map(c => c.getAttribute('data-check-id')),
    ).toEqual(['replicas', 'hasPdb']);
    const replicas = checkItem('replicas');
    expect(within(replicas).getByTestId('check-outcome')).toHaveTextContent(
      'failed',
    );
    expect(within(replicas).getByTestId('check-reason')).toHaveTextContent(
      'One pod is one node loss away from an outage.',
    );
    expect(within(replicas).getByTestId('check-facts')).toHaveTextContent(
      'Facts: prodReplicas = 1',
    );
    expect(within(replicas).getByTestId('facts-read-at')).toHaveTextContent(
      /^read .*2026.* ago\) · from eks$/,
    );
    expect(
      within(checkItem('latencyAlarm')).getByTestId('check-facts'),
    ).toHaveTextContent('hasLatencyAlarm = false, missingRuleGroups = a, b');
    expect(
      within(checkItem('hasGroupOwner')).getByTestId('check-outcome'),
    ).toHaveTextContent('passed');
  });

  it('links a failing check to where it is fixed, and only a failing one', async () => {
    await renderCard({ getEntityScorecard: async () => entityResponse });
    await screen.findByTestId('scorecard');
    const links = within(checkItem('replicas')).getAllByRole('link');
    expect(links.map(l => l.getAttribute('href'))).toEqual([
      '/catalog/default/component/cart-service/eks',
      'https://github.com/inbestment/templates/service',
    ]);
    expect(links[0]).toHaveTextContent(/^EKS tab$/);
    // core-components adds "Opens in a new window" to an outside link
    expect(links[1]).toHaveTextContent(/^Deployment template/);
    // the unknown check has a link in the response, but it is not failing
    expect(within(checkItem('hasPdb')).queryByRole('link')).toBeNull();
    expect(
      within(checkItem('hasGroupOwner')).queryByTestId('fix-links'),
    ).toBeNull();
  });

  it('says why an unknown check is unknown, and is not a failure', async () => {
    await renderCard({ getEntityScorecard: async () => entityResponse });
    await screen.findByTestId('scorecard');
    const pdb = checkItem('hasPdb');
    expect(pdb).toHaveAttribute('data-outcome', 'unknown');
    expect(within(pdb).getByTestId('check-outcome')).toHaveTextContent(
      'unknown',
    );
    expect(within(pdb).getByTestId('unknown-reason')).toHaveTextContent(
      'could not be read: the prod cluster did not answer (ECONNREFUSED)',
    );
    expect(
      within(checkItem('replicas')).queryByTestId('unknown-reason'),
    ).toBeNull();
  });

  it('says plainly when the viewer may not read the scorecard (403)', async () => {
    const denied = await responseError(403);
    await renderCard({
      getEntityScorecard: async () => {
        throw denied;
      },
    });
    expect(await screen.findByTestId('scorecard-denied')).toHaveTextContent(
      'You may not see the scorecard of cart-service.',
    );
    expect(screen.queryByTestId('level-chip')).toBeNull();
  });

  it('says when the component is not a scored service (404)', async () => {
    const missing = await responseError(404);
    await renderCard({
      getEntityScorecard: async () => {
        throw missing;
      },
    });
    expect(await screen.findByTestId('scorecard-not-found')).toHaveTextContent(
      'not a scored service',
    );
  });

  it('keeps the last scorecard when a reload fails', async () => {
    const getEntityScorecard = jest
      .fn()
      .mockResolvedValueOnce(entityResponse)
      .mockRejectedValueOnce(new Error('backend restarting'));
    await renderCard({ getEntityScorecard });
    expect(await screen.findByTestId('level-chip')).toHaveTextContent('Bronze');
    fireEvent.click(
      screen.getByRole('button', { name: 'Reload the scorecard' }),
    );
    expect(await screen.findByTestId('reload-failed')).toHaveTextContent(
      'Reload failed; showing the last data (backend restarting)',
    );
    await waitFor(() => expect(getEntityScorecard).toHaveBeenCalledTimes(2));
    expect(screen.getByTestId('level-chip')).toHaveTextContent('Bronze');
    expect(screen.getAllByTestId('check')).toHaveLength(CART.checks.length);
  });
});
