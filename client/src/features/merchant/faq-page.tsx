/**
 * Help (FAQ) on the phone, offline: the replicated `faq_articles` of the UI language,
 * searched with the shared FAQ search (the classifier's normalizer, typo tolerant). An
 * empty search lists every article by category.
 */
import { type Category, categories } from '@edc/shared';
import { buildFaqIndex, searchFaq } from '@edc/shared/domain';
import { useMemo, useState } from 'react';
import { Field } from '../../components/field.tsx';
import { Empty, Loading } from '../../components/state-views.tsx';
import { type FaqArticleDoc, observeFaqArticles } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb } from '../../shell/providers.tsx';
import { Link } from '../../shell/router.tsx';
import { useObservable } from '../../shell/use-observable.ts';
import { FaqList } from './faq-list.tsx';
import './merchant.css';

export function FaqPage() {
  const { t, language } = useI18n();
  const db = useDb();
  const articles = useObservable<FaqArticleDoc[] | null>(() => observeFaqArticles(db, language), null, [
    db,
    language,
  ]);
  const [query, setQuery] = useState('');
  const index = useMemo(() => buildFaqIndex(articles ?? []), [articles]);
  const hits = useMemo(
    () =>
      query.trim() ? searchFaq(index, query, { locale: language, limit: 10 }).map((h) => h.article) : null,
    [index, query, language],
  );

  return (
    <section className="stack merchant" data-testid="faq-page">
      <Field label={t('faq.search')} hint={t('faq.searchHint')}>
        {(p) => (
          <input
            {...p}
            type="search"
            name="faq-search"
            value={query}
            autoComplete="off"
            onChange={(e) => setQuery(e.target.value)}
          />
        )}
      </Field>
      {articles === null && <Loading label={t('app.loading')} />}
      {articles !== null && articles.length === 0 && <Empty>{t('faq.empty')}</Empty>}
      {hits !== null && hits.length === 0 && (
        <Empty>
          <span data-testid="faq-no-results">{t('faq.noResults')}</span>
        </Empty>
      )}
      {hits !== null && hits.length > 0 && <FaqList articles={hits} />}
      {hits === null &&
        articles !== null &&
        byCategory(articles).map(([category, list]) => (
          <section
            key={category}
            className="stack"
            aria-label={category === 'general' ? t('faq.general') : t(`category.${category}`)}
          >
            <h2 className="section-title">
              {category === 'general' ? t('faq.general') : t(`category.${category}`)}
            </h2>
            <FaqList articles={list} testId={`faq-category-${category}`} />
          </section>
        ))}
      <p className="muted">
        {t('faq.stillStuck')}{' '}
        <Link className="btn text" href="/merchant/new">
          {t('merchant.home.newComplaint')}
        </Link>
      </p>
    </section>
  );
}

function byCategory(articles: readonly FaqArticleDoc[]): [Category | 'general', FaqArticleDoc[]][] {
  const out: [Category | 'general', FaqArticleDoc[]][] = [];
  for (const c of categories) {
    const list = articles.filter((a) => a.category === c);
    if (list.length) out.push([c, list]);
  }
  const general = articles.filter((a) => a.category === undefined);
  if (general.length) out.push(['general', general]);
  return out;
}
