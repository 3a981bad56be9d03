/**
 * Live SLA countdown of one clock (first response or resolution), pure: the two clocks are
 * shown apart (issue 15), so an overdue first response is not a resolution breach.
 */

export type CountdownState = 'ok' | 'risk' | 'over' | 'met' | 'missed' | 'none';
export type Countdown = { state: CountdownState; ms: number };

/**
 * `due` missing → none. Stopped (`done` set) → met or missed. Running → ms left (ok, or
 * risk in the last `riskMs`), or ms over when past due.
 */
export function countdown(
  now: number,
  due: string | undefined,
  done: string | undefined,
  riskMs = 30 * 60_000,
): Countdown {
  if (!due) return { state: 'none', ms: 0 };
  const dueMs = Date.parse(due);
  if (done) {
    const doneMs = Date.parse(done);
    return { state: doneMs <= dueMs ? 'met' : 'missed', ms: Math.abs(dueMs - doneMs) };
  }
  const left = dueMs - now;
  if (left < 0) return { state: 'over', ms: -left };
  return { state: left <= riskMs ? 'risk' : 'ok', ms: left };
}

/** `2 h 05 m`, `12 m 30 s`, `3 d 4 h`: compact, the two largest units. */
export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${pad(m)} m`;
  return `${m} m ${pad(sec)} s`;
}
