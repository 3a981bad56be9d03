/**
 * Owns the tables of merchant self-service (migration 050): FAQ articles (replicated,
 * edited by admins), deflections, NPS answers, survey windows and answers, and the
 * queries of the satisfaction report. FAQ deletes are soft (`deleted = true`) so phones
 * pull the removal.
 */
import type {
  CreateFaqRequest,
  FaqArticle,
  SurveyScoreGroup,
  SurveyWindow,
  UpdateFaqRequest,
} from '@edc/shared';
import { faqArticleSchema } from '@edc/shared';
import type { Queryable } from './pool.ts';
import { faqDocSql } from './sync.ts';

// ---- FAQ ------------------------------------------------------------------------------

function parseFaq(text: string): FaqArticle {
  return faqArticleSchema.parse(JSON.parse(text));
}

export async function listFaq(q: Queryable): Promise<FaqArticle[]> {
  const { rows } = await q.query<{ d: string }>(
    `SELECT json_strip_nulls(${faqDocSql()})::text AS d FROM faq_articles WHERE NOT deleted
     ORDER BY category NULLS LAST, locale, created_at, id`,
  );
  return rows.map((r) => parseFaq(r.d));
}

export async function insertFaq(
  q: Queryable,
  id: string,
  a: CreateFaqRequest,
  createdBy: string,
  now: Date,
): Promise<FaqArticle> {
  const { rows } = await q.query<{ d: string }>(
    `INSERT INTO faq_articles (id, category, locale, question, answer, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     RETURNING json_strip_nulls(${faqDocSql()})::text AS d`,
    [id, a.category ?? null, a.locale, a.question, a.answer, createdBy, now],
  );
  return parseFaq(rows[0]!.d);
}

/** Seeds articles that are not there yet (by id); never overwrites an admin's edit. */
export async function seedFaq(
  q: Queryable,
  articles: readonly (CreateFaqRequest & { id: string })[],
  now: Date,
): Promise<number> {
  const { rowCount } = await q.query(
    `INSERT INTO faq_articles (id, category, locale, question, answer, created_by, created_at, updated_at)
     SELECT a.id, a.category, a.locale, a.question, a.answer, 'system', $2, $2
     FROM jsonb_to_recordset($1::jsonb) AS a(id uuid, category text, locale text, question text, answer text)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(articles), now],
  );
  return rowCount ?? 0;
}

/** Applies an edit to a live article; undefined when there is none with that id. */
export async function updateFaq(
  q: Queryable,
  id: string,
  patch: UpdateFaqRequest,
  now: Date,
): Promise<FaqArticle | undefined> {
  const sets: string[] = ['updated_at = $2'];
  const params: unknown[] = [id, now];
  const columns = { category: 'category', locale: 'locale', question: 'question', answer: 'answer' } as const;
  for (const [key, column] of Object.entries(columns)) {
    if (!(key in patch)) continue;
    const value = patch[key as keyof typeof columns];
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  const { rows } = await q.query<{ d: string }>(
    `UPDATE faq_articles SET ${sets.join(', ')} WHERE id = $1 AND NOT deleted
     RETURNING json_strip_nulls(${faqDocSql()})::text AS d`,
    params,
  );
  return rows[0] ? parseFaq(rows[0].d) : undefined;
}

export async function softDeleteFaq(q: Queryable, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE faq_articles SET deleted = true, updated_at = $2 WHERE id = $1 AND NOT deleted',
    [id, now],
  );
  return rowCount === 1;
}

/**
 * Records a deflection; false when the article does not exist (or was deleted). A re-sent
 * id is accepted again without a second row.
 */
export async function insertDeflection(
  q: Queryable,
  d: {
    id: string;
    articleId: string;
    category?: string | undefined;
    username: string;
    mid?: string | undefined;
  },
  now: Date,
): Promise<boolean> {
  const { rows } = await q.query<{ ok: boolean }>(
    `WITH article AS (SELECT id, category FROM faq_articles WHERE id = $2 AND NOT deleted),
     ins AS (
       INSERT INTO faq_deflections (id, article_id, category, username, mid, at)
       SELECT $1, a.id, COALESCE($3, a.category), $4, $5, $6 FROM article a
       ON CONFLICT (id) DO NOTHING
     )
     SELECT EXISTS (SELECT 1 FROM article) AS ok`,
    [d.id, d.articleId, d.category ?? null, d.username, d.mid ?? null, now],
  );
  return rows[0]?.ok === true;
}

// ---- NPS ------------------------------------------------------------------------------

/** The latest NPS answer of a merchant (MID), if any. */
export async function lastNpsAt(q: Queryable, mid: string): Promise<Date | undefined> {
  const { rows } = await q.query<{ at: string | null }>(
    'SELECT max(at) AS at FROM nps_responses WHERE mid = $1',
    [mid],
  );
  const at = rows[0]?.at;
  return at ? new Date(at) : undefined;
}

export async function insertNps(
  q: Queryable,
  r: { id: string; mid: string; username: string; caseId: string; score: number; at: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO nps_responses (id, mid, username, case_id, score, at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO NOTHING`,
    [r.id, r.mid, r.username, r.caseId, r.score, r.at],
  );
}

