/**
 * SLA calendars (issue 15) above the catalogue: the business hours of each priority class
 * (24×7, or a daily window on working days), with a preview of the deadlines a case accepted
 * at a chosen moment would get — the same shared function the server stamps with. Saving
 * replaces all three (`PUT /api/admin/sla-calendars`); "all 24×7" is the behaviour before
 * calendars, kept as a setting.
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
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { listHolidays } from '../../../db/index.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { useDb, useSession } from '../../../shell/providers.tsx';
import { deskKeys, QueryView, useCommand, useJsonQuery } from '../desk-query.tsx';
import { CommandNotice } from './command-notice.tsx';

const saveAnswer = z.object({ calendars: slaCalendarsSchema, changed: z.array(z.string()) });
const ROUND_THE_CLOCK: SlaCalendars = {
  minor: { mode: '24x7' },
  major: { mode: '24x7' },
  critical: { mode: '24x7' },
};
/** Most urgent first, as the catalogue reads. */
const ORDER: readonly Priority[] = [...priorities].reverse();

/** `HH:MM` ↔ minutes after midnight (the `<input type="time">` value). */
const toClock = (m: number | undefined) =>
  m === undefined ? '' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const fromClock = (v: string): number | undefined => {
  const m = /^(\d{2}):(\d{2})$/.exec(v);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
};
/** Now in Jakarta as a `datetime-local` value (minutes). */
const nowLocal = () => {
  const now = new Date();
  const minutes = Math.floor((now.getTime() + 7 * 3_600_000) / 60_000) % (24 * 60);
  return `${jakartaDateOf(now)}T${toClock(minutes)}`;
};

export function SlaCalendarsPanel() {
  const { t } = useI18n();
  const { api } = useSession();
  const calendars = useJsonQuery(deskKeys.slaCalendars, '/api/admin/sla-calendars', slaCalendarsSchema);
  return (
    <section className="panel" data-testid="sla-calendars" aria-labelledby="sla-calendars-title">
      <h2 id="sla-calendars-title">{t('desk.slaCal.title')}</h2>
      <p className="muted">{t('desk.slaCal.hint')}</p>
      <QueryView query={calendars}>
        {(saved) => <CalendarsForm key={JSON.stringify(saved)} saved={saved} api={api} />}
      </QueryView>
    </section>
  );
}

function CalendarsForm({ saved, api }: { saved: SlaCalendars; api: ReturnType<typeof useSession>['api'] }) {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const [draft, setDraft] = useState<SlaCalendars>(saved);
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
  const save = useCommand(
    (body: SlaCalendars) => api.json('/api/admin/sla-calendars', saveAnswer, { method: 'PUT', json: body }),
    { stale: [deskKeys.slaCalendars] },
  );
  const parsed = slaCalendarsSchema.safeParse(draft);
  const at = new Date(`${acceptedAt}:00+07:00`);
  // Three small computations per render: no memo needed.
  const preview = (() => {
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

  const setPriority = (p: Priority, next: SlaCalendars[Priority]) => setDraft((d) => ({ ...d, [p]: next }));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.success) save.mutate(parsed.data);
      }}
    >
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
            const c = draft[p];
            const office = c.mode === 'business_hours';
            const dates = preview?.[p];
            return (
              <tr key={p} data-testid="sla-cal-row" data-priority={p}>
                <td>{t(`desk.priority.${p}`)}</td>
                <td>
                  <select
                    aria-label={`${t('desk.slaCal.mode')} ${t(`desk.priority.${p}`)}`}
                    value={c.mode}
                    onChange={(e) =>
                      setPriority(
                        p,
                        e.target.value === 'business_hours'
                          ? { mode: 'business_hours', startMinute: 480, endMinute: 1020 }
                          : { mode: '24x7' },
                      )
                    }
                  >
                    <option value="24x7">{t('desk.slaCal.mode.24x7')}</option>
                    <option value="business_hours">{t('desk.slaCal.mode.business_hours')}</option>
                  </select>
                </td>
                <td>
                  <input
                    type="time"
                    aria-label={`${t('desk.slaCal.start')} ${t(`desk.priority.${p}`)}`}
                    disabled={!office}
                    value={office ? toClock(c.startMinute) : ''}
                    onChange={(e) => setPriority(p, { ...c, startMinute: fromClock(e.target.value) })}
                  />
                </td>
                <td>
                  <input
                    type="time"
                    aria-label={`${t('desk.slaCal.end')} ${t(`desk.priority.${p}`)}`}
                    disabled={!office}
                    value={office ? toClock(c.endMinute === 1440 ? 1439 : c.endMinute) : ''}
                    onChange={(e) => setPriority(p, { ...c, endMinute: fromClock(e.target.value) })}
                  />
                </td>
                <td data-testid="sla-cal-response">{dates ? dateTime(dates.responseDueAt) : '—'}</td>
                <td data-testid="sla-cal-due">{dates ? dateTime(dates.dueAt) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!parsed.success && (
        <p className="notice bad" role="alert" data-testid="sla-cal-invalid">
          {t('desk.slaCal.invalid')}
        </p>
      )}
      <div className="row">
        <button type="submit" className="btn primary" disabled={!parsed.success || save.isPending}>
          {t('desk.common.save')}
        </button>
        <button type="button" className="btn" onClick={() => setDraft(ROUND_THE_CLOCK)}>
          {t('desk.slaCal.allDay')}
        </button>
      </div>
      <CommandNotice command={save} />
    </form>
  );
}
