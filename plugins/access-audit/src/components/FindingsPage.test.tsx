import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AccessAuditFindingsResponse } from '@internal/backstage-plugin-access-audit-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AccessAuditApi, accessAuditApiRef } from '../api';
import { AccessAuditNavGate } from './AccessAuditNavGate';
import { FindingsPage } from './FindingsPage';

const response: AccessAuditFindingsResponse = {
  source: 'aws',
  fetchedAt: new Date().toISOString(),
  components: 16,
  filters: {},
  errors: [],
  findings: [
    {
      id: 'wildcard-principal|arn:1',
      type: 'wildcard-principal',
      severity: 'high',
      title: 'Resource policy allows any principal',
      evidence:
        "Statement 'Partner' allows secretsmanager:GetSecretValue to Principal * without conditions",
      entityRef: 'component:default/payment-service',
      entityTitle: 'Payment Service',
      owner: 'team-payments',
      system: 'checkout',
      environment: 'prod',
      accountId: '111122223333',
      region: 'eu-west-1',
      secretName: 'inbestment/payment-service/psp-key',
      secretArn: 'arn:1',
    },
  ],
};

function renderWith(allowed: boolean, api: Partial<AccessAuditApi>) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [accessAuditApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          }),
        ],
      ]}
    >
      <FindingsPage />
      <AccessAuditNavGate>
        <span>nav item</span>
      </AccessAuditNavGate>
    </TestApiProvider>,
  );
}

describe('FindingsPage', () => {
  it('lists store-wide findings, filters by severity and exports CSV', async () => {
    const api = {
      getFindings: jest.fn(async () => response),
      exportFindings: jest.fn(async () => ({
        fileName: 'access-audit-findings-x.csv',
        blob: new Blob(['Severity\n']),
      })),
    };
    const createObjectURL = jest.fn(() => 'blob:findings');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    await renderWith(true, api);

    const table = await screen.findByRole('table', { name: 'Findings' });
    const row = within(table).getByText('Payment Service').closest('tr')!;
    expect(within(row).getByText('high')).toBeInTheDocument();
    expect(within(row).getByText('team-payments')).toBeInTheDocument();
    expect(
      within(row).getByText(/Principal \* without conditions/),
    ).toBeInTheDocument();
    expect(screen.getByText('1 findings in 16 components')).toBeInTheDocument();
    expect(screen.queryByTestId('demo-data-banner')).not.toBeInTheDocument();
    expect(screen.getByText('nav item')).toBeInTheDocument();
    expect(api.getFindings).toHaveBeenLastCalledWith({});

    fireEvent.mouseDown(screen.getByRole('button', { name: /Severity/ }));
    fireEvent.click(within(screen.getByRole('listbox')).getByText('high'));
    await waitFor(() =>
      expect(api.getFindings).toHaveBeenLastCalledWith({ severity: ['high'] }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() =>
      expect(api.exportFindings).toHaveBeenCalledWith(
        { severity: ['high'] },
        'csv',
      ),
    );
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
  });
});
