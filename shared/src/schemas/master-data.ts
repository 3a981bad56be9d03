/**
 * Admin master-data commands (issue 4): SLA catalogue and holiday editor. The documents
 * themselves replicate as `sla_rules` / `holidays` (entities.ts); these are the request
 * bodies of `/api/admin/sla-rules` and `/api/admin/holidays`.
 */
import { z } from 'zod';
import { isoDate } from './common.ts';
import { businessHoursSchema, slaRuleSchema } from './entities.ts';
import { safeText } from './safe-text.ts';

// `businessHours` is derived from the priority's calendar (server-owned), never written here.
const slaRuleFields = slaRuleSchema.omit({ id: true, updatedAt: true, _deleted: true, businessHours: true });

/** Exactly one resolution target, as the database CHECK demands (DESIGN section 3). */
const oneTarget = (r: { businessDays?: number | undefined; hours?: number | undefined }) =>
  (r.businessDays === undefined) !== (r.hours === undefined);
const oneTargetMessage = { message: 'set exactly one of businessDays and hours', path: ['businessDays'] };

export const createSlaRuleRequestSchema = slaRuleFields
  .extend({ active: z.boolean().default(true), label: safeText().max(200).default('') })
  .refine(oneTarget, oneTargetMessage);
export type CreateSlaRuleRequest = z.infer<typeof createSlaRuleRequestSchema>;

/** Full replacement of the editable fields; the key (`category`, `subcase`) cannot change. */
export const updateSlaRuleRequestSchema = slaRuleFields
  .omit({ category: true, subcase: true })
  .extend({ active: z.boolean().default(true), label: safeText().max(200).default('') })
  .refine(oneTarget, oneTargetMessage);
export type UpdateSlaRuleRequest = z.infer<typeof updateSlaRuleRequestSchema>;

/**
 * `PUT /api/admin/sla-calendars` (issue 15): the business hours of every priority class,
 * replaced as a whole. `GET` answers the same shape.
 */
export const slaCalendarsSchema = z.object({
  minor: businessHoursSchema,
  major: businessHoursSchema,
  critical: businessHoursSchema,
});
export type SlaCalendars = z.infer<typeof slaCalendarsSchema>;

export const createHolidayRequestSchema = z.object({
  date: isoDate,
  name: safeText().trim().min(1).max(200),
});
export type CreateHolidayRequest = z.infer<typeof createHolidayRequestSchema>;

export const holidaysQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