// ---- surveys --------------------------------------------------------------------------

const SURVEY_COLS = `id, title, starts_at AS "startsAt", ends_at AS "endsAt", created_by AS "createdBy",
  created_at AS "createdAt"`;

export async function insertSurvey(
  q: Queryable,
  s: { id: string; title: string; startsAt: string; endsAt: string; createdBy: string; now: Date },
): Promise<SurveyWindow> {
  const { rows } = await q.query<SurveyWindow>(
    `INSERT INTO survey_windows (id, title, starts_at, ends_at, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${SURVEY_COLS}`,
    [s.id, s.title, s.startsAt, s.endsAt, s.createdBy, s.now],
  );
  return rows[0]!;
}

/** True when another window overlaps [startsAt, endsAt): one survey at a time. */
export async function surveyOverlaps(q: Queryable, startsAt: string, endsAt: string): Promise<boolean> {
  const { rows } = await q.query<{ x: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM survey_windows WHERE starts_at < $2 AND ends_at > $1) AS x',
    [startsAt, endsAt],
  );
  return rows[0]?.x === true;
}

export async function listSurveys(q: Queryable, limit = 20): Promise<SurveyWindow[]> {
  const { rows } = await q.query<SurveyWindow>(
    `SELECT ${SURVEY_COLS} FROM survey_windows ORDER BY starts_at DESC, id LIMIT $1`,
    [limit],
  );
  return rows;
}

export async function getSurvey(q: Queryable, id: string): Promise<SurveyWindow | undefined> {
  const { rows } = await q.query<SurveyWindow>(`SELECT ${SURVEY_COLS} FROM survey_windows WHERE id = $1`, [
    id,
  ]);
  return rows[0];
}

/** The window open at `now`, if any. */
export async function openSurvey(q: Queryable, now: Date): Promise<SurveyWindow | undefined> {
  const { rows } = await q.query<SurveyWindow>(
    `SELECT ${SURVEY_COLS} FROM survey_windows WHERE starts_at <= $1 AND ends_at > $1
     ORDER BY starts_at DESC LIMIT 1`,
    [now],
  );
  return rows[0];
}

export async function hasSurveyAnswer(q: Queryable, windowId: string, mid: string): Promise<boolean> {
  const { rows } = await q.query<{ x: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM survey_responses WHERE window_id = $1 AND mid = $2) AS x',
    [windowId, mid],
  );
  return rows[0]?.x === true;
}

/**
 * Stores an answer with the merchant's region and the responsible unit of their latest
 * case; false when the MID answered this window already (unique key).
 */
