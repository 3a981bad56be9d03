/**
 * Announcements (DESIGN section 9; seed 004, seed 001 KPI 10): maintenance, outage and
 * info notices that supervisors and admins publish to merchants, technicians or a region.
 * Pull-only collection `announcements`; `POST /api/admin/announcements` creates one.
 */
import { z } from 'zod';
import { isoDateTime, regionSchema, uuidSchema } from './common.ts';

export const announcementSeverities = ['info', 'maintenance', 'outage'] as const;
export const announcementSeveritySchema = z.enum(announcementSeverities);
export type AnnouncementSeverity = z.infer<typeof announcementSeveritySchema>;

/** `all | merchants | technicians | region:<code>`. */
export const announcementAudienceSchema = z.union([
  z.enum(['all', 'merchants', 'technicians']),
  z.templateLiteral(['region:', regionSchema]),
]);
export type AnnouncementAudience = z.infer<typeof announcementAudienceSchema>;

export const ANNOUNCEMENT_TITLE_MAX = 200;
export const ANNOUNCEMENT_BODY_MAX = 2000;

export const announcementSchema = z.object({
  id: uuidSchema,
  title: z.string().min(1).max(ANNOUNCEMENT_TITLE_MAX),
  body: z.string().max(ANNOUNCEMENT_BODY_MAX),
  severity: announcementSeveritySchema,
  audience: announcementAudienceSchema,
  startsAt: isoDateTime,
  endsAt: isoDateTime.optional(),
  createdBy: z.string(),
  updatedAt: isoDateTime,
  _deleted: z.boolean(),
});
export type Announcement = z.infer<typeof announcementSchema>;

/** `POST /api/admin/announcements`; `startsAt` omitted = now. */
export const createAnnouncementRequestSchema = z
  .object({
    title: z.string().trim().min(1).max(ANNOUNCEMENT_TITLE_MAX),
    body: z.string().trim().max(ANNOUNCEMENT_BODY_MAX).default(''),
    severity: announcementSeveritySchema,
    audience: announcementAudienceSchema,
    startsAt: isoDateTime.optional(),
    endsAt: isoDateTime.optional(),
  })
  .refine((a) => !a.endsAt || !a.startsAt || Date.parse(a.endsAt) > Date.parse(a.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type CreateAnnouncementRequest = z.infer<typeof createAnnouncementRequestSchema>;

/** `GET /api/admin/announcements`: each with how many of its audience read it. */
export const announcementStatsSchema = announcementSchema.omit({ _deleted: true }).extend({
  recipients: z.number().int().nonnegative(),
  reads: z.number().int().nonnegative(),
  /** When its audience was notified (the start time, or at once when created late). */
  notifiedAt: isoDateTime.optional(),
  withdrawn: z.boolean(),
});
export type AnnouncementStats = z.infer<typeof announcementStatsSchema>;
