/**
 * Playwright global setup: build the client once into a private dir and hand it to the
 * workers (EDC_STATIC_DIR); each worker starts its own server on it (fixtures/test.ts).
 * Returns the teardown. With EDC_BASE_URL set (an already running server) nothing is built;
 * with EDC_STATIC_DIR already set (a build made beforehand, e.g. to run several specs one
 * after another on the same build) that build is served as it is and kept.
 */
import { rmSync } from 'node:fs';
import { buildClient } from './server.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.EDC_BASE_URL || process.env.EDC_STATIC_DIR) return async () => undefined;
  const staticDir = await buildClient();
  process.env.EDC_STATIC_DIR = staticDir;
  return async () => {
    rmSync(staticDir, { recursive: true, force: true });
  };
}
