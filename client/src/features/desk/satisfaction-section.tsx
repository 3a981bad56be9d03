/**
 * Satisfaction on the dashboard (issue 14, seeds 001 and 003): FAQ deflection rate, CSAT
 * (1–5 ratings on confirmations), NPS, automatic closes and reopens for the range, the
 * survey windows with results by responsible unit and region, and (supervisors, admins)
 * the form that opens a survey window.
 */
import {
  type CreateSurveyRequest,
  createSurveyRequestSchema,
  type SurveyResults,
  satisfactionReportSchema,
  surveyWindowSchema,
} from '@edc/shared';
import { Field } from '../../components/field.tsx';
import { useZodForm } from '../../components/form.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import { CommandNotice } from './admin/command-notice.tsx';
import { deskKeys, QueryView, useCommand, useJsonQuery } from './desk-query.tsx';
import { formatShare } from './format.ts';

export function SatisfactionSection({ from, to }: { from: string; to: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const report = useJsonQuery(
    deskKeys.satisfaction(from, to),
    `/api/reports/satisfaction?from=${from}&to=${to}`,
    satisfactionReportSchema,
  );
  return (
    <section data-testid="satisfaction" aria-labelledby="satisfaction-title">
      <h2 id="satisfaction-title">{t('desk.sat.title')}</h2>
      <QueryView query={report}>
        {(r) => (
          <>
            <div className="tiles">
              <Tile
                id="deflection"
                label={t('desk.sat.deflection')}
                value={formatShare(r.deflection.rate)}
                sub={t('desk.sat.deflectionSub', {
                  solved: r.deflection.solved,
                  complaints: r.deflection.complaints,
                })}
              />
              <Tile
                id="csat"
                label={t('desk.sat.csat')}
                value={r.csat.average === null ? '–' : `${r.csat.average.toFixed(2)} / 5`}
                sub={t('desk.sat.responses', { count: r.csat.responses })}
              />
              <Tile
                id="nps"
                label={t('desk.sat.nps')}
                value={r.nps.score === null ? '–' : String(r.nps.score)}
                sub={t('desk.sat.npsSub', {
                  promoters: r.nps.promoters,
                  passives: r.nps.passives,
                  detractors: r.nps.detractors,
                })}
              />
              <Tile
                id="auto-closed"
                label={t('desk.sat.autoClosed')}
                value={String(r.autoClosed)}
                sub={t('desk.sat.reopened', { count: r.reopened })}
              />
            </div>
            <h3>{t('desk.sat.surveys')}</h3>
            {r.surveys.length === 0 && <p className="muted">{t('desk.sat.noSurvey')}</p>}
            {r.surveys.map((s) => (
              <SurveyResultsTable key={s.survey.id} results={s} />
            ))}
          </>
        )}
      </QueryView>
      {(user?.role === 'supervisor' || user?.role === 'admin') && <OpenSurveyForm />}
    </section>
  );
}

function Tile({ id, label, value, sub }: { id: string; label: string; value: string; sub: string }) {
  return (
    <div className="tile" data-testid={`sat-${id}`}>
      <div className="tile-label">{label}</div>
      <div className="tile-value">{value}</div>
      <div className="muted">{sub}</div>
    </div>
  );
}

function SurveyResultsTable({ results }: { results: SurveyResults }) {
  const { t, dateTime } = useI18n();
  const avg = (n: number | null) => (n === null ? '–' : n.toFixed(2));
  return (
    <div className="card" data-testid="survey-results" data-survey-id={results.survey.id}>
      <p>
        <strong>{results.survey.title}</strong> · {dateTime(results.survey.startsAt)} –{' '}
        {dateTime(results.survey.endsAt)} ·{' '}
        {t('desk.sat.surveyAverage', { average: avg(results.average), count: results.responses })}
      </p>
      <div className="row wrap">
        {(
          [
            ['unit', results.byUnit],
            ['region', results.byRegion],
          ] as const
        ).map(([dim, groups]) => (
          <table key={dim} className="data" data-testid={`survey-by-${dim}`}>
            <thead>
              <tr>
                <th>{t(dim === 'unit' ? 'desk.sat.byUnit' : 'desk.sat.byRegion')}</th>
                <th>{t('desk.sat.average')}</th>
                <th>{t('desk.sat.count')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key}>
                  <td>{g.key}</td>
                  <td>{avg(g.average)}</td>
                  <td>{g.responses}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </div>
  );
}

/** datetime-local value (Jakarta wall clock as typed) → ISO; the browser's zone is the desk's. */
function toIso(local: string): string {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

type SurveyValues = { title: string; startsAt: string; endsAt: string };
const NO_SURVEY: SurveyValues = { title: '', startsAt: '', endsAt: '' };

/** Opens a survey window; checked by the shared `createSurveyRequestSchema` the server uses. */
function OpenSurveyForm() {
  const { t } = useI18n();
  const { api } = useSession();
  const form = useZodForm({
    schema: createSurveyRequestSchema,
    defaultValues: NO_SURVEY,
    toRequest: (v: SurveyValues) => ({
      title: v.title,
      startsAt: toIso(v.startsAt),
      endsAt: toIso(v.endsAt),
    }),
  });
  const { errors } = form.formState;
  const command = useCommand(
    (body: CreateSurveyRequest) => api.json('/api/admin/surveys', surveyWindowSchema, { json: body }),
    { stale: [deskKeys.reports], onSuccess: () => form.reset(NO_SURVEY) },
  );
  return (
    <form
      className="inline-form"
      data-testid="open-survey"
      noValidate
      onSubmit={form.handleSubmit((body) => command.mutate(body))}
    >
      <Field label={t('desk.sat.surveyTitle')} error={errors.title}>
        {(a11y) => <input maxLength={200} {...a11y} {...form.register('title')} />}
      </Field>
      <Field label={t('desk.sat.startsAt')} error={errors.startsAt}>
        {(a11y) => <input type="datetime-local" {...a11y} {...form.register('startsAt')} />}
      </Field>
      <Field label={t('desk.sat.endsAt')} error={errors.endsAt}>
        {(a11y) => <input type="datetime-local" {...a11y} {...form.register('endsAt')} />}
      </Field>
      <button type="submit" className="btn small primary" disabled={command.isPending}>
        {command.isPending ? t('desk.action.sending') : t('desk.sat.open')}
      </button>
      <CommandNotice command={command} />
    </form>
  );
}
