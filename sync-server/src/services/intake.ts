/**
 * Back-office intake (issue 4): a complaint received by phone, e-mail, WhatsApp or walk-in
 * becomes a case through the SAME acceptance path as a pushed case (services/
 * case-acceptance.ts `pushCases`), so case rules 1–3 (device checks, one open case per
 * TID/MID, SLA dates, case number) apply unchanged. Without a category the server
 * classifier suggests one, and the suggestion is returned for the desk to show.
 */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  type Case,
  type CaseSubmission,
  type ClassifySuggestion,
  caseSchema,
  type IntakeRequest,
} from '@edc/shared';
import type { AuthContext } from '../auth-context.ts';
import { type PushCasesDeps, pushCases } from './case-acceptance.ts';

type Classifier = (text: string) => ClassifySuggestion;

/** What a missing classifier answers: a suggestion nobody should accept blindly. */
const FALLBACK: ClassifySuggestion = { category: 'other', urgency: 'minor', confidence: 0 };

let classifierPromise: Promise<Classifier> | undefined;

/**
 * The bundled classifier (shared/domain/classify), loaded on first use. Loading is lazy
 * and guarded so a missing or corrupt model degrades to "other" instead of failing intake:
 * a complaint must always be recordable.
 */
export function loadServerClassifier(): Promise<Classifier> {
  classifierPromise ??= import('@edc/shared/classify/bundled')
    .then(
      (m): Classifier =>
        (text) => {
          const r = m.classifyComplaint(text);
          return {
            category: r.category,
            urgency: r.urgency,
            ...(r.subcase ? { subcase: r.subcase } : {}),
            confidence: r.confidence,
          };
        },
    )
    .catch((err: unknown): Classifier => {
      console.error('[intake] classifier unavailable:', err instanceof Error ? err.message : err);
      return () => FALLBACK;
    });
  return classifierPromise;
}

export async function suggestCategory(text: string): Promise<ClassifySuggestion> {
  return (await loadServerClassifier())(text);
}

export type IntakeResult = { case: Case; suggestion?: ClassifySuggestion };

export async function intakeCase(
  deps: PushCasesDeps,
  auth: AuthContext,
  req: IntakeRequest,
): Promise<IntakeResult> {
  const suggestion = req.category ? undefined : await suggestCategory(req.description);
  const now = deps.clock();
  const submission = {
    id: randomUUID(),
    clientRev: randomUUID(),
    status: 'submitted',
    category: req.category ?? suggestion?.category ?? 'other',
    // A subcase only makes sense with the category it belongs to.
    ...(req.subcase
      ? { subcase: req.subcase }
      : !req.category && suggestion?.subcase
        ? { subcase: suggestion.subcase }
        : {}),
    ...(req.priority ? { priority: req.priority } : suggestion ? { priority: suggestion.urgency } : {}),
    description: req.description,
    channel: req.channel,
    ...(req.serialNumber ? { serialNumber: req.serialNumber } : {}),
    mid: req.mid,
    attachmentIds: [],
    reportedAt: (req.reportedAt ? new Date(req.reportedAt) : now).toISOString(),
  } satisfies CaseSubmission;
  const caller =
    req.callerName || req.callerPhone
      ? {
          caller: {
            ...(req.callerName ? { name: req.callerName } : {}),
            ...(req.callerPhone ? { phone: req.callerPhone } : {}),
          },
        }
      : undefined;
  const [doc] = await pushCases(deps, auth, [{ newDocumentState: submission }], {
    ...(caller ? { submittedData: caller } : {}),
  });
  if (!doc) throw new AppError('internal', 'intake produced no case');
  const stored = caseSchema.parse(JSON.parse(doc));
  return { case: stored, ...(suggestion ? { suggestion } : {}) };
}
