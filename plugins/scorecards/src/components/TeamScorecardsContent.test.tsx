import { Entity } from '@backstage/catalog-model';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { ScorecardsApi, scorecardsApiRef } from '../api';
import { responseError } from '../__testUtils__/errors';
import { teamResponse } from '../__testUtils__/fixtures';
import { TeamScorecardsContent } from './TeamScorecardsContent';

/** Core-components tables render slowly in jsdom on a busy machine. */
const RENDERED = { timeout: 10_000 };

const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-commerce', namespace: 'default' },
  spec: { type: 'team' },
};

async function renderTab(api: Partial<ScorecardsApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[scorecardsApiRef, api]]}>
      <EntityProvider entity={team}>
        <TeamScorecardsContent />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

// The first render of core-components tables is slow in jsdom on a busy machine.
jest.setTimeout(30_000);

describe('TeamScorecardsContent', () => {
  it('ranks the services in the order the backend gave, with level, counts and what blocks the next level', async () => {
    const getTeamScorecards = jest.fn(async () => teamResponse);
    await renderTab({ getTeamScorecards });
    const table = await screen.findByRole(
      'table',
      { name: 'Team ranking' },
      RENDERED,
    );
    expect(getTeamScorecards).toHaveBeenCalledWith({
      kind: 'Group',
      namespace: 'default',
      name: 'team-commerce',
    });
    const ranked = within(table).getAllByTestId('ranked-service');
    // cart-service (bronze) before checkout-service (gold): as given, not re-sorted
    expect(ranked.map(r => r.getAttribute('data-entity-ref'))).toEqual([
      'component:default/cart-service',
      'component:default/checkout-service',
    ]);
    expect(ranked.map(r => r.getAttribute('data-rank'))).toEqual(['1', '2']);
    const rows = within(table)
      .getAllByRole('row')
      .filter(row => within(row).queryByTestId('ranked-service'));
    expect(within(rows[0]).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service',
    );
    expect(within(rows[0]).getByTestId('level-chip')).toHaveTextContent(
      'Bronze',
    );
    const cells = within(rows[0])
      .getAllByRole('cell')
      .map(cell => cell.textContent);
    expect(cells.slice(0, 6)).toEqual([
      '1',
      'Cart Service',
      'Bronze',
      '2',
      '1',
      '1',
    ]);
    expect(within(rows[0]).getByTestId('row-blocking')).toHaveTextContent(
      'Silver: Has a PodDisruptionBudget, At least 2 replicas in prod',
    );
    expect(within(rows[1]).getByTestId('level-chip')).toHaveTextContent('Gold');
    expect(within(rows[1]).getByTestId('row-blocking')).toHaveTextContent(
      'top level reached',
    );
  });

  it('shows the services that could not be scored next to the ranking', async () => {
    await renderTab({ getTeamScorecards: async () => teamResponse });
    await screen.findByRole('table', { name: 'Team ranking' }, RENDERED);
    expect(screen.getByTestId('scorecard-errors')).toHaveTextContent(
      'One service could not be scored',
    );
    expect(screen.getByTestId('scorecard-errors')).toHaveTextContent(
      'component:default/basket-service: facts not stored yet',
    );
    expect(screen.getAllByTestId('ranked-service')).toHaveLength(2);
  });

  it('says plainly when the viewer may not read the team (403)', async () => {
    const denied = await responseError(403);
    await renderTab({
      getTeamScorecards: async () => {
        throw denied;
      },
    });
    expect(
      await screen.findByTestId('team-scorecards-denied'),
    ).toHaveTextContent('You may not see the scorecards of team-commerce.');
  });
});
