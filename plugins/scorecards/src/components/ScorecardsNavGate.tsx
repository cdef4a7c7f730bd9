import { RequirePermission } from '@backstage/plugin-permission-react';
import { scorecardsStoreReadPermission } from '@internal/backstage-plugin-scorecards-common';
import { ReactNode } from 'react';

/**
 * Renders its children (the sidebar item of the scorecards page) only for
 * users allowed to read the store-wide scorecards; nothing while asking.
 */
export function ScorecardsNavGate(props: { children: ReactNode }) {
  return (
    <RequirePermission
      permission={scorecardsStoreReadPermission}
      errorPage={<></>}
    >
      {props.children}
    </RequirePermission>
  );
}
