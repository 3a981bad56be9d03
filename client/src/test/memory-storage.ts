/**
 * Node has no localStorage: the Web Storage calls the client makes, on a Map, installed as
 * the global for a test file (the session user hint, db/session-store.ts).
 */
export class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  /** Every stored value, one per line (to check what was, and was not, written). */
  dump(): string {
    return [...this.items.values()].join('\n');
  }
}

export function installMemoryStorage(): MemoryStorage {
  const storage = new MemoryStorage();
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
  return storage;
}
