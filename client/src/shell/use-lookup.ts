import { useEffect, useState } from 'react';

export type Lookup<T> =
  | { status: 'loading' }
  | { status: 'done'; value: T }
  | { status: 'error'; error: Error };

/**
 * Runs an async read for the component; re-runs when `deps` change or `retry()` is called.
 * `keep`: a re-run keeps showing the last answer until its own comes (no "loading" between).
 */
export function useLookup<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  { keep = false }: { keep?: boolean } = {},
): [Lookup<T>, () => void] {
  const [state, setState] = useState<Lookup<T>>({ status: 'loading' });
  const [nonce, setNonce] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: callers pass the inputs of `load`.
  useEffect(() => {
    let live = true;
    if (!keep) setState({ status: 'loading' });
    load()
      .then((value) => live && setState({ status: 'done', value }))
      .catch(
        (error: unknown) =>
          live &&
          setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
      );
    return () => {
      live = false;
    };
  }, [...deps, nonce]);
  return [state, () => setNonce((n) => n + 1)];
}