export async function insertSurveyAnswer(
  q: Queryable,
  a: {
    id: string;
    windowId: string;
    mid: string;
    username: string;
    score: number;
    comment?: string | undefined;
    at: Date;
  },
): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO survey_responses (id, window_id, mid, username, region, unit, score, comment, at)
     VALUES ($1, $2, $3, $4,
       (SELECT region FROM merchants WHERE id = $3),
       (SELECT responsible_unit FROM cases WHERE mid = $3 AND responsible_unit IS NOT NULL
         ORDER BY accepted_at DESC NULLS LAST LIMIT 1),
       $5, $6, $7)
     ON CONFLICT (window_id, mid) DO NOTHING`,
    [a.id, a.windowId, a.mid, a.username, a.score, a.comment ?? null, a.at],
  );
  return rowCount === 1;
}

export type SurveyAggregate = {
  responses: number;
  average: number | null;
  byUnit: SurveyScoreGroup[];
  byRegion: SurveyScoreGroup[];
};

export async function surveyAggregate(q: Queryable, windowId: string): Promise<SurveyAggregate> {
  const { rows } = await q.query<{ dim: string; key: string | null; n: number; avg: string | null }>(
    `SELECT 'all' AS dim, NULL AS key, count(*)::int AS n, round(avg(score), 2)::text AS avg
       FROM survey_responses WHERE window_id = $1
     UNION ALL
     SELECT 'unit', COALESCE(unit, '-'), count(*)::int, round(avg(score), 2)::text
       FROM survey_responses WHERE window_id = $1 GROUP BY 2
     UNION ALL
     SELECT 'region', COALESCE(region, '-'), count(*)::int, round(avg(score), 2)::text
       FROM survey_responses WHERE window_id = $1 GROUP BY 2`,
    [windowId],
  );
  const out: SurveyAggregate = { responses: 0, average: null, byUnit: [], byRegion: [] };
  for (const r of rows) {
    const average = r.avg === null ? null : Number(r.avg);
    if (r.dim === 'all') {
      out.responses = r.n;
      out.average = average;
    } else {
      const group = { key: r.key ?? '-', responses: r.n, average: average ?? 0 };
      (r.dim === 'unit' ? out.byUnit : out.byRegion).push(group);
    }
  }
  out.byUnit.sort((a, b) => a.key.localeCompare(b.key));
  out.byRegion.sort((a, b) => a.key.localeCompare(b.key));
  return out;
}

// ---- satisfaction report ----------------------------------------------------------------

export type SatisfactionCounts = {
  ratings: number[];
  npsScores: number[];
  deflections: number;
  complaints: number;
  autoClosed: number;
  reopened: number;
};

/** Raw counts of [from, to) for the satisfaction report (services/satisfaction.ts). */
export async function satisfactionCounts(q: Queryable, from: Date, to: Date): Promise<SatisfactionCounts> {
  const { rows } = await q.query<{
    ratings: number[] | null;
    nps: number[] | null;
    deflections: number;
    complaints: number;
    auto_closed: number;
    reopened: number;
  }>(
    `SELECT
       (SELECT array_agg((data->>'satisfaction')::int) FROM case_events
         WHERE type = 'confirmed' AND data ? 'satisfaction' AND at >= $1 AND at < $2) AS ratings,
       (SELECT array_agg(score) FROM nps_responses WHERE at >= $1 AND at < $2) AS nps,
       (SELECT count(*)::int FROM faq_deflections WHERE at >= $1 AND at < $2) AS deflections,
       (SELECT count(*)::int FROM cases WHERE channel = 'merchant_app' AND NOT deleted
         AND reported_at >= $1 AND reported_at < $2) AS complaints,
       (SELECT count(*)::int FROM case_events WHERE type = 'closed' AND actor = 'system'
         AND data->>'reason' = 'auto' AND at >= $1 AND at < $2) AS auto_closed,
       (SELECT count(*)::int FROM case_events WHERE type = 'reopened' AND at >= $1 AND at < $2) AS reopened`,
    [from, to],
  );
  const r = rows[0]!;
  return {
    ratings: r.ratings ?? [],
    npsScores: r.nps ?? [],
    deflections: r.deflections,
    complaints: r.complaints,
    autoClosed: r.auto_closed,
    reopened: r.reopened,
  };
}

/** Survey windows that overlap [from, to), newest first. */
export async function surveysInRange(q: Queryable, from: Date, to: Date): Promise<SurveyWindow[]> {
  const { rows } = await q.query<SurveyWindow>(
    `SELECT ${SURVEY_COLS} FROM survey_windows WHERE starts_at < $2 AND ends_at > $1 ORDER BY starts_at DESC LIMIT 4`,
    [from, to],
  );
  return rows;
}

// ---- auto-close -------------------------------------------------------------------------

export type AutoCloseCandidate = { id: string; mid: string; region: string | null; resolved_at: string };

/**
 * Resolved cases whose resolution is older than `cutoff`, locked FOR UPDATE SKIP LOCKED so
 * several instances (and a merchant confirming at that moment) never clash. `onlyIds`
 * narrows the pass (the test hook's way to touch only its own cases).
 */
export async function lockAutoCloseCandidates(
  q: Queryable,
  cutoff: Date,
  limit: number,
  onlyIds?: readonly string[],
): Promise<AutoCloseCandidate[]> {
  const { rows } = await q.query<AutoCloseCandidate>(
    `SELECT id, mid, region, resolved_at FROM cases
     WHERE status = 'resolved' AND NOT deleted AND resolved_at <= $1
       AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
     ORDER BY resolved_at, id
     LIMIT $2
     FOR UPDATE SKIP LOCKED`,
    [cutoff, limit, onlyIds ? [...onlyIds] : null],
  );
  return rows;
}
