import { AwsOpsSource } from '@internal/backstage-plugin-aws-ops-common';
import Chip from '@material-ui/core/Chip';
import Alert from '@material-ui/lab/Alert';
import { useId, useLayoutEffect, useRef, useSyncExternalStore } from 'react';

const SIMULATED = "the store's demo scenario, not read from AWS";

/**
 * The demo banners mounted right now. A page shows one banner: the one
 * highest on the page; every other place shows a compact marker.
 */
const mounted = new Map<string, HTMLElement>();
const listeners = new Set<() => void>();
let banner: string | undefined;

function update() {
  const [first] = [...mounted.entries()].sort(([, a], [, b]) =>
    // eslint-disable-next-line no-bitwise
    a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  );
  if (first?.[0] !== banner) {
    banner = first?.[0];
    listeners.forEach(listener => listener());
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

const currentBanner = () => banner;

/**
 * Says plainly that the data is simulated when the demo source produced it.
 * However many parts of a page use it (overview cards, a tab, a page), the
 * full banner shows once per page, at the topmost of them; the others show a
 * small "Demo data" marker, so each part is still labelled.
 */
export function DemoDataBanner(props: { source: AwsOpsSource }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const isDemo = props.source === 'demo';
  const isBanner = useSyncExternalStore(
    subscribe,
    () => currentBanner() === id,
  );
  // Before paint, so no place flashes a second banner.
  useLayoutEffect(() => {
    if (!isDemo || !ref.current) return undefined;
    mounted.set(id, ref.current);
    update();
    return () => {
      mounted.delete(id);
      update();
    };
  }, [id, isDemo]);

  if (!isDemo) {
    return null;
  }
  return (
    <div ref={ref}>
      {isBanner ? (
        <Alert severity="info" data-testid="demo-data-banner">
          Demo data: {SIMULATED}. Set <code>awsOps.demo: null</code> in
          app-config to show live data.
        </Alert>
      ) : (
        <Chip
          size="small"
          variant="outlined"
          color="primary"
          label="Demo data"
          title={`Demo data: ${SIMULATED}.`}
          data-testid="demo-data-marker"
        />
      )}
    </div>
  );
}
