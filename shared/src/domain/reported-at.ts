/**
 * Plausibility of a device's own report time (DESIGN case rule 4). A phone's clock can be
 * wrong and a case can sit in an outbox for days, so the server keeps the device's time
 * but bounds it.
 */

/** How far back a device-reported time may go when the caller knows no better bound. */
export const MAX_REPORTED_AGE_MS = 30 * 86_400_000;

/**
 * `reported` bounded to [`earliestAllowed`, `now`]: a future time becomes `now` (a phone
 * clock running ahead must not make a case look newer than its acceptance), one older
 * than `earliestAllowed` (e.g. the device's last sync, or `now` − {@link MAX_REPORTED_AGE_MS})
 * becomes `earliestAllowed`.
 */
export function clampReportedAt(reported: Date, now: Date, earliestAllowed: Date): Date {
  const t = reported.getTime();
  if (Number.isNaN(t) || t > now.getTime()) return new Date(now.getTime());
  if (t < earliestAllowed.getTime()) return new Date(Math.min(earliestAllowed.getTime(), now.getTime()));
  return new Date(t);
}
