/**
 * Web Push rules (DESIGN section 9) as pure functions: which subscription endpoints the
 * server may post to, and how urgently and for how long a notification is worth
 * delivering. No I/O, no clock.
 */
import type { AnnouncementSeverity } from '../schemas/announcements.ts';
import type { PushUrgency } from '../schemas/push.ts';

/**
 * The public browser push services (`PUSH_ALLOWED_HOSTS` default): Chrome/Edge (FCM),
 * Firefox (Mozilla autopush), Safari (Apple), legacy Edge (WNS). `*.` matches any
 * subdomain.
 */
export const DEFAULT_PUSH_HOSTS = [
  'fcm.googleapis.com',
  'android.googleapis.com',
  'updates.push.services.mozilla.com',
  'web.push.apple.com',
  '*.push.apple.com',
  '*.notify.windows.com',
] as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export type PushEndpointCheck =
  | { ok: true; url: string }
  | { ok: false; reason: 'not_a_url' | 'insecure_scheme' | 'host_not_allowed' | 'credentials_in_url' };

function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => {
    const entry = a.trim().toLowerCase();
    if (entry.startsWith('*.')) return host.endsWith(entry.slice(1)) && host.length > entry.length - 1;
    return host === entry || (entry === '::1' && host === '[::1]');
  });
}

/**
 * Security: the server POSTs to whatever endpoint a client registers, so only listed
 * push services are accepted (no request forgery into the internal network). `https`
 * always, except a loopback host that is itself listed (tests' push-service stand-in).
 */
export function checkPushEndpoint(endpoint: string, allowedHosts: readonly string[]): PushEndpointCheck {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    return { ok: false, reason: 'not_a_url' };
  }
  if (u.username || u.password) return { ok: false, reason: 'credentials_in_url' };
  const host = u.hostname.toLowerCase();
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(host))) {
    return { ok: false, reason: 'insecure_scheme' };
  }
  if (!hostAllowed(host, allowedHosts)) return { ok: false, reason: 'host_not_allowed' };
  return { ok: true, url: u.toString() };
}

export type PushDelivery = { urgency: PushUrgency; ttlSeconds: number };

const HOUR = 3600;

/**
 * Urgency and time-to-live per notification type. A rejection (the technician must act
 * while still near the terminal) and an escalation are `high`; a reminder is stale after
 * a day; the rest may wait up to four days for a phone that is off. Mirrored in SQL by
 * migration 042 (the trigger that queues pushes), checked against this by a test.
 */
export function pushDeliveryFor(type: string): PushDelivery {
  switch (type) {
    case 'case_rejected':
      return { urgency: 'high', ttlSeconds: 2 * 24 * HOUR };
    case 'escalated':
      return { urgency: 'high', ttlSeconds: 24 * HOUR };
    case 'announcement':
      return { urgency: 'normal', ttlSeconds: 2 * 24 * HOUR };
    case 'reminder':
      return { urgency: 'normal', ttlSeconds: 24 * HOUR };
    default:
      return { urgency: 'normal', ttlSeconds: 4 * 24 * HOUR };
  }
}

/**
 * An announcement's push urgency when its severity asks for more than its type's: an
 * outage (merchants cannot take card payments) wakes a phone in power saving like a
 * rejection does; maintenance and info notices keep the type's `normal`. Stored on the
 * notification row (`push_urgency`, migration 043), which the push trigger prefers.
 */
export function announcementPushUrgency(severity: AnnouncementSeverity): PushUrgency | undefined {
  return severity === 'outage' ? 'high' : undefined;
}

/**
 * Whether a notification type is pushed when the user has not chosen (preferences per
 * user and type override it). Quiet by default for what nobody must act on: an accepted
 * case only confirms what the technician already expects (the inbox still lists it).
 */
export function pushByDefault(type: string): boolean {
  return type !== 'case_accepted';
}

/** What a push-service answer means for the subscription and the message. */
export type PushResult = 'sent' | 'gone' | 'retry' | 'drop';

/**
 * RFC 8030 answers: 201 accepted; 404/410 the subscription is dead (delete it); 429 and
 * 5xx are temporary; 413 and other 4xx will never succeed as sent (drop, keep the
 * subscription). A network error (no status) is temporary.
 */
export function classifyPushResponse(status: number | null): PushResult {
  if (status === null) return 'retry';
  if (status >= 200 && status < 300) return 'sent';
  if (status === 404 || status === 410) return 'gone';
  if (status === 429 || status >= 500) return 'retry';
  return 'drop';
}
