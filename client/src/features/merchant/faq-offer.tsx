/**
 * The deflection offer on the complaint form (issue 14): while the merchant types, the
 * top articles for the predicted (or chosen) category, best match to the text first,
 * under "Sudah coba ini?". "This solved it" is counted (`POST /api/faq/deflections`,
 * queued offline) and the complaint is not sent.
 */
import type { Category } from '@edc/shared';
import { buildFaqIndex, searchFaq } from '@edc/shared/domain';
import { useMemo } from 'react';
import { type FaqArticleDoc, observeFaqArticles } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb } from '../../shell/providers.tsx';
import { useObservable } from '../../shell/use-observable.ts';
import { FaqList } from './faq-list.tsx';

/** Typing this much before an article is offered: a word or two says too little. */
const MIN_TEXT = 12;

export function FaqOffer({
  text,
  category,
  onSolved,
}: {
  text: string;
  category: Category | null;
  onSolved: (article: FaqArticleDoc) => void;
}) {
  const { t, language } = useI18n();
  const db = useDb();
  const articles = useObservable<FaqArticleDoc[]>(() => observeFaqArticles(db, language), [], [db, language]);
  const index = useMemo(() => buildFaqIndex(articles), [articles]);
  const offered = useMemo(() => {
    if (text.trim().length < MIN_TEXT) return [];
    const options = category ? { locale: language, category, limit: 3 } : { locale: language, limit: 3 };
    return searchFaq(index, text, options).map((h) => h.article);
  }, [index, text, category, language]);
  if (offered.length === 0) return null;
  return (
    <section className="faq-offer" data-testid="faq-offer" aria-live="polite">
      <h2 className="section-title">{t('faq.offerTitle')}</h2>
      <FaqList articles={offered} onSolved={onSolved} testId="faq-offer-list" />
    </section>
  );
}
