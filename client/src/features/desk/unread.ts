/**
 * Unread marker of the desk queue (issue 15): a case is unread for a viewer when someone
 * else wrote an event on it after the viewer last looked at it.
 *
 * The "last look" is kept LOCALLY, per user, in the desk's own local store (not on the
 * server): opening a case is the commonest desk action and would otherwise cost a write
 * per click; the queue recomputes the marker from replicated events offline and at once;
 * and a last look is a personal reading aid, not a record anyone else needs. The price:
 * it does not follow the user to another computer, and a logout wipe forgets it (then
 * everything older than the new baseline counts as read).
 *
 * On first use the baseline is "now": existing activity is not all flagged at once, only
 * what happens afterwards. Times are the events' server-stamped ISO strings, so the marker
 * never depends on this computer's clock except for that baseline.
 */

export type LastSeen = {
  /** Activity at or before this counts as seen for cases never opened here. */
  since: string;
  /** caseId → the newest activity (`at`) seen when the case was last open. */
  cases: Record<string, string>;
};

/** At most this many per-case entries are kept (the oldest looks are dropped first). */
export const LAST_SEEN_LIMIT = 5000;

/** True when someone else's latest activity on the case is newer than the viewer's last look. */
export function isUnread(caseId: string, latestByOthers: string | undefined, seen: LastSeen | null): boolean {
  if (!latestByOthers || !seen) return false;
  return latestByOthers > (seen.cases[caseId] ?? seen.since);
}

/**
 * The viewer looked at `caseId` (its panel is open): everything up to its latest activity
 * is seen. Unchanged state is returned as is (no write); the map is trimmed to the limit.
 */
export function markSeen(
  seen: LastSeen,
  caseId: string,
  latest: string | undefined,
  nowIso: string,
): LastSeen {
  const at = latest ?? nowIso;
  const prev = seen.cases[caseId];
  if (prev !== undefined && prev >= at) return seen;
  const cases = { ...seen.cases, [caseId]: at };
  const ids = Object.keys(cases);
  if (ids.length > LAST_SEEN_LIMIT) {
    ids.sort((a, b) => (cases[a] ?? '').localeCompare(cases[b] ?? ''));
    for (const id of ids.slice(0, ids.length - LAST_SEEN_LIMIT)) delete cases[id];
  }
  return { since: seen.since, cases };
}

/** Latest event time per case, ignoring the viewer's own events (one pass). */
export function latestActivityByOthers(
  events: Iterable<{ caseId: string; at: string; actor: string }>,
  viewer: string,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    if (e.actor === viewer) continue;
    const prev = out.get(e.caseId);
    if (prev === undefined || e.at > prev) out.set(e.caseId, e.at);
  }
  return out;
}
