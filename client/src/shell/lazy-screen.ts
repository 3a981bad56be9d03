/**
 * `React.lazy` that can be loaded ahead of time. A plain lazy component suspends on its
 * first render even when its chunk is already in memory (its import() promise settles a
 * tick later), and React then holds the real screen back behind the fallback for up to
 * 300 ms (its fallback throttle): on a slow phone that was most of "typed serial → device
 * screen". Once `preload()` has settled, the lazy factory answers with an already-resolved
 * thenable, so React renders the screen in the same pass, with no fallback at all.
 */
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

export type PreloadableComponent<P> = LazyExoticComponent<ComponentType<P>> & {
  /** Loads the chunk; idempotent. */
  preload: () => Promise<void>;
};

type Module<P> = { default: ComponentType<P> };
/** A thenable that calls back synchronously: React's lazy reads it as resolved at once. */
type SyncThenable<P> = { then: (resolve: (value: Module<P>) => void) => void };

export function lazyScreen<P>(load: () => Promise<ComponentType<P>>): PreloadableComponent<P> {
  let loaded: Module<P> | null = null;
  let loading: Promise<Module<P>> | null = null;
  const fetchModule = () => {
    loading ??= load().then((component) => {
      loaded = { default: component };
      return loaded;
    });
    loading.catch(() => {
      loading = null; // a failed chunk (offline, new deploy) may be retried
    });
    return loading;
  };
  const component = lazy(() => {
    const ready = loaded;
    if (ready) {
      // React only calls then(); a full Promise is not needed (and would resolve a tick late).
      // biome-ignore lint/suspicious/noThenProperty: a synchronous thenable is the point here.
      const thenable: SyncThenable<P> = { then: (resolve) => resolve(ready) };
      return thenable as unknown as Promise<Module<P>>;
    }
    return fetchModule();
  });
  return Object.assign(component, { preload: () => fetchModule().then(() => undefined) });
}
