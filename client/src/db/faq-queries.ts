/**
 * FAQ reads (issue 14): the replicated, pull-only `faq_articles` collection, and the
 * "this solved it" answers waiting to reach the server (kept in the local store so a
 * deflection made offline is counted once the phone is back online).
 */
import { type FaqDeflectionRequest, type FaqLocale, faqDeflectionRequestSchema } from '@edc/shared';
import { map, type Observable } from 'rxjs';
import { type EdcDb, laterQuery$ } from './database.ts';
import { getKv, setKv } from './queries.ts';
import type { FaqArticleDoc } from './schemas.ts';

/** Every article of one language (a few hundred at most), questions in alphabetical order. */
export function observeFaqArticles(db: EdcDb, locale: FaqLocale): Observable<FaqArticleDoc[]> {
  return laterQuery$(db, () =>
    db.rx.faq_articles
      .find({ selector: { locale } })
      .$.pipe(
        map((docs) =>
          docs.map((d) => d.toMutableJSON()).sort((a, b) => a.question.localeCompare(b.question)),
        ),
      ),
  );
}

const PENDING_DEFLECTIONS = 'faq:pendingDeflections';

/** Deflections not yet acknowledged by the server. */
export async function listPendingDeflections(db: EdcDb): Promise<FaqDeflectionRequest[]> {
  const raw = await getKv(db, PENDING_DEFLECTIONS);
  if (!raw) return [];
  try {
    const parsed = faqDeflectionRequestSchema.array().safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Replaces the list of waiting deflections (the sender removes the delivered ones). */
export async function savePendingDeflections(
  db: EdcDb,
  pending: readonly FaqDeflectionRequest[],
): Promise<void> {
  await setKv(db, PENDING_DEFLECTIONS, JSON.stringify(pending));
}
