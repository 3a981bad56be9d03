/**
 * The speculative next pull page per collection (sync/engine.ts), and when it may be used.
 *
 * RxDB decides whether a poke still needs a pull by comparing the poke's arrival with the
 * moment it asked for a page: a poke that came before the request is dropped, since the
 * page "already includes it". A prefetched page was requested earlier than RxDB believes,
 * so a poke arriving between the prefetch and RxDB's request would be dropped although the
 * page cannot contain its change: a lost wake-up (the row waits for some unrelated poke).
 * So every poke of a collection makes the page prefetched before it stale, and a stale or
 * mismatching page is never handed out: the caller fetches afresh.
 */
export class PagePrefetch<T> {
  private readonly slots = new Map<string, { key: string; generation: number; result: Promise<T> }>();
  private readonly generations = new Map<string, number>();

  /** The server announced a change in `collection`: pages fetched before now are stale. */
  invalidate(collection: string): void {
    this.generations.set(collection, (this.generations.get(collection) ?? 0) + 1);
  }

  /** Keeps `result`, the page that follows checkpoint `key`, requested just now. */
  put(collection: string, key: string, result: Promise<T>): void {
    this.slots.set(collection, { key, generation: this.generations.get(collection) ?? 0, result });
  }

  /** The kept page for `key` if nothing changed since it was requested; consumed either way. */
  take(collection: string, key: string): Promise<T> | null {
    const slot = this.slots.get(collection);
    this.slots.delete(collection);
    if (!slot || slot.key !== key) return null;
    if (slot.generation !== (this.generations.get(collection) ?? 0)) return null;
    return slot.result;
  }
}
