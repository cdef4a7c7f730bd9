import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  AccessAuditFindingsResponse,
  FindingSeverity,
  FindingType,
  StoreFinding,
} from '@internal/backstage-plugin-access-audit-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { AccessAuditApi, accessAuditApiRef } from '../api';
import { AccessAuditNavGate } from './AccessAuditNavGate';
import { FindingsPage } from './FindingsPage';

function finding(
  index: number,
  severity: FindingSeverity,
  type: FindingType,
  component: string,
  system: string,
): StoreFinding {
  return {
    id: `${type}|arn:${index}`,
    type,
    severity,
    title: `${type} title`,
    evidence: `evidence ${index}`,
    entityRef: `component:default/${component}`,
    entityTitle: component.replace(/^./, c => c.toUpperCase()),
    owner: 'team-payments',
    system,
    environment: 'prod',
    accountId: '111122223333',
    region: 'eu-west-1',
    secretName: `inbestment/${component}/secret-${index}`,
    secretArn: `arn:${index}`,
  };
}

// More than a page: 25 in `payment` (high), 3 in `search` (low), one spelled with a full system ref.
const findings: StoreFinding[] = [
  ...Array.from({ length: 25 }, (_, i) =>
    finding(i, 'high', 'wildcard-principal', 'payment', 'checkout'),
  ),
  finding(25, 'low', 'not-accessed', 'search', 'discovery'),
  finding(26, 'low', 'not-accessed', 'search', 'system:default/discovery'),
  finding(27, 'medium', 'rotation-overdue', 'search', 'discovery'),
];
const response: AccessAuditFindingsResponse = {
  source: 'aws',
  fetchedAt: new Date().toISOString(),
  components: 16,
  filters: {},
  errors: [],
  findings,
};

function Location() {
  return <span data-testid="location">{useLocation().search}</span>;
}

function renderWith(api: Partial<AccessAuditApi>, url = '/access-audit') {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [accessAuditApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ]}
    >
      <FindingsPage />
      <AccessAuditNavGate>
        <span>nav item</span>
      </AccessAuditNavGate>
      <Location />
    </TestApiProvider>,
    {
      initialRouteEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const bodyRows = () => [...document.querySelectorAll<HTMLElement>('tbody tr')];
/** A filter's select, named by its label and its value ("Severity low", "Severity All"), unlike the column heading. */
const select = (label: string) =>
  screen.getByRole('button', { name: new RegExp(`^${label} `) });

describe('FindingsPage', () => {
  jest.setTimeout(30_000);

  it('pages the findings, links components, and filters by readable title into the URL', async () => {
    const api = { getFindings: jest.fn(async () => response) };
    await renderWith(api);
    expect(
      await screen.findByTestId('findings-summary', {}, { timeout: 10_000 }),
    ).toHaveTextContent('28 findings in 2 components');
    expect(screen.getByText('nav item')).toBeInTheDocument();
    // One read of everything; the filters work on it.
    expect(api.getFindings).toHaveBeenCalledTimes(1);
    expect(api.getFindings).toHaveBeenLastCalledWith({});

    // 20 rows a page.
    expect(bodyRows()).toHaveLength(20);
    const first = bodyRows()[0];
    expect(within(first).getByText('high')).toBeInTheDocument();
    expect(
      within(first).getByRole('link', { name: 'Payment' }),
    ).toHaveAttribute('href', '/catalog/default/component/payment');
    expect(
      within(first).getByRole('link', { name: 'team-payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-payments');

    // The finding filter offers titles, not ids, and shows what it is set to.
    expect(select('Finding')).toHaveTextContent(/^All$/);
    fireEvent.mouseDown(select('Finding'));
    const types = within(screen.getByRole('listbox'));
    expect(types.queryByText('not-accessed')).not.toBeInTheDocument();
    fireEvent.click(types.getByText('Not accessed recently'));
    expect(screen.getByTestId('location')).toHaveTextContent(
      '?type=not-accessed',
    );
    expect(select('Finding')).toHaveTextContent(/^Not accessed recently$/);
    expect(screen.getByTestId('findings-summary')).toHaveTextContent(
      '2 findings in 1 components',
    );
    expect(bodyRows()).toHaveLength(2);
    expect(
      screen.getByRole('button', { name: 'Export 2 filtered as CSV' }),
    ).toBeInTheDocument();
    expect(api.getFindings).toHaveBeenCalledTimes(1);
  });

  it('restores the filters from the URL, one system entry however it is spelled, and exports what is shown', async () => {
    const api = {
      getFindings: jest.fn(async () => response),
      exportFindings: jest.fn(async () => ({
        fileName: 'access-audit-findings-x.csv',
        blob: new Blob(['Severity\n']),
      })),
    };
    const createObjectURL = jest.fn(() => 'blob:findings');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    await renderWith(api, '/access-audit?severity=low&system=discovery');
    expect(
      await screen.findByTestId('findings-summary', {}, { timeout: 10_000 }),
    ).toHaveTextContent('2 findings in 1 components');
    expect(screen.getByText(/Filtered from 28 findings/)).toBeInTheDocument();
    expect(select('Severity')).toHaveTextContent('low');

    fireEvent.mouseDown(select('System'));
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All', 'checkout', 'discovery']);
    fireEvent.click(within(screen.getByRole('listbox')).getByText('discovery'));

    fireEvent.click(
      screen.getByRole('button', { name: 'Export 2 filtered as CSV' }),
    );
    await waitFor(() =>
      expect(api.exportFindings).toHaveBeenCalledWith(
        {
          severity: ['low'],
          type: undefined,
          system: 'system:default/discovery',
          owner: undefined,
        },
        'csv',
      ),
    );
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
  });

  it('sorts by a column', async () => {
    await renderWith({ getFindings: async () => response });
    await screen.findByTestId('findings-summary', {}, { timeout: 10_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Severity' }));
    fireEvent.click(screen.getByRole('button', { name: 'Severity' }));
    // Descending: the least severe first.
    expect(within(bodyRows()[0]).getByText('low')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Component' }));
    expect(
      within(bodyRows()[0]).getByRole('link', { name: 'Payment' }),
    ).toBeInTheDocument();
  });
});
