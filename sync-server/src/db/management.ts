/**
 * Owns the management queries of the desk (issue 15): the cases behind the per-agent and
 * per-team figures, and the problem records with their linked cases. The figures
 * themselves are computed by the pure `managementFigures` (shared/domain) so the queue's
 * drill-down counts exactly the same cases.
 */
import type { CaseStatus, Category } from '@edc/shared';
import type { FigureCase } from '@edc/shared/domain';
import type { Queryable } from './pool.ts';

/** Accepted cases received in [start, end) as the figures read them. */
export async function figureCases(db: Queryable, start: Date, end: Date): Promise<FigureCase[]> {
  const { rows } = await db.query<{
    id: string;
    status: string;
    channel: string;
    accepted_at: string | null;
    response_due_at: string | null;
    first_response_at: string | null;
    due_at: string | null;
    resolved_at: string | null;
    closed_at: string | null;
    satisfaction: number | null;
    assignee: string | null;
    responsible_unit: string | null;
  }>(
    `SELECT id, status, channel, accepted_at, response_due_at, first_response_at, due_at, resolved_at,
            closed_at, satisfaction, assignee, responsible_unit
     FROM cases
     WHERE NOT deleted AND status NOT IN ('submitted', 'rejected')
       AND accepted_at >= $1 AND accepted_at < $2`,
    [start, end],
  );
  const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    channel: r.channel,
    acceptedAt: opt(r.accepted_at),
    responseDueAt: opt(r.response_due_at),
    firstResponseAt: opt(r.first_response_at),
    dueAt: opt(r.due_at),
    resolvedAt: opt(r.resolved_at),
    closedAt: opt(r.closed_at),
    satisfaction: opt(r.satisfaction),
    assignee: opt(r.assignee),
    responsibleUnit: opt(r.responsible_unit),
  }));
}

export type ProblemRow = {
  id: string;
  number: string;
  title: string;
  kind: 'terminal' | 'merchant' | 'model' | 'area' | 'other';
  key: string;
  status: 'open' | 'investigating' | 'known_error' | 'resolved' | 'closed';
  rca: string;
  workaround: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  caseCount: number;
};

const PROBLEM_COLUMNS = `p.id, p.number, p.title, p.kind, p.key, p.status, p.rca, p.workaround,
  p.created_by AS "createdBy", p.created_at AS "createdAt", p.updated_at AS "updatedAt",
  (SELECT count(*)::int FROM problem_cases pc WHERE pc.problem_id = p.id) AS "caseCount"`;

export async function listProblems(db: Queryable): Promise<ProblemRow[]> {
  const { rows } = await db.query<ProblemRow>(
    `SELECT ${PROBLEM_COLUMNS} FROM problems p
     ORDER BY array_position(ARRAY['open', 'investigating', 'known_error', 'resolved', 'closed'], p.status),
              p.updated_at DESC, p.number DESC
     LIMIT 500`,
  );
  return rows;
}

export async function getProblem(db: Queryable, id: string): Promise<ProblemRow | undefined> {
  const { rows } = await db.query<ProblemRow>(`SELECT ${PROBLEM_COLUMNS} FROM problems p WHERE p.id = $1`, [
    id,
  ]);
  return rows[0];
}

export type ProblemCaseRow = {
  id: string;
  caseNumber: string;
  status: CaseStatus;
  category: Category;
  mid: string;
  tid: string | null;
  acceptedAt: string | null;
  linkedBy: string;
  linkedAt: string;
};

export async function problemCases(db: Queryable, problemId: string): Promise<ProblemCaseRow[]> {
  const { rows } = await db.query<ProblemCaseRow>(
    `SELECT c.id, c.case_number AS "caseNumber", c.status, c.category, c.mid, c.tid,
            c.accepted_at AS "acceptedAt", pc.linked_by AS "linkedBy", pc.linked_at AS "linkedAt"
     FROM problem_cases pc JOIN cases c ON c.id = pc.case_id
     WHERE pc.problem_id = $1 AND c.case_number IS NOT NULL
     ORDER BY c.accepted_at DESC NULLS LAST, c.case_number DESC`,
    [problemId],
  );
  return rows;
}

/** Case ids of the given numbers (not deleted); the numbers not found are returned apart. */
export async function casesByNumber(
  db: Queryable,
  numbers: readonly string[],
): Promise<{ ids: string[]; unknown: string[] }> {
  if (numbers.length === 0) return { ids: [], unknown: [] };
  const { rows } = await db.query<{ id: string; case_number: string }>(
    'SELECT id, case_number FROM cases WHERE case_number = ANY($1::text[]) AND NOT deleted',
    [[...new Set(numbers)]],
  );
  const found = new Set(rows.map((r) => r.case_number));
  return { ids: rows.map((r) => r.id), unknown: [...new Set(numbers)].filter((n) => !found.has(n)) };
}

export async function insertProblem(
  db: Queryable,
  p: { title: string; kind: string; key: string; createdBy: string },
  now: Date,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO problems (title, kind, key, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
    [p.title, p.kind, p.key, p.createdBy, now],
  );
  return rows[0]!.id;
}

/** Links cases (already linked ones are kept as they were); touches the problem. */
export async function linkCases(
  db: Queryable,
  problemId: string,
  caseIds: readonly string[],
  by: string,
  now: Date,
): Promise<void> {
  if (caseIds.length === 0) return;
  await db.query(
    `INSERT INTO problem_cases (problem_id, case_id, linked_by, linked_at)
     SELECT $1, unnest($2::uuid[]), $3, $4
     ON CONFLICT DO NOTHING`,
    [problemId, caseIds, by, now],
  );
  await db.query('UPDATE problems SET updated_at = $2 WHERE id = $1', [problemId, now]);
}

export async function unlinkCase(
  db: Queryable,
  problemId: string,
  caseId: string,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM problem_cases WHERE problem_id = $1 AND case_id = $2', [
    problemId,
    caseId,
  ]);
  if (!rowCount) return false;
  await db.query('UPDATE problems SET updated_at = $2 WHERE id = $1', [problemId, now]);
  return true;
}

/** Only the given fields change (no mass assignment: the columns are named here). */
export async function updateProblem(
  db: Queryable,
  id: string,
  patch: {
    title?: string | undefined;
    status?: string | undefined;
    rca?: string | undefined;
    workaround?: string | undefined;
  },
  now: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE problems SET
       title = coalesce($2, title), status = coalesce($3, status),
       rca = coalesce($4, rca), workaround = coalesce($5, workaround), updated_at = $6
     WHERE id = $1`,
    [id, patch.title ?? null, patch.status ?? null, patch.rca ?? null, patch.workaround ?? null, now],
  );
  return (rowCount ?? 0) > 0;
}
