/**
 * SLA calendars (issue 15) above the catalogue: the business hours of each priority class
 * (24×7, or a daily window on working days), with a preview of the deadlines a case accepted
 * at a chosen moment would get — the same shared function the server stamps with. Saving
 * replaces all three (`PUT /api/admin/sla-calendars`); "all 24×7" is the behaviour before
 * calendars, kept as a setting. The form is react-hook-form checked by the shared
 * `slaCalendarsSchema` the server validates the `PUT` with: a window whose opening is not
 * before its closing is said on its row and never sent.
 */
import { type Priority, priorities, type SlaCalendars, slaCalendarsSchema } from '@edc/shared';
import {
  calendarsOf,
  computeSlaDates,
  holidayDateSet,
  INDONESIAN_HOLIDAYS_2025_2027,
  jakartaDateOf,
  SLA_TARGETS_BY_PRIORITY,
} from '@edc/shared/domain';
import { useEffect, useId, useState } from 'react';
import { z } from 'zod';
import { FieldMessage } from '../../../components/field.tsx';
import { EnumField, useZodForm } from '../../../components/form.tsx';
import { listHolidays } from '../../../db/index.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { useDb, useSession } from '../../../shell/providers.tsx';
import { deskKeys, QueryView, useCommand, useJsonQuery } from '../desk-query.tsx';
import { CommandNotice } from './command-notice.tsx';

const saveAnswer = z.object({ calendars: slaCalendarsSchema, changed: z.array(z.string()) });
const modes = ['24x7', 'business_hours'] as const;
/** One priority's row as the form holds it: the mode and two `<input type="time">` values. */
type Row = { mode: (typeof modes)[number]; start: string; end: string };
type CalendarValues = Record<Priority, Row>;
type Hours = SlaCalendars[Priority];
const ROUND_THE_CLOCK: Row = { mode: '24x7', start: '', end: '' };
/** The window offered when a class is switched to business hours: 08:00–17:00 WIB. */
const OFFICE = { start: '08:00', end: '17:00' };
/** Most urgent first, as the catalogue reads. */
const ORDER: readonly Priority[] = [...priorities].reverse();

