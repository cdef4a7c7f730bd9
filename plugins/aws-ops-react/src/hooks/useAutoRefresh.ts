import {
  DependencyList,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

interface RefreshState<T> {
  /** The inputs (deps) the value was loaded for. */
  inputs?: object;
  value?: T;
  error?: Error;
  loading: boolean;
}

/**
 * Loads once, then again every `intervalMs` while the page is visible. The
 * last value stays on screen while a refresh runs and when a refresh fails
 * (`error` is then set next to it); a failed load for new inputs (another
 * entity or window) shows no old data. Hidden tabs do not poll, so an open but
 * unwatched page costs the backend nothing.
 */
export function useAutoRefresh<T>(
  load: () => Promise<T>,
  intervalMs: number,
  deps: DependencyList,
) {
  const [state, setState] = useState<RefreshState<T>>({ loading: true });
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const inputs = useMemo(() => ({}), deps);
  const lastCall = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const retry = useCallback(() => {
    const call = ++lastCall.current;
    const isLatest = () => mounted.current && call === lastCall.current;
    setState(previous => ({ ...previous, loading: true }));
    Promise.resolve()
      .then(load)
      .then(
        value => {
          if (isLatest()) setState({ inputs, value, loading: false });
        },
        error => {
          if (!isLatest()) return;
          setState(previous => ({
            inputs,
            value: previous.inputs === inputs ? previous.value : undefined,
            error,
            loading: false,
          }));
        },
      );
    // `load` changes with every render; `inputs` stands for what it reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [inputs]);

  useEffect(retry, [retry]);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') {
        retry();
      }
    }, intervalMs);
    return () => clearInterval(timer);
  }, [retry, intervalMs]);

  return {
    value: state.value,
    error: state.error,
    loading: state.loading,
    retry,
  };
}
