/**
 * Owns the desk's helpdesk tables and queries (issue 15): the escalation ladder lookup,
 * `cases.escalated_to`, the SLA catalogue as `recategorize` reads it, full-text search
 * (`case_search`, migration 061), saved views and canned replies (migration 060), and
 * the team list.
 */
import type { LadderTitle, SlaRule } from '@edc/shared';
import { type BusinessCalendars, type BusinessHoursSetting, calendarsOf } from '@edc/shared/domain';
import { CALENDARS_JSON } from './cases.ts';
import type { Queryable } from './pool.ts';

/**
 * The named person for `title` in `unit`: an active back-office user holding that ladder
 * title in the unit, else one holding it for every unit (team NULL); alphabetical, so the
 * choice is stable. Undefined when nobody holds the rung.
 */
export async function ladderHolder(
  q: Queryable,
  title: LadderTitle,
  unit: string | null,
): Promise<string | undefined> {
  const { rows } = await q.query<{ username: string }>(
    `SELECT username FROM users
      WHERE ladder_title = $1 AND NOT disabled AND role IN ('agent', 'supervisor', 'admin')
        AND (team = $2 OR team IS NULL)
      ORDER BY (team IS NULL), lower(username) LIMIT 1`,
    [title, unit],
  );
  return rows[0]?.username;
}

export async function setEscalatedTo(q: Queryable, caseId: string, username: string | null): Promise<void> {
  await q.query('UPDATE cases SET escalated_to = $2 WHERE id = $1 AND escalated_to IS DISTINCT FROM $2', [
    caseId,
    username,
  ]);
}

/** The SLA catalogue, holiday dates and calendars (what `recategorize` recomputes deadlines with). */
export async function loadCatalogue(q: Queryable): Promise<{
  rules: Omit<SlaRule, 'updatedAt' | '_deleted'>[];
  holidays: Set<string>;
  calendars: BusinessCalendars;
}> {
  const { rows } = await q.query<{
    rules: Omit<SlaRule, 'updatedAt' | '_deleted'>[];
    holidays: string[];
    calendars: Record<string, BusinessHoursSetting>;
  }>(
    `SELECT
       (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('id', r.id, 'category', r.category,
          'subcase', r.subcase, 'label', r.label, 'caseType', r.case_type, 'responsibleUnit', r.responsible_unit,
          'priority', r.priority, 'responseMinutes', r.response_minutes, 'businessDays', r.business_days,
          'hours', r.hours, 'active', r.active AND NOT r.deleted))), '[]') FROM sla_rules r) AS rules,
       (SELECT coalesce(array_agg(h.id), '{}') FROM holidays h WHERE NOT h.deleted) AS holidays,
       ${CALENDARS_JSON} AS calendars`,
  );
  const row = rows[0];
  return {
    rules: row?.rules ?? [],
    holidays: new Set(row?.holidays ?? []),
    calendars: calendarsOf(row?.calendars ?? {}),
  };
}

// ---- search ------------------------------------------------------------------------------

export type SearchHit = { id: string; caseNumber: string | null };

/**
 * Cases whose number, TID, MID, serial, merchant name, description or comments contain
 * every term (case-insensitive substrings), newest first. `LIKE` per term on the trigram-indexed
 * lower-cased text (migration 061): rare terms go through the trigram index, common ones
 * through the newest-first index, which stops after `limit` hits.
 */
export async function searchCases(
  q: Queryable,
  terms: readonly string[],
  limit: number,
): Promise<SearchHit[]> {
  if (terms.length === 0) return [];
  // One LIKE per term (not LIKE ALL of an array): the planner estimates each pattern, so a
  // rare word goes through the trigram index and only common words walk the recency index.
  // A term shorter than a trigram ("42" in "settlement kode 42") gives pg_trgm nothing to
  // look up, and `LIKE '%42%'` in the index condition made the GIN scan read the whole
  // index (p50 148 ms of that query in the bench): such a term is `strpos`, which no index
  // serves, so it only filters the rows the other terms found (same substring match).
  const where = terms
    .map((t, i) => (t.length < 3 ? `strpos(s.body, $${i + 2}) > 0` : `s.body LIKE $${i + 2}`))
    .join(' AND ');
  const { rows } = await q.query<SearchHit>(
    `SELECT s.case_id AS id, s.case_number AS "caseNumber" FROM case_search s
      WHERE ${where}
      ORDER BY s.accepted_at DESC NULLS LAST, s.case_id LIMIT $1`,
    [limit, ...terms.map((t) => (t.length < 3 ? t.toLowerCase() : `%${escapeLike(t.toLowerCase())}%`))],
  );
  return rows;
}

