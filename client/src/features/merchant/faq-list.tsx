/**
 * FAQ articles as native disclosure widgets (<details>): keyboard and screen-reader
 * friendly without script, one tap (≥ 48 px) opens the answer. With `onSolved`, an open
 * article offers "this solved it" (the deflection offer on the complaint form).
 */
import type { FaqArticleDoc } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';

export function FaqList({
  articles,
  onSolved,
  testId = 'faq-list',
}: {
  articles: readonly FaqArticleDoc[];
  onSolved?: (article: FaqArticleDoc) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <ul className="faq-list" data-testid={testId} data-count={articles.length}>
      {articles.map((a) => (
        <li key={a.id} data-testid="faq-article" data-article-id={a.id}>
          <details>
            <summary>{a.question}</summary>
            <p className="faq-answer">{a.answer}</p>
            {onSolved && (
              <button
                type="button"
                className="btn tonal"
                data-testid="faq-solved"
                onClick={() => onSolved(a)}
              >
                {t('faq.solved')}
              </button>
            )}
          </details>
        </li>
      ))}
    </ul>
  );
}
