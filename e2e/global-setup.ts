/**
 * Playwright global setup: build the client once (private dir), start ONE real server,
 * expose its URL to the workers via EDC_BASE_URL, and return the teardown.
 */
import { rmSync } from 'node:fs';
import { buildClient, startServer } from './server.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.EDC_BASE_URL) return async () => undefined; // an already running server
  const staticDir = await buildClient();
  const server = await startServer({ STATIC_DIR: staticDir });
  process.env.EDC_BASE_URL = server.baseURL;
  return async () => {
    await server.stop();
    rmSync(staticDir, { recursive: true, force: true });
  };
}
