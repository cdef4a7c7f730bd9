import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import { accessAuditApiRef } from '../api';
import { AccessAuditNavGate } from './AccessAuditNavGate';
import { FindingsPage } from './FindingsPage';

// Its own file: usePermission caches decisions for the whole module.
describe('FindingsPage without access-audit.findings.read', () => {
  it('shows "not allowed", hides the nav item and asks the backend nothing', async () => {
    const api = { getFindings: jest.fn() };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [accessAuditApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({ authorize: AuthorizeResult.DENY }),
          ],
        ]}
      >
        <FindingsPage />
        <AccessAuditNavGate>
          <span>nav item</span>
        </AccessAuditNavGate>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Not allowed')).toBeInTheDocument();
    expect(screen.queryByText('nav item')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Export/ }),
    ).not.toBeInTheDocument();
    expect(api.getFindings).not.toHaveBeenCalled();
  });
});
