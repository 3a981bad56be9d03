/** Loads one server resource for a desk screen: loading / error (in words) / data, plus reload. */
import { useCallback, useEffect, useState } from 'react';

export type Remote<T> =
  | { status: 'loading'; data?: T }
  | { status: 'error'; error: unknown; data?: T }
  | { status: 'ok'; data: T };

export function useRemote<T>(load: () => Promise<T>, deps: readonly unknown[]): [Remote<T>, () => void] {
  const [state, setState] = useState<Remote<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists the loader's inputs.
  useEffect(() => {
    let live = true;
    setState((s) => ({ status: 'loading', ...(s.data === undefined ? {} : { data: s.data }) }));
    load().then(
      (data) => live && setState({ status: 'ok', data }),
      (error: unknown) =>
        live &&
        setState((s) => ({ status: 'error', error, ...(s.data === undefined ? {} : { data: s.data }) })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return [state, reload];
}
