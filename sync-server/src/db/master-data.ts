/**
 * Owns the admin edits of the replicated reference tables `sla_rules` and `holidays`
 * (routes/admin-master-data.ts). Every write goes through the tables' stamp trigger, so
 * the new txid replicates the change to every phone and desk; deletes are soft
 * (`deleted = true`) for the same reason: a hard delete could never be pulled.
 */
import type { Holiday, SlaRule } from '@edc/shared';
import type { Queryable } from './pool.ts';

const RULE_DOC = `id, category, subcase, label, case_type AS "caseType", responsible_unit AS "responsibleUnit", priority,
  response_minutes AS "responseMinutes", business_days AS "businessDays", hours, active,
  updated_at AS "updatedAt", deleted AS "_deleted"`;

type RuleRow = Omit<SlaRule, 'businessDays' | 'hours'> & {
  businessDays: number | null;
  hours: number | null;
};

function toRule(r: RuleRow): SlaRule {
  const { businessDays, hours, ...rest } = r;
  return {
    ...rest,
    ...(businessDays !== null ? { businessDays } : {}),
    ...(hours !== null ? { hours } : {}),
  };
}

export async function listSlaRules(q: Queryable, includeDeleted: boolean): Promise<SlaRule[]> {
  const { rows } = await q.query<RuleRow>(
    `SELECT ${RULE_DOC} FROM sla_rules ${includeDeleted ? '' : 'WHERE NOT deleted'} ORDER BY category, subcase`,
  );
  return rows.map(toRule);
}

export async function getSlaRule(q: Queryable, id: string): Promise<SlaRule | null> {
  const { rows } = await q.query<RuleRow>(`SELECT ${RULE_DOC} FROM sla_rules WHERE id = $1`, [id]);
  return rows[0] ? toRule(rows[0]) : null;
}

export type SlaRuleWrite = Omit<SlaRule, 'id' | 'updatedAt' | '_deleted'>;

/**
 * Creates a rule, or revives a soft-deleted one with the same key; null when a live rule
 * with that key exists (the caller answers 409).
 */
export async function insertSlaRule(q: Queryable, r: SlaRuleWrite, now: Date): Promise<SlaRule | null> {
  const { rows } = await q.query<RuleRow>(
    `INSERT INTO sla_rules AS t (id, category, subcase, label, case_type, responsible_unit, priority, response_minutes,
       business_days, hours, active, updated_at, deleted)
     VALUES ($1 || ':' || $2, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, false)
     ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, case_type = EXCLUDED.case_type,
       responsible_unit = EXCLUDED.responsible_unit, priority = EXCLUDED.priority,
       response_minutes = EXCLUDED.response_minutes, business_days = EXCLUDED.business_days, hours = EXCLUDED.hours,
       active = EXCLUDED.active, updated_at = EXCLUDED.updated_at, deleted = false
     WHERE t.deleted
     RETURNING ${RULE_DOC}`,
    [
      r.category,
      r.subcase,
      r.label,
      r.caseType,
      r.responsibleUnit,
      r.priority,
      r.responseMinutes,
      r.businessDays ?? null,
      r.hours ?? null,
      r.active,
      now,
    ],
  );
  return rows[0] ? toRule(rows[0]) : null;
}

export async function updateSlaRule(
  q: Queryable,
  id: string,
  r: Omit<SlaRuleWrite, 'category' | 'subcase'>,
  now: Date,
): Promise<SlaRule | null> {
  const { rows } = await q.query<RuleRow>(
    `UPDATE sla_rules SET label = $2, case_type = $3, responsible_unit = $4, priority = $5, response_minutes = $6,
       business_days = $7, hours = $8, active = $9, updated_at = $10
     WHERE id = $1 AND NOT deleted
     RETURNING ${RULE_DOC}`,
    [
      id,
      r.label,
      r.caseType,
      r.responsibleUnit,
      r.priority,
      r.responseMinutes,
      r.businessDays ?? null,
      r.hours ?? null,
      r.active,
      now,
    ],
  );
  return rows[0] ? toRule(rows[0]) : null;
}

export async function softDeleteSlaRule(q: Queryable, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE sla_rules SET deleted = true, active = false, updated_at = $2 WHERE id = $1 AND NOT deleted',
    [id, now],
  );
  return rowCount === 1;
}

const HOLIDAY_DOC = `id, to_char(date, 'YYYY-MM-DD') AS date, name, updated_at AS "updatedAt", deleted AS "_deleted"`;

export async function listHolidays(q: Queryable, year: number | undefined): Promise<Holiday[]> {
  const { rows } = await q.query<Holiday>(
    `SELECT ${HOLIDAY_DOC} FROM holidays
     WHERE NOT deleted AND ($1::int IS NULL OR extract(year FROM date) = $1::int) ORDER BY date`,
    [year ?? null],
  );
  return rows;
}

/** Adds a holiday, renames an existing one, or revives a deleted one. */
export async function upsertHoliday(
  q: Queryable,
  h: { date: string; name: string },
  now: Date,
): Promise<{ holiday: Holiday; created: boolean }> {
  const { rows } = await q.query<Holiday & { created: boolean }>(
    `INSERT INTO holidays AS t (id, date, name, updated_at, deleted) VALUES ($1::text, $1::date, $2, $3, false)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, updated_at = EXCLUDED.updated_at, deleted = false
     RETURNING ${HOLIDAY_DOC}, (xmax = 0) AS created`,
    [h.date, h.name, now],
  );
  const { created, ...holiday } = rows[0]!;
  return { holiday, created };
}

export async function softDeleteHoliday(q: Queryable, date: string, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE holidays SET deleted = true, updated_at = $2 WHERE id = $1 AND NOT deleted',
    [date, now],
  );
  return rowCount === 1;
}
