/**
 * Merchant self-service routes (issue 14, DESIGN section 9):
 *   /api/admin/faq            GET list · POST create · PUT /{id} · DELETE /{id}     (admin)
 *   /api/faq/deflections      POST {id, articleId, category?} → 201                 (merchant)
 *   /api/surveys/current      GET → {survey | null, answered}                       (merchant)
 *   /api/surveys/{id}/responses POST {score, comment?} → 201 | 409                  (merchant)
 *   /api/admin/surveys        GET list with results · POST open a window            (supervisor, admin)
 *   /api/reports/satisfaction GET ?from=&to= → CSAT, NPS, deflection, surveys       (back office)
 * The FAQ itself reaches every role through the pull-only `faq_articles` collection.
 */
import {
  AppError,
  backOfficeRoles,
  createFaqRequestSchema,
  createSurveyRequestSchema,
  dateRangeQuerySchema,
  faqDeflectionRequestSchema,
  surveyAnswerRequestSchema,
  updateFaqRequestSchema,
  uuidSchema,
} from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { listFaq, listSurveys } from '../db/self-service.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';
import { reportRange } from '../services/reports.ts';
import {
  answerSurvey,
  buildSatisfactionReport,
  createFaqArticle,
  currentSurvey,
  deleteFaqArticle,
  editFaqArticle,
  openSurveyWindow,
  recordDeflection,
  surveyResults,
} from '../services/self-service.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/** Security: a malformed id is a missing one (404), like the case routes. */
function idParam(value: string | undefined): string {
  const parsed = uuidSchema.safeParse(value);
  if (!parsed.success) throw new AppError('not_found');
  return parsed.data;
}

export function faqAdminRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  app.get('/', async (c) => c.json(await listFaq(deps.db.pool), 200));
  app.post('/', zValidator('json', createFaqRequestSchema, zodHook), async (c) =>
    c.json(await createFaqArticle(deps, c.get('auth'), c.req.valid('json')), 201),
  );
  app.put('/:id', zValidator('json', updateFaqRequestSchema, zodHook), async (c) =>
    c.json(await editFaqArticle(deps, c.get('auth'), idParam(c.req.param('id')), c.req.valid('json')), 200),
  );
  app.delete('/:id', async (c) => {
    await deleteFaqArticle(deps, c.get('auth'), idParam(c.req.param('id')));
    return c.json({ ok: true }, 200);
  });
  return app;
}

export function faqRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // The deflection rate compares "solved" with merchants' complaints: only merchants count.
  app.post(
    '/deflections',
    requireRole('merchant'),
    zValidator('json', faqDeflectionRequestSchema, zodHook),
    async (c) => {
      await recordDeflection(deps, c.get('auth'), c.req.valid('json'));
      return c.json({ ok: true }, 201);
    },
  );
  return app;
}

export function surveyRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('merchant'));
  app.get('/current', async (c) => c.json(await currentSurvey(deps, c.get('auth')), 200));
  app.post('/:id/responses', zValidator('json', surveyAnswerRequestSchema, zodHook), async (c) => {
    await answerSurvey(deps, c.get('auth'), idParam(c.req.param('id')), c.req.valid('json'));
    return c.json({ ok: true }, 201);
  });
  return app;
}

export function surveyAdminRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('supervisor', 'admin'));
  app.get('/', async (c) => {
    const surveys = await listSurveys(deps.db.pool);
    return c.json(await Promise.all(surveys.map((s) => surveyResults(deps, s))), 200);
  });
  app.post('/', zValidator('json', createSurveyRequestSchema, zodHook), async (c) =>
    c.json(await openSurveyWindow(deps, c.get('auth'), c.req.valid('json')), 201),
  );
  return app;
}

export function satisfactionReportRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole(...backOfficeRoles));
  app.get('/', zValidator('query', dateRangeQuerySchema, zodHook), async (c) => {
    const range = reportRange(c.req.valid('query'), deps.clock());
    return c.json(await buildSatisfactionReport(deps, range), 200);
  });
  return app;
}
