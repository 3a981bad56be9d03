/**
 * The phone's offline due-date preview (issue 15, "shown … in the due-date preview on the
 * phone"): the dates the server would stamp if it accepted the submission now, made with
 * the server's own rule lookup (`submissionRule`), the priority's business-hours calendar
 * and the same arithmetic (`computeSlaDates`). A phone knows the calendars only through
 * the replicated catalogue, where every rule carries its priority's (`businessHours`).
 */
import type { Priority, Role } from '../schemas/common.ts';
import type { CaseSubmission } from '../schemas/entities.ts';
import { submissionRule } from './case-acceptance.ts';
import {
  type BusinessCalendars,
  type BusinessHours,
  type BusinessHoursSetting,
  calendarFor,
  calendarsOf,
  computeSlaDates,
  type SlaDates,
} from './sla.ts';
import type { SlaRuleSeed } from './sla-catalogue.ts';

/**
 * Calendars per priority as replicated with the catalogue: any rule of a priority carries
 * that priority's calendar, so a general complaint (no catalogue rule) still finds it.
 */
export function replicatedCalendars(
  rules: readonly { priority: Priority; businessHours?: BusinessHoursSetting | undefined }[],
): BusinessCalendars {
  const settings: Partial<Record<Priority, BusinessHoursSetting>> = {};
  for (const r of rules) if (r.businessHours && !settings[r.priority]) settings[r.priority] = r.businessHours;
  return calendarsOf(settings);
}

/** Inputs of {@link previewSlaDates}. */
export type SlaPreviewInput<R extends SlaRuleSeed> = {
  /** The replicated catalogue (active and inactive rules, as pulled). */
  rules: readonly R[];
  holidays: ReadonlySet<string>;
  submission: Pick<CaseSubmission, 'category' | 'subcase' | 'priority'>;
  role: Role;
  now: Date;
};

/** What {@link previewSlaDates} found: the dates, the rule and the calendar they used. */
export type SlaPreview<R extends SlaRuleSeed> = SlaDates & { rule: R | SlaRuleSeed; calendar: BusinessHours };

/** The response and resolution deadlines a case submitted `now` would get on acceptance. */
export function previewSlaDates<R extends SlaRuleSeed>(input: SlaPreviewInput<R>): SlaPreview<R> {
  const rule = submissionRule(input.rules, input.submission, input.role);
  const calendars = replicatedCalendars(input.rules);
  const dates = computeSlaDates({
    acceptedAt: input.now,
    rule,
    holidays: input.holidays,
    priority: rule.priority,
    calendars,
  });
  return { ...dates, rule, calendar: calendarFor(calendars, rule.priority) };
}
