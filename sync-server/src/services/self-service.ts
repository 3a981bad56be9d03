/**
 * Merchant self-service (issue 14, DESIGN section 9): FAQ editing, deflection counting,
 * the satisfaction survey and the satisfaction report. The rules (NPS bands, deflection
 * rate, survey window) are shared/domain/satisfaction.ts; this module reads, decides with
 * them and writes.
 */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  type CreateFaqRequest,
  type CreateSurveyRequest,
  type CurrentSurveyResponse,
  type FaqArticle,
  type FaqDeflectionRequest,
  type SatisfactionReport,
  type SurveyAnswerRequest,
  type SurveyResults,
  type SurveyWindow,
  type UpdateFaqRequest,
} from '@edc/shared';
import { deflectionRate, isSurveyOpen, type ReportRange, summarizeNps } from '@edc/shared/domain';
import type { AuthContext } from '../auth-context.ts';
import { withActor } from '../db/audit.ts';
import { type Db, uniqueViolation } from '../db/pool.ts';
import {
  getSurvey,
  hasSurveyAnswer,
  insertDeflection,
  insertFaq,
  insertSurvey,
  insertSurveyAnswer,
  openSurvey,
  satisfactionCounts,
  softDeleteFaq,
  surveyAggregate,
  surveyOverlaps,
  surveysInRange,
  updateFaq,
} from '../db/self-service.ts';

export type SelfServiceDeps = { db: Db; clock: () => Date };

// FAQ edits run `withActor`: the audit trigger (migrations 068/069) logs them as the admin's.
export function createFaqArticle(deps: SelfServiceDeps, auth: AuthContext, body: CreateFaqRequest) {
  return withActor(deps.db, auth.username, (client) =>
    insertFaq(client, randomUUID(), body, auth.username, deps.clock()),
  );
}

export async function editFaqArticle(
  deps: SelfServiceDeps,
  auth: AuthContext,
  id: string,
  body: UpdateFaqRequest,
): Promise<FaqArticle> {
  const updated = await withActor(deps.db, auth.username, (client) =>
    updateFaq(client, id, body, deps.clock()),
  );
  if (!updated) throw new AppError('not_found');
  return updated;
}

export async function deleteFaqArticle(deps: SelfServiceDeps, auth: AuthContext, id: string): Promise<void> {
  const deleted = await withActor(deps.db, auth.username, (client) =>
    softDeleteFaq(client, id, deps.clock()),
  );
  if (!deleted) throw new AppError('not_found');
}

/** "This solved it": counted once per phone-made id; an unknown article is 404. */
export async function recordDeflection(
  deps: SelfServiceDeps,
  auth: AuthContext,
  body: FaqDeflectionRequest,
): Promise<void> {
  const ok = await insertDeflection(
    deps.db.pool,
    {
      id: body.id,
      articleId: body.articleId,
      category: body.category,
      username: auth.username,
      mid: auth.mid,
    },
    deps.clock(),
  );
  if (!ok) throw new AppError('not_found', 'no such FAQ article');
}

export async function openSurveyWindow(
  deps: SelfServiceDeps,
  auth: AuthContext,
  body: CreateSurveyRequest,
): Promise<SurveyWindow> {
  // One window at a time: a merchant answers "the" survey, never one of two.
  if (await surveyOverlaps(deps.db.pool, body.startsAt, body.endsAt)) {
    throw new AppError('conflict', 'another survey window overlaps', { reason: 'survey_overlap' });
  }
  return insertSurvey(deps.db.pool, {
    id: randomUUID(),
    ...body,
    createdBy: auth.username,
    now: deps.clock(),
  });
}

export async function currentSurvey(
  deps: SelfServiceDeps,
  auth: AuthContext,
): Promise<CurrentSurveyResponse> {
  const survey = await openSurvey(deps.db.pool, deps.clock());
  if (!survey || !auth.mid) return { survey: survey ?? null, answered: false };
  return { survey, answered: await hasSurveyAnswer(deps.db.pool, survey.id, auth.mid) };
}

export async function answerSurvey(
  deps: SelfServiceDeps,
  auth: AuthContext,
  windowId: string,
  body: SurveyAnswerRequest,
): Promise<void> {
  if (!auth.mid) throw new AppError('forbidden');
  const now = deps.clock();
  const survey = await getSurvey(deps.db.pool, windowId);
  if (!survey) throw new AppError('not_found');
  if (!isSurveyOpen(survey, now))
    throw new AppError('conflict', 'the survey is closed', { reason: 'survey_closed' });
  let stored: boolean;
  try {
    stored = await insertSurveyAnswer(deps.db.pool, {
      id: randomUUID(),
      windowId,
      mid: auth.mid,
      username: auth.username,
      score: body.score,
      comment: body.comment,
      at: now,
    });
  } catch (err) {
    if (uniqueViolation(err)) stored = false;
    else throw err;
  }
  if (!stored)
    throw new AppError('conflict', 'this merchant answered the survey already', {
      reason: 'survey_answered',
    });
}

export async function surveyResults(deps: SelfServiceDeps, survey: SurveyWindow): Promise<SurveyResults> {
  return { survey, ...(await surveyAggregate(deps.db.pool, survey.id)) };
}

export async function buildSatisfactionReport(
  deps: SelfServiceDeps,
  range: ReportRange,
): Promise<SatisfactionReport> {
  const [counts, surveys] = await Promise.all([
    satisfactionCounts(deps.db.pool, range.start, range.end),
    surveysInRange(deps.db.pool, range.start, range.end),
  ]);
  const byRating = [0, 0, 0, 0, 0];
  for (const r of counts.ratings) if (r >= 1 && r <= 5) byRating[r - 1]!++;
  const sum = counts.ratings.reduce((a, b) => a + b, 0);
  const nps = summarizeNps(counts.npsScores);
  return {
    from: range.from,
    to: range.to,
    csat: {
      responses: counts.ratings.length,
      average: counts.ratings.length ? Math.round((sum / counts.ratings.length) * 100) / 100 : null,
      byRating,
    },
    nps,
    deflection: {
      solved: counts.deflections,
      complaints: counts.complaints,
      rate: deflectionRate(counts.deflections, counts.complaints),
    },
    autoClosed: counts.autoClosed,
    reopened: counts.reopened,
    surveys: await Promise.all(surveys.map((s) => surveyResults(deps, s))),
  };
}
