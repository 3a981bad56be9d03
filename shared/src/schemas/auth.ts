/**
 * Wire messages of the HTTP contract, auth part (DESIGN section 4): login, refresh, logout
 * and the public user. Kept apart from api.ts because the client's start (the stored
 * session, its refresh) needs only these: a bundle carries a module whole, so importing
 * `loginResponseSchema` from api.ts built every schema of api.ts, entities.ts and
 * self-service.ts before the first paint. Exported from `@edc/shared` like the rest.
 */
import { z } from 'zod';
import { ladderTitleSchema, midSchema, regionSchema, roleSchema } from './common.ts';
import { safeText } from './safe-text.ts';

export const loginRequestSchema = z.object({
  username: safeText().trim().min(1).max(100),
  password: safeText().min(1).max(200),
  /** Optional label of the device session ("Pixel 7 – Chrome"); shown in session lists. */
  deviceLabel: safeText().max(200).optional(),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const publicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  displayName: z.string(),
  mid: midSchema.optional(),
  regions: z.array(regionSchema).optional(),
  /** Back office: the responsible unit (team) the user works in (issue 15). */
  team: z.string().optional(),
  /** Back office: the user's rung on the escalation ladder, if any. */
  ladderTitle: ladderTitleSchema.optional(),
});
export type PublicUser = z.infer<typeof publicUserSchema>;

export const loginResponseSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  user: publicUserSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const refreshRequestSchema = z.object({ refreshToken: safeText().min(1).max(500) });
export const logoutRequestSchema = z.object({ refreshToken: safeText().min(1).max(500).optional() });
