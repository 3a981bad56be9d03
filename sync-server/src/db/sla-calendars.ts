/**
 * Owns `sla_calendars` (issue 15): the business hours of each priority class. A change is a
 * catalogue change: the rules of the changed priorities are stamped in the same transaction
 * so phones pull them again with their new `businessHours` (db/sync.ts), and the push path's
 * cached catalogue is invalidated by the reference version trigger (migrations 024, 063).
 * Like rule edits, it applies to cases accepted (or re-categorised) afterwards; stored due
 * dates never move by themselves.
 */
import type { SlaCalendars } from '@edc/shared';
import { type Db, type Queryable, withTransaction } from './pool.ts';

type Row = {
  priority: keyof SlaCalendars;
  mode: '24x7' | 'business_hours';
  s: number | null;
  e: number | null;
};

function toSetting(r: Row): SlaCalendars[keyof SlaCalendars] {
  return r.mode === 'business_hours' && r.s !== null && r.e !== null
    ? { mode: 'business_hours', startMinute: r.s, endMinute: r.e }
    : { mode: '24x7' };
}

/** The calendars of all three priorities; a missing row reads as 24×7 (the old behaviour). */
export async function readSlaCalendars(q: Queryable): Promise<SlaCalendars> {
  const { rows } = await q.query<Row>(
    'SELECT priority, mode, start_minute AS s, end_minute AS e FROM sla_calendars',
  );
  const out: SlaCalendars = { minor: { mode: '24x7' }, major: { mode: '24x7' }, critical: { mode: '24x7' } };
  for (const r of rows) out[r.priority] = toSetting(r);
  return out;
}

/** Replaces every priority's calendar; returns the priorities whose calendar changed. */
export async function writeSlaCalendars(
  db: Db,
  calendars: SlaCalendars,
  by: string,
  now: Date,
): Promise<(keyof SlaCalendars)[]> {
  return withTransaction(db, async (client) => {
    const changed: (keyof SlaCalendars)[] = [];
    for (const priority of ['minor', 'major', 'critical'] as const) {
      const c = calendars[priority];
      const start = c.mode === 'business_hours' ? (c.startMinute ?? null) : null;
      const end = c.mode === 'business_hours' ? (c.endMinute ?? null) : null;
      const { rowCount } = await client.query(
        `INSERT INTO sla_calendars AS k (priority, mode, start_minute, end_minute, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (priority) DO UPDATE SET mode = $2, start_minute = $3, end_minute = $4,
           updated_at = $5, updated_by = $6
         WHERE (k.mode, k.start_minute, k.end_minute) IS DISTINCT FROM ($2, $3::int, $4::int)`,
        [priority, c.mode, start, end, now, by],
      );
      if (rowCount) changed.push(priority);
    }
    if (changed.length > 0) {
      // Re-replicate the affected rules (their `businessHours` is derived at pull time).
      await client.query('UPDATE sla_rules SET updated_at = $2 WHERE priority = ANY($1::text[])', [
        changed,
        now,
      ]);
    }
    return changed;
  });
}