/** The same search as a sequential scan over the joined source tables (bench baseline). */
export async function searchCasesByScan(
  q: Queryable,
  terms: readonly string[],
  limit: number,
): Promise<SearchHit[]> {
  const hay = `concat_ws(' ', c.case_number, c.tid, c.mid, c.serial_number, m.name, c.description,
    (SELECT string_agg(e.note, ' ') FROM case_events e WHERE e.case_id = c.id AND e.type = 'comment'))`;
  const where = terms.map((_, i) => `${hay} ILIKE $${i + 2}`).join(' AND ');
  const { rows } = await q.query<SearchHit>(
    `SELECT c.id, c.case_number AS "caseNumber" FROM cases c LEFT JOIN merchants m ON m.id = c.mid
      WHERE ${where} AND NOT c.deleted AND c.case_number IS NOT NULL
      ORDER BY c.accepted_at DESC NULLS LAST, c.id LIMIT $1`,
    [limit, ...terms.map((t) => `%${escapeLike(t)}%`)],
  );
  return rows;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

// ---- saved views ---------------------------------------------------------------------------

export type SavedViewRow = { id: string; name: string; query: string; createdAt: string };

export async function listSavedViews(q: Queryable, username: string): Promise<SavedViewRow[]> {
  const { rows } = await q.query<SavedViewRow>(
    `SELECT id, name, query, created_at AS "createdAt" FROM desk_saved_views
      WHERE lower(username) = lower($1) ORDER BY lower(name)`,
    [username],
  );
  return rows;
}

/** Creates or replaces (same name, same user) a saved view. */
export async function saveView(
  q: Queryable,
  username: string,
  view: { name: string; query: string },
): Promise<SavedViewRow> {
  const { rows } = await q.query<SavedViewRow>(
    `INSERT INTO desk_saved_views (username, name, query) VALUES ($1, $2, $3)
     ON CONFLICT (lower(username), lower(name)) DO UPDATE SET query = EXCLUDED.query
     RETURNING id, name, query, created_at AS "createdAt"`,
    [username, view.name, view.query],
  );
  return rows[0]!;
}

/** Deletes one of the caller's own views; false when there is none with that id. */
export async function deleteView(q: Queryable, username: string, id: string): Promise<boolean> {
  const { rowCount } = await q.query(
    'DELETE FROM desk_saved_views WHERE id = $1 AND lower(username) = lower($2)',
    [id, username],
  );
  return rowCount === 1;
}

// ---- macros (canned replies) -------------------------------------------------------------

export type MacroRow = {
  id: string;
  title: string;
  body: string;
  internal: boolean;
  createdBy: string;
  updatedAt: string;
};

const MACRO_COLUMNS = `id, title, body, internal, created_by AS "createdBy", updated_at AS "updatedAt"`;

export async function listMacros(q: Queryable): Promise<MacroRow[]> {
  const { rows } = await q.query<MacroRow>(
    `SELECT ${MACRO_COLUMNS} FROM desk_macros WHERE NOT deleted ORDER BY lower(title)`,
  );
  return rows;
}

export async function insertMacro(
  q: Queryable,
  m: { title: string; body: string; internal: boolean; createdBy: string },
): Promise<MacroRow> {
  const { rows } = await q.query<MacroRow>(
    `INSERT INTO desk_macros (title, body, internal, created_by) VALUES ($1, $2, $3, $4) RETURNING ${MACRO_COLUMNS}`,
    [m.title, m.body, m.internal, m.createdBy],
  );
  return rows[0]!;
}

export async function updateMacro(
  q: Queryable,
  id: string,
  m: { title: string; body: string; internal: boolean },
  now: Date,
): Promise<MacroRow | undefined> {
  const { rows } = await q.query<MacroRow>(
    `UPDATE desk_macros SET title = $2, body = $3, internal = $4, updated_at = $5
      WHERE id = $1 AND NOT deleted RETURNING ${MACRO_COLUMNS}`,
    [id, m.title, m.body, m.internal, now],
  );
  return rows[0];
}

export async function deleteMacro(q: Queryable, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE desk_macros SET deleted = true, updated_at = $2 WHERE id = $1 AND NOT deleted',
    [id, now],
  );
  return rowCount === 1;
}

// ---- teams -------------------------------------------------------------------------------

export type TeamRow = {
  unit: string;
  members: { username: string; displayName: string; role: string; ladderTitle: LadderTitle | null }[];
};

/** Responsible units of the catalogue, each with its active back-office members. */
export async function listTeams(q: Queryable): Promise<TeamRow[]> {
  const { rows } = await q.query<TeamRow>(
    `SELECT u.unit, coalesce((SELECT json_agg(json_build_object('username', x.username, 'displayName', x.display_name,
               'role', x.role, 'ladderTitle', x.ladder_title) ORDER BY lower(x.username))
             FROM users x WHERE x.team = u.unit AND NOT x.disabled AND x.role IN ('agent', 'supervisor', 'admin')), '[]') AS members
       FROM (SELECT DISTINCT responsible_unit AS unit FROM sla_rules WHERE NOT deleted) u
      ORDER BY u.unit`,
  );
  return rows;
}
