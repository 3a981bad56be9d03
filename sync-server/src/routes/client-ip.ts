/**
 * The caller's IP for throttling. Security: `X-Forwarded-For` is client-controlled, so it
 * is read only when TRUST_PROXY says a proxy we control sets it (its last hop is the
 * address the proxy saw).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';

export function clientIp(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last.slice(0, 64);
  }
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