/** Minutes after midnight → `HH:MM` (the `<input type="time">` value); 24:00 shows as 00:00. */
const toClock = (m: number | undefined) =>
  m === undefined
    ? ''
    : `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const fromClock = (v: string): number | undefined => {
  const m = /^(\d{2}):(\d{2})$/.exec(v);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
};
/** A closing time of 00:00 is midnight at the end of the day (the schema's 1440). */
const fromClosing = (v: string): number | undefined => {
  const m = fromClock(v);
  return m === 0 ? 1440 : m;
};
const rowOf = (h: Hours): Row =>
  h.mode === '24x7'
    ? ROUND_THE_CLOCK
    : { mode: h.mode, start: toClock(h.startMinute), end: toClock(h.endMinute) };
const hoursOf = (r: Row): Hours =>
  r.mode === '24x7'
    ? { mode: '24x7' }
    : { mode: r.mode, startMinute: fromClock(r.start), endMinute: fromClosing(r.end) };
const valuesOf = (c: SlaCalendars): CalendarValues => ({
  minor: rowOf(c.minor),
  major: rowOf(c.major),
  critical: rowOf(c.critical),
});
const toRequest = (v: CalendarValues) => ({
  minor: hoursOf(v.minor),
  major: hoursOf(v.major),
  critical: hoursOf(v.critical),
});
/** Now in Jakarta as a `datetime-local` value (minutes). */
const nowLocal = () => {
  const now = new Date();
  const minutes = Math.floor((now.getTime() + 7 * 3_600_000) / 60_000) % (24 * 60);
  return `${jakartaDateOf(now)}T${toClock(minutes)}`;
};

type SaveCommand = {
  mutate: (body: SlaCalendars) => void;
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
  error: unknown;
};

export function SlaCalendarsPanel() {
  const { t } = useI18n();
  const { api } = useSession();
  const calendars = useJsonQuery(deskKeys.slaCalendars, '/api/admin/sla-calendars', slaCalendarsSchema);
  // Here, not in the form: the form is rebuilt from the saved calendars, the outcome stays.
  const save = useCommand(
    (body: SlaCalendars) => api.json('/api/admin/sla-calendars', saveAnswer, { method: 'PUT', json: body }),
    { stale: [deskKeys.slaCalendars] },
  );
  return (
    <section className="panel" data-testid="sla-calendars" aria-labelledby="sla-calendars-title">
      <h2 id="sla-calendars-title">{t('desk.slaCal.title')}</h2>
      <p className="muted">{t('desk.slaCal.hint')}</p>
      <QueryView query={calendars}>
        {(saved) => <CalendarsForm key={JSON.stringify(saved)} saved={saved} save={save} />}
      </QueryView>
      <CommandNotice command={save} />
    </section>
  );
}

function CalendarsForm({ saved, save }: { saved: SlaCalendars; save: SaveCommand }) {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const form = useZodForm({ schema: slaCalendarsSchema, defaultValues: valuesOf(saved), toRequest });
  const { errors } = form.formState;
  const errorId = useId();
  const [acceptedAt, setAcceptedAt] = useState(nowLocal);
  const [holidays, setHolidays] = useState<ReadonlySet<string>>(() =>
    holidayDateSet(INDONESIAN_HOLIDAYS_2025_2027),
  );
  useEffect(() => {
    let live = true;
    // The replicated holiday table once synced; the bundled national list until then.
    void listHolidays(db).then((rows) => {
      if (live && rows.length > 0) setHolidays(holidayDateSet(rows));
    });
    return () => {
      live = false;
    };
  }, [db]);
  const values = form.watch();
  // The schema's message belongs to the row (`major`), not to the time changed
  // (`major.start`): after a submit, a change re-checks the whole row so a fixed one clears.
  const recheck = (p: Priority) => () => {
    if (form.formState.isSubmitted) void form.trigger(p);
  };
  const at = new Date(`${acceptedAt}:00+07:00`);
  // Three small computations per render: no memo needed. A row the schema refuses has none.
  const preview = (() => {
    const parsed = slaCalendarsSchema.safeParse(toRequest(values));
    if (!parsed.success || Number.isNaN(at.getTime())) return null;
    const cals = calendarsOf(parsed.data);
    return Object.fromEntries(
      ORDER.map((p) => [
        p,
        computeSlaDates({
          acceptedAt: at,
          rule: SLA_TARGETS_BY_PRIORITY[p],
          holidays,
          priority: p,
          calendars: cals,
        }),
      ]),
    );
  })();

  return (
    <form noValidate data-testid="sla-cal-form" onSubmit={form.handleSubmit((body) => save.mutate(body))}>
      <label className="field inline">
        <span>{t('desk.slaCal.acceptedAt')}</span>
        <input
          type="datetime-local"
          data-testid="sla-cal-accepted-at"
          style={{ maxWidth: '16rem' }}
          value={acceptedAt}
          onChange={(e) => setAcceptedAt(e.target.value)}
        />
      </label>
      <table className="data">
        <thead>
          <tr>
            <th>{t('desk.field.priority')}</th>
            <th>{t('desk.slaCal.mode')}</th>
            <th>{t('desk.slaCal.start')}</th>
            <th>{t('desk.slaCal.end')}</th>
            <th>{t('desk.slaCal.previewResponse')}</th>
            <th>{t('desk.slaCal.previewDue')}</th>
          </tr>
        </thead>
        <tbody>
          {ORDER.map((p) => {
            const office = values[p].mode === 'business_hours';
            const dates = preview?.[p];
            const error = errors[p];
            const priority = t(`desk.priority.${p}`);
            const a11y = error
              ? { 'aria-invalid': true as const, 'aria-describedby': `${errorId}-${p}` }
              : {};
            return (
              <tr key={p} data-testid="sla-cal-row" data-priority={p}>
                <td>{priority}</td>
                <td>
                  <EnumField
                    control={form.control}
                    name={`${p}.mode`}
                    aria-label={`${t('desk.slaCal.mode')} ${priority}`}
                    options={modes}
                    optionLabel={(m) => t(`desk.slaCal.mode.${m}`)}
                    onPick={(mode) =>
                      form.setValue(
                        p,
                        mode === 'business_hours'
                          ? { mode, start: values[p].start || OFFICE.start, end: values[p].end || OFFICE.end }
                          : ROUND_THE_CLOCK,
                        { shouldValidate: form.formState.isSubmitted },
                      )
                    }
                  />
                </td>
                <td>
                  <input
                    type="time"
                    aria-label={`${t('desk.slaCal.start')} ${priority}`}
                    disabled={!office}
                    {...a11y}
                    {...form.register(`${p}.start`, { onChange: recheck(p) })}
                  />
                </td>
                <td>
                  <input
                    type="time"
                    aria-label={`${t('desk.slaCal.end')} ${priority}`}
                    disabled={!office}
                    {...a11y}
                    {...form.register(`${p}.end`, { onChange: recheck(p) })}
                  />
                  <FieldMessage id={`${errorId}-${p}`} error={error} />
                </td>
                <td data-testid="sla-cal-response">{dates ? dateTime(dates.responseDueAt) : '—'}</td>
                <td data-testid="sla-cal-due">{dates ? dateTime(dates.dueAt) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="row">
        <button type="submit" className="btn primary" disabled={save.isPending} data-testid="sla-cal-save">
          {save.isPending ? t('desk.common.saving') : t('desk.common.save')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            for (const p of ORDER) form.setValue(p, ROUND_THE_CLOCK, { shouldDirty: true });
          }}
        >
          {t('desk.slaCal.allDay')}
        </button>
      </div>
    </form>
  );
}
