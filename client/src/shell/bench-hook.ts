/**
 * Opt-in measurement hook for `npm run bench:client` (e2e/bench/bench-client.ts): when
 * localStorage `edc.bench` is `1`, the open database's lookup is exposed as
 * `window.edcBench` so the bench times the real `findDevice` in the page. Off by default;
 * it exposes nothing a signed-in user could not already read in the UI.
 */
import { countDevices, type EdcDb, findDevice } from '../db/index.ts';

type BenchApi = {
  findDevice: (query: string) => Promise<string | null>;
  countDevices: () => Promise<number>;
};

declare global {
  interface Window {
    edcBench?: BenchApi;
  }
}

export function installBenchHook(db: EdcDb): void {
  let enabled = false;
  try {
    enabled = localStorage.getItem('edc.bench') === '1';
  } catch {
    enabled = false;
  }
  if (!enabled) return;
  window.edcBench = {
    findDevice: async (query) => (await findDevice(db, query))?.device.serialNumber ?? null,
    countDevices: () => countDevices(db),
  };
}
