/**
 * The satisfaction survey (seed 003: CSI at least twice a year) on the merchant home:
 * shown while a supervisor's survey window is open and this MID has not answered.
 * Online only (`GET /api/surveys/current`): a survey is not worth an outbox.
 */
import {
  currentSurveyResponseSchema,
  type SurveyAnswerRequest,
  type SurveyWindow,
  surveyAnswerRequestSchema,
} from '@edc/shared';
import { useState } from 'react';
import { Field } from '../../components/field.tsx';
import { useZodForm } from '../../components/form.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import { useLookup } from '../../shell/use-lookup.ts';
import { pickedNumber, StarRating } from './star-rating.tsx';

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

type SurveyValues = { score: string; comment: string };

/** The answer, checked by the shared `surveyAnswerRequestSchema` the server validates with. */
function SurveyForm({ survey, onDone }: { survey: SurveyWindow; onDone: () => void }) {
  const { t, dateTime } = useI18n();
  const { api } = useSession();
  const [failed, setFailed] = useState(false);
  const form = useZodForm({
    schema: surveyAnswerRequestSchema,
    defaultValues: { score: '', comment: '' },
    toRequest: (v: SurveyValues) => ({
      score: pickedNumber(v.score),
      ...(v.comment.trim() ? { comment: v.comment } : {}),
    }),
    requiredMessages: { score: 'merchant.resolve.ratingRequired' },
  });
  const { errors, isSubmitting } = form.formState;
  const send = async (body: SurveyAnswerRequest) => {
    setFailed(false);
    try {
      await api.fetch(`/api/surveys/${survey.id}/responses`, { json: body });
      onDone();
    } catch {
      setFailed(true);
    }
  };

  return (
    <form
      className="card resolution merchant"
      data-testid="survey-card"
      aria-label={survey.title}
      noValidate
      onSubmit={form.handleSubmit(send)}
    >
      <h2 className="section-title">{t('merchant.survey.title')}</h2>
      <p>
        <strong>{survey.title}</strong> · {t('merchant.survey.until', { time: dateTime(survey.endsAt) })}
      </p>
      <StarRating
        legend={t('merchant.survey.question')}
        chosen={form.watch('score')}
        error={errors.score}
        registration={form.register('score')}
      />
      <Field label={t('merchant.resolve.comment')} error={errors.comment}>
        {(a11y) => <textarea rows={2} maxLength={1000} {...a11y} {...form.register('comment')} />}
      </Field>
      <button type="submit" className="btn primary" disabled={isSubmitting}>
        {isSubmitting ? t('common.sending') : t('merchant.survey.send')}
      </button>
      {failed && (
        <p className="form-error" role="alert">
          {t('merchant.survey.failed')}
        </p>
      )}
    </form>
  );
}
