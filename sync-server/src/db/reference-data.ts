/**
 * Owns the seeding of reference data at every start: the Indonesian holiday calendar and
 * the default SLA catalogue (both from shared/src/domain/). Insert-if-missing, never
 * overwrite: admins edit these tables afterwards, and an unchanged row must keep its
 * txid so clients don't re-pull it on every restart.
 */
import { DEFAULT_SLA_CATALOGUE, INDONESIAN_HOLIDAYS_2025_2027 } from '@edc/shared/domain';
import type { Queryable } from './pool.ts';

export async function seedReferenceData(q: Queryable): Promise<{ holidays: number; slaRules: number }> {
  const holidays = await q.query(
    `INSERT INTO holidays (id, date, name)
     SELECT h.date, h.date::date, h.name FROM jsonb_to_recordset($1::jsonb) AS h(date text, name text)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(INDONESIAN_HOLIDAYS_2025_2027.map((h) => ({ date: h.date, name: h.name })))],
  );
  const rules = await q.query(
    `INSERT INTO sla_rules (id, category, subcase, label, case_type, responsible_unit, priority,
                            response_minutes, business_days, hours, active)
     SELECT r.id, r.category, r.subcase, r.label, r."caseType", r."responsibleUnit", r.priority,
            r."responseMinutes", r."businessDays", r.hours, r.active
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, category text, subcase text, label text, "caseType" text,
       "responsibleUnit" text, priority text, "responseMinutes" int, "businessDays" int, hours int, active boolean)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(DEFAULT_SLA_CATALOGUE)],
  );
  return { holidays: holidays.rowCount ?? 0, slaRules: rules.rowCount ?? 0 };
}
