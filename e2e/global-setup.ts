/**
 * Playwright global setup: build the client once (unless fresh), start ONE real server,
 * expose its URL to the workers via EDC_BASE_URL, and return the teardown.
 */
import { ensureClientBuilt, startServer } from './server.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.EDC_BASE_URL) return async () => undefined; // an already running server
  await ensureClientBuilt();
  const server = await startServer();
  process.env.EDC_BASE_URL = server.baseURL;
  return () => server.stop();
}
