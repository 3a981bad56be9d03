/**
 * The due dates a case submitted now would get (issue 15: the business-hours calendar "in
 * the due-date preview on the phone"), offline: the shared `previewSlaDates` is the
 * server's own rule lookup and arithmetic, fed with the replicated catalogue (each rule
 * carries its priority's calendar) and the local holidays (the bundled national list until
 * the first sync). The server stamps the real dates on acceptance.
 */
import type { CaseSubmission, Role } from '@edc/shared';
import {
  type BusinessHours,
  holidayDateSet,
  INDONESIAN_HOLIDAYS_2025_2027,
  minuteClock,
  previewSlaDates,
} from '@edc/shared/domain';
import { useMemo } from 'react';
import type { SlaRuleDoc } from '../db/index.ts';
import { type Translate, useI18n } from '../i18n/index.tsx';
import { priorityLabel } from './enum-labels.ts';

function calendarText(t: Translate, calendar: BusinessHours): string {
  return calendar.mode === 'business_hours'
    ? t('sla.preview.businessHours', {
        start: minuteClock(calendar.startMinute),
        end: minuteClock(calendar.endMinute),
      })
    : t('sla.preview.allDay');
}

export function SlaPreview({
  rules,
  holidays,
  submission,
  submittedBy,
}: {
  rules: readonly SlaRuleDoc[];
  /** Local holiday dates (`YYYY-MM-DD`); empty before the first sync. */
  holidays: readonly string[];
  submission: Pick<CaseSubmission, 'category' | 'subcase' | 'priority'>;
  /** Who will submit it: the server's priority rule depends on the role. */
  submittedBy: Role;
}) {
  const { t, dateTime } = useI18n();
  const { category, subcase, priority } = submission;
  const preview = useMemo(() => {
    const dates = holidays.length > 0 ? holidays : INDONESIAN_HOLIDAYS_2025_2027.map((h) => h.date);
    return previewSlaDates({
      rules,
      holidays: holidayDateSet(dates.map((date) => ({ date }))),
      submission: { category, subcase, priority },
      role: submittedBy,
      now: new Date(),
    });
  }, [rules, holidays, category, subcase, priority, submittedBy]);
  return (
    <p
      className="sla-preview"
      data-testid="sla-preview"
      data-response-due-at={preview.responseDueAt.toISOString()}
      data-due-at={preview.dueAt.toISOString()}
      data-calendar={preview.calendar.mode}
    >
      <span data-testid="sla-preview-response">
        {t('sla.preview.response', { due: dateTime(preview.responseDueAt) })}
      </span>
      <br />
      <span data-testid="sla-preview-due">{t('case.form.slaPreview', { due: dateTime(preview.dueAt) })}</span>
      <br />
      <span data-testid="sla-preview-calendar">{calendarText(t, preview.calendar)}</span>
      <br />
      {t('case.form.slaPriority', {
        priority: priorityLabel(t, preview.rule.priority),
        minutes: preview.rule.responseMinutes,
      })}
    </p>
  );
}
