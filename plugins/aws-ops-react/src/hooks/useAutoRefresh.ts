import { DependencyList, useEffect } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * Loads once, then again every `intervalMs` while the page is visible. The
 * last value stays on screen while a refresh runs. Hidden tabs do not poll,
 * so an open but unwatched page costs the backend nothing.
 */
export function useAutoRefresh<T>(
  load: () => Promise<T>,
  intervalMs: number,
  deps: DependencyList,
) {
  const state = useAsyncRetry(load, deps);
  const { retry } = state;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') {
        retry();
      }
    }, intervalMs);
    return () => clearInterval(timer);
  }, [retry, intervalMs]);
  return state;
}
