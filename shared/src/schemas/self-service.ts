/**
 * Merchant self-service (DESIGN section 9, issue 14): FAQ articles (pull-only collection
 * `faq_articles`), "this solved it" deflections, NPS, and the twice-yearly satisfaction
 * survey (seed 003: CSI measured at least twice a year).
 */
import { z } from 'zod';
import { categorySchema, isoDateTime, phoneInputSchema, prioritySchema, uuidSchema } from './common.ts';
import { safeText } from './safe-text.ts';

export const faqLocales = ['id', 'en'] as const;
export const faqLocaleSchema = z.enum(faqLocales);
export type FaqLocale = z.infer<typeof faqLocaleSchema>;

/** FAQ article document (collection `faq_articles`, pull-only for every role). */
export const faqArticleSchema = z.object({
  id: uuidSchema,
  /** Absent: a general article, offered for no category in particular. */
  category: categorySchema.optional(),
  locale: faqLocaleSchema,
  question: z.string().min(1).max(300),
  answer: z.string().min(1).max(4000),
  updatedAt: isoDateTime,
  _deleted: z.boolean(),
});
export type FaqArticle = z.infer<typeof faqArticleSchema>;

const question = z.string().trim().min(3).max(300);
const answer = z.string().trim().min(3).max(4000);

/** `POST /api/admin/faq` (admin). The server makes the id. */
export const createFaqRequestSchema = z
  .object({ category: categorySchema.optional(), locale: faqLocaleSchema, question, answer })
  .strict();
export type CreateFaqRequest = z.infer<typeof createFaqRequestSchema>;

/** `PUT /api/admin/faq/{id}` (admin); `category: null` makes the article general. */
export const updateFaqRequestSchema = z
  .object({
    category: categorySchema.nullable().optional(),
    locale: faqLocaleSchema.optional(),
    question: question.optional(),
    answer: answer.optional(),
  })
  .strict();
export type UpdateFaqRequest = z.infer<typeof updateFaqRequestSchema>;

/**
 * `POST /api/faq/deflections`: a merchant says an offered article solved the problem, so
 * no complaint was sent. The id is made on the phone: a re-send is a no-op.
 */
export const faqDeflectionRequestSchema = z
  .object({ id: uuidSchema, articleId: uuidSchema, category: categorySchema.optional() })
  .strict();
export type FaqDeflectionRequest = z.infer<typeof faqDeflectionRequestSchema>;

/**
 * A merchant's complaint as the phone's form files it (issue 14): what the form checks and
 * what `submitComplaint` turns into a case submission (`caseSubmissionSchema`). The terminal
 * is optional (a complaint may concern no terminal in particular); urgency only counts for a
 * complaint without a catalogued subcase (the catalogue decides otherwise).
 */
export const complaintRequestSchema = z.object({
  description: safeText().trim().min(1).max(4000),
  category: categorySchema,
  subcase: safeText().trim().min(1).max(100).optional(),
  priority: prioritySchema.optional(),
  serialNumber: safeText().trim().min(1).max(64).optional(),
  /** Whom to call back, as typed (`0812…`, `+62 812…`); the output is `+62…`. */
  contactPhone: phoneInputSchema.optional(),
});
export type ComplaintRequest = z.infer<typeof complaintRequestSchema>;

/** Net Promoter score: "how likely are you to recommend us", 0–10. */
export const npsScoreSchema = z.number().int().min(0).max(10);

/** A satisfaction survey window opened by a supervisor (`POST /api/admin/surveys`). */
export const surveyWindowSchema = z.object({
  id: uuidSchema,
  title: z.string(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  createdBy: z.string(),
  createdAt: isoDateTime,
});
export type SurveyWindow = z.infer<typeof surveyWindowSchema>;

export const createSurveyRequestSchema = z
  .object({ title: z.string().trim().min(3).max(200), startsAt: isoDateTime, endsAt: isoDateTime })
  .strict()
  .refine((s) => new Date(s.endsAt) > new Date(s.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type CreateSurveyRequest = z.infer<typeof createSurveyRequestSchema>;

/** `GET /api/surveys/current` (merchant): the open window, if any, and whether it is answered. */
export const currentSurveyResponseSchema = z.object({
  survey: surveyWindowSchema.nullable(),
  answered: z.boolean(),
});
export type CurrentSurveyResponse = z.infer<typeof currentSurveyResponseSchema>;

/** `POST /api/surveys/{id}/responses` (merchant): one answer per MID and window. */
export const surveyAnswerRequestSchema = z
  .object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).optional() })
  .strict();
export type SurveyAnswerRequest = z.infer<typeof surveyAnswerRequestSchema>;

const scoreGroup = z.object({ key: z.string(), responses: z.number().int(), average: z.number() });
export type SurveyScoreGroup = z.infer<typeof scoreGroup>;

/** Results of one survey window, by responsible unit and by region. */
export const surveyResultsSchema = z.object({
  survey: surveyWindowSchema,
  responses: z.number().int(),
  average: z.number().nullable(),
  byUnit: z.array(scoreGroup),
  byRegion: z.array(scoreGroup),
});
export type SurveyResults = z.infer<typeof surveyResultsSchema>;

/** `GET /api/reports/satisfaction?from=&to=`: CSAT, NPS and FAQ deflection of a period. */
export const satisfactionReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  csat: z.object({
    responses: z.number().int(),
    average: z.number().nullable(),
    /** Count per rating 1..5 (index 0 = rating 1). */
    byRating: z.array(z.number().int()).length(5),
  }),
  nps: z.object({
    responses: z.number().int(),
    promoters: z.number().int(),
    passives: z.number().int(),
    detractors: z.number().int(),
    /** % promoters − % detractors, −100..100; null without answers. */
    score: z.number().nullable(),
  }),
  deflection: z.object({
    /** "This solved it" on an offered article. */
    solved: z.number().int(),
    /** Complaints merchants sent from the app in the same period. */
    complaints: z.number().int(),
    /** solved / (solved + complaints); null when both are 0. */
    rate: z.number().nullable(),
  }),
  autoClosed: z.number().int(),
  reopened: z.number().int(),
  surveys: z.array(surveyResultsSchema),
});
export type SatisfactionReport = z.infer<typeof satisfactionReportSchema>;
