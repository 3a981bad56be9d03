import { useEffect, useState } from 'react';
import type { Observable } from 'rxjs';

/** Subscribes to an observable for the component's life; `deps` say when to resubscribe. */
export function useObservable<T>(
  factory: () => Observable<T> | null,
  initial: T,
  deps: readonly unknown[],
): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const observable = factory();
    if (!observable) return;
    const sub = observable.subscribe({ next: setValue });
    return () => sub.unsubscribe();
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists the factory's inputs.
  }, deps);
  return value;
}
