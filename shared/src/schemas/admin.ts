/**
 * Admin wire messages: user management and device-session revocation
 * (`/api/admin/users`, `/api/admin/sessions`). An extension to DESIGN section 4.
 */
import { z } from 'zod';
import { isoDateTime, ladderTitleSchema, midSchema, regionSchema, roleSchema, uuidSchema } from './common.ts';
import { safeText } from './safe-text.ts';

/** A team is a responsible unit of the SLA catalogue, by its name. */
export const teamNameSchema = safeText().trim().min(1).max(100);

export const MIN_PASSWORD_LENGTH = 10;
const password = safeText().min(MIN_PASSWORD_LENGTH).max(200);
const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._@-]{1,100}$/, 'letters, digits and . _ @ - only');

export const adminUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  regions: z.array(regionSchema),
  mid: midSchema.optional(),
  /** Back office: the responsible unit (team) of the SLA catalogue the user works in. */
  team: z.string().optional(),
  ladderTitle: ladderTitleSchema.optional(),
  disabled: z.boolean(),
  lockedUntil: isoDateTime.optional(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const createUserRequestSchema = z
  .object({
    username,
    displayName: safeText().trim().min(1).max(200),
    role: roleSchema,
    regions: z.array(regionSchema).max(50).default([]),
    mid: midSchema.optional(),
    team: teamNameSchema.optional(),
    ladderTitle: ladderTitleSchema.optional(),
    password,
  })
  .refine((u) => u.role !== 'merchant' || u.mid !== undefined, {
    message: 'a merchant user needs a mid',
    path: ['mid'],
  });
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const updateUserRequestSchema = z
  .object({
    displayName: safeText().trim().min(1).max(200).optional(),
    role: roleSchema.optional(),
    regions: z.array(regionSchema).max(50).optional(),
    mid: midSchema.nullable().optional(),
    team: teamNameSchema.nullable().optional(),
    ladderTitle: ladderTitleSchema.nullable().optional(),
    disabled: z.boolean().optional(),
    /** Admin password reset; also lifts a login lock. */
    password: password.optional(),
  })
  .strict();
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const adminSessionSchema = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  label: z.string(),
  ip: z.string().optional(),
  userAgent: z.string().optional(),
  createdAt: isoDateTime,
  lastSeenAt: isoDateTime,
  expiresAt: isoDateTime,
  revokedAt: isoDateTime.optional(),
  revokedReason: z.string().optional(),
  /** Sync health reported by the device (x-outbox-* headers on pull/push). */
  lastSyncAt: isoDateTime.optional(),
  outboxCount: z.number().int().optional(),
  outboxOldestAt: isoDateTime.optional(),
});
export type AdminSession = z.infer<typeof adminSessionSchema>;

export const sessionsQuerySchema = z.object({
  userId: uuidSchema.optional(),
  active: z.enum(['true', 'false']).optional(),
});
