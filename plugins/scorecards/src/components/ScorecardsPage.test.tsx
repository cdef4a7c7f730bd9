import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ScorecardsApi, scorecardsApiRef } from '../api';
import { responseError } from '../__testUtils__/errors';
import { storeResponse } from '../__testUtils__/fixtures';
import { ScorecardsPage } from './ScorecardsPage';

/** Core-components tables render slowly in jsdom on a busy machine. */
const RENDERED = { timeout: 10_000 };

async function renderPage(api: Partial<ScorecardsApi>, path = '/scorecards') {
  return renderInTestApp(
    <TestApiProvider apis={[[scorecardsApiRef, api]]}>
      <ScorecardsPage />
    </TestApiProvider>,
    {
      initialRouteEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const servicesOf = (table: HTMLElement) =>
  within(table)
    .queryAllByTestId('ranked-service')
    .map(s => s.getAttribute('data-entity-ref'));

// The first render of core-components tables is slow in jsdom on a busy machine.
jest.setTimeout(30_000);

describe('ScorecardsPage', () => {
  it('shows the services per level of each team', async () => {
    await renderPage({ getStoreScorecards: async () => storeResponse });
    const teams = await screen.findByRole(
      'table',
      { name: 'Services per level by team' },
      RENDERED,
    );
    const header = within(teams)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(header).toEqual([
      'Team',
      'Services',
      'Gold',
      'Silver',
      'Bronze',
      'No level',
    ]);
    const commerce = within(teams)
      .getAllByRole('row')
      .find(row => row.textContent?.startsWith('Team Commerce'))!;
    expect(
      within(commerce)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['Team Commerce', '2', '1', '0', '1', '0']);
  });

  it('ranks all services as given, with team and level filters kept in the URL', async () => {
    await renderPage({ getStoreScorecards: async () => storeResponse });
    const table = await screen.findByRole(
      'table',
      { name: 'All services' },
      RENDERED,
    );
    expect(servicesOf(table)).toEqual([
      'component:default/checkout-service',
      'component:default/cart-service',
      'component:default/search-service',
    ]);
    expect(screen.getByTestId('services-count')).toHaveTextContent(
      '3 of 3 services',
    );

    fireEvent.mouseDown(screen.getByLabelText('Team'));
    fireEvent.click(
      within(screen.getByRole('listbox')).getByRole('option', {
        name: 'Team Discovery',
      }),
    );
    await waitFor(() =>
      expect(servicesOf(table)).toEqual(['component:default/search-service']),
    );
    // it keeps its store-wide rank
    expect(
      within(table).getByTestId('ranked-service').getAttribute('data-rank'),
    ).toBe('3');
    expect(within(table).getByTestId('level-chip')).toHaveTextContent(
      'No level',
    );
  });

  it('filters by level from the URL, "none" for services below the first level', async () => {
    await renderPage(
      { getStoreScorecards: async () => storeResponse },
      '/scorecards?level=bronze',
    );
    const table = await screen.findByRole(
      'table',
      { name: 'All services' },
      RENDERED,
    );
    expect(servicesOf(table)).toEqual(['component:default/cart-service']);
    expect(screen.getByTestId('services-count')).toHaveTextContent(
      '1 of 3 services',
    );
  });

  it('downloads the CSV through the API client', async () => {
    const exportStoreCsv = jest.fn(async () => ({
      fileName: 'scorecards-2026-12-01.csv',
      blob: new Blob(['service,level\n']),
    }));
    const createObjectURL = jest.fn(() => 'blob:csv');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordDownload(this: HTMLAnchorElement) {
        clicked.push(this.download);
      });
    try {
      await renderPage({
        getStoreScorecards: async () => storeResponse,
        exportStoreCsv,
      });
      fireEvent.click(
        await screen.findByRole('button', { name: 'Download CSV' }, RENDERED),
      );
      await waitFor(() =>
        expect(clicked).toEqual(['scorecards-2026-12-01.csv']),
      );
      expect(exportStoreCsv).toHaveBeenCalledTimes(1);
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:csv');
    } finally {
      click.mockRestore();
    }
  });

  it('says the viewer needs scorecards.store.read on a 403', async () => {
    const denied = await responseError(403);
    await renderPage({
      getStoreScorecards: async () => {
        throw denied;
      },
    });
    expect(
      await screen.findByTestId('scorecards-store-denied'),
    ).toHaveTextContent(
      'You need the scorecards.store.read permission to see the store-wide scorecards',
    );
    expect(screen.queryByRole('button', { name: 'Download CSV' })).toBeNull();
  });
});
