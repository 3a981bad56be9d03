/**
 * The shared zod schemas of db/ and sync/, loaded when first used (issue 16).
 *
 * zod builds every schema when its module is evaluated (each `.optional()`, `.max()` is a new
 * instance), and the entity, API and self-service schemas were the largest part of the data
 * layer's evaluation at start-up: ~59 of ~100 ms of module top-level at CPU ×4, on the
 * offline start's path to the first lookup, which validates nothing. Every validation in
 * db/ and sync/ awaits `dataContract()` first; the first call evaluates the schemas' chunk
 * (precached by the service worker like every chunk, so it loads offline), later calls get
 * the same module. What is validated, and with which schema, is unchanged.
 *
 * Only types may be imported from `contract-schemas.ts` elsewhere: a static import would
 * bring the schemas back into the start (`start-path.test.ts` checks the build).
 */
import type * as Schemas from './contract-schemas.ts';

export type DataContract = typeof Schemas;

let loading: Promise<DataContract> | null = null;

export function dataContract(): Promise<DataContract> {
  if (!loading) {
    const attempt = import('./contract-schemas.ts');
    loading = attempt;
    // A failed load (chunk not reachable) is tried again at the next use, not kept.
    attempt.catch(() => {
      if (loading === attempt) loading = null;
    });
  }
  return loading;
}
