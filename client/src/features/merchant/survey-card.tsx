/**
 * The satisfaction survey (seed 003: CSI at least twice a year) on the merchant home:
 * shown while a supervisor's survey window is open and this MID has not answered.
 * Online only (`GET /api/surveys/current`): a survey is not worth an outbox.
 */
import { currentSurveyResponseSchema, type SurveyWindow } from '@edc/shared';
import { useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import { useLookup } from '../../shell/use-lookup.ts';

export function SurveyCard() {
  const { t } = useI18n();
  const { api } = useSession();
  const [current] = useLookup(async () => {
    if (!navigator.onLine) return null;
    const body = await api.json('/api/surveys/current', currentSurveyResponseSchema);
    return body.survey && !body.answered ? body.survey : null;
  }, [api]);
  const [done, setDone] = useState(false);
  if (current.status !== 'done' || !current.value) return null;
  if (done)
    return (
      <p className="banner info" role="status" data-testid="survey-thanks">
        {t('merchant.survey.thanks')}
      </p>
    );
  return <SurveyForm survey={current.value} onDone={() => setDone(true)} />;
}

function SurveyForm({ survey, onDone }: { survey: SurveyWindow; onDone: () => void }) {
  const { t, dateTime } = useI18n();
  const { api } = useSession();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    if (score === null) {
      setError(t('merchant.resolve.ratingRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.fetch(`/api/surveys/${survey.id}/responses`, {
        json: { score, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      });
      onDone();
    } catch {
      setError(t('merchant.survey.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card resolution merchant" data-testid="survey-card" aria-label={survey.title}>
      <h2 className="section-title">{t('merchant.survey.title')}</h2>
      <p>
        <strong>{survey.title}</strong> · {t('merchant.survey.until', { time: dateTime(survey.endsAt) })}
      </p>
      <fieldset className="rating">
        <legend>{t('merchant.survey.question')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={score === n ? 'chosen' : ''}>
            <input
              type="radio"
              name="survey-score"
              value={n}
              checked={score === n}
              onChange={() => setScore(n)}
            />
            <span aria-hidden="true">{n <= (score ?? 0) ? '★' : '☆'}</span>
            <span className="sr-only">{t('merchant.resolve.star', { n })}</span>
          </label>
        ))}
      </fieldset>
      <label>
        {t('merchant.resolve.comment')}
        <textarea rows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <button type="button" className="btn primary" disabled={busy} onClick={() => void send()}>
        {t('merchant.survey.send')}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
