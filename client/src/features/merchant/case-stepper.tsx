/**
 * The "what happens next" stepper of a merchant's case (case-progress.ts): every step in
 * customer words, the current one highlighted, dates of the done ones, the target time
 * of the next (first response, resolution, automatic close) with "target met / late".
 */
import type { CaseDoc, CaseEventDoc } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { caseProgress, type ProgressStep } from './case-progress.ts';

export function CaseStepper({
  doc,
  events,
  now,
}: {
  doc: CaseDoc;
  events: readonly CaseEventDoc[];
  now: Date;
}) {
  const { t } = useI18n();
  const progress = caseProgress(doc, events, now);
  if (!progress) return null;
  return (
    <section className="card stepper-card" aria-label={t('merchant.progress.title')}>
      <h3 className="section-title">{t('merchant.progress.title')}</h3>
      {progress.handler && (
        <p data-testid="case-handler">{t('merchant.progress.handler', { name: progress.handler })}</p>
      )}
      <ol className="stepper" data-testid="case-stepper">
        {progress.steps.map((step) => (
          <Step key={step.key} step={step} autoClosed={step.key === 'confirmed' && progress.autoClosed} />
        ))}
      </ol>
    </section>
  );
}

function Step({ step, autoClosed }: { step: ProgressStep; autoClosed: boolean }) {
  const { t, dateTime } = useI18n();
  const target = step.target;
  return (
    <li
      className={`step ${step.state}`}
      data-testid="progress-step"
      data-step={step.key}
      data-state={step.state}
      aria-current={step.state === 'current' ? 'step' : undefined}
    >
      <span className="step-dot" aria-hidden="true">
        {step.state === 'done' ? '✓' : ''}
      </span>
      <span className="step-text">
        <span className="step-label">
          {t(autoClosed ? 'merchant.progress.autoClosed' : `merchant.progress.${step.key}`)}
        </span>
        {step.at && <span className="muted">{dateTime(step.at)}</span>}
        {target && step.state !== 'upcoming' && (
          <span
            className={`step-target ${target.outcome}`}
            data-testid="step-target"
            data-outcome={target.outcome}
          >
            {t(`merchant.progress.target.${target.kind}`, { time: dateTime(target.due) })}
            {target.outcome !== 'open' && ` · ${t(`merchant.progress.outcome.${target.outcome}`)}`}
          </span>
        )}
        {target && step.state === 'upcoming' && (
          <span className="muted" data-testid="step-target" data-outcome={target.outcome}>
            {t(`merchant.progress.target.${target.kind}`, { time: dateTime(target.due) })}
          </span>
        )}
      </span>
    </li>
  );
}
