import { RequirePermission } from '@backstage/plugin-permission-react';
import { accessAuditFindingsReadPermission } from '@internal/backstage-plugin-access-audit-common';
import { ReactNode } from 'react';

/**
 * Renders its children (the sidebar item of the access-audit page) only for
 * users allowed to read the store-wide findings; nothing while asking.
 */
export function AccessAuditNavGate(props: { children: ReactNode }) {
  return (
    <RequirePermission
      permission={accessAuditFindingsReadPermission}
      errorPage={<></>}
    >
      {props.children}
    </RequirePermission>
  );
}
