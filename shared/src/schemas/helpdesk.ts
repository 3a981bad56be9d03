/**
 * Desk helpdesk wire messages (issue 15): search, saved views, canned replies (macros),
 * teams. Extensions under `/api/desk`, back office only.
 */
import { z } from 'zod';
import { isoDateTime, ladderTitleSchema, uuidSchema } from './common.ts';
import { safeText } from './safe-text.ts';

/** `GET /api/desk/search?q=&limit=`: every whitespace-separated term must match. */
export const deskSearchQuerySchema = z.object({
  q: z.string().trim().min(2).max(200),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DeskSearchQuery = z.infer<typeof deskSearchQuerySchema>;

export const deskSearchResponseSchema = z.object({
  q: z.string(),
  hits: z.array(z.object({ id: uuidSchema, caseNumber: z.string().nullable() })),
});
export type DeskSearchResponse = z.infer<typeof deskSearchResponseSchema>;

/** Search terms of a query: lower-case words, at most 8, duplicates dropped. */
export function searchTerms(q: string): string[] {
  const words = q
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  return [...new Set(words)].slice(0, 8);
}

/** Queue views (issue 15); `all` is the default. */
export const queueViews = ['mine', 'team', 'unassigned', 'waiting', 'escalated', 'all'] as const;
export const queueViewSchema = z.enum(queueViews);
export type QueueView = z.infer<typeof queueViewSchema>;

/** A saved view: a name and the queue's URL query (`view=team&status=open&sort=due`). */
export const savedViewRequestSchema = z.object({
  name: safeText().trim().min(1).max(80),
  query: safeText().max(2000),
});
export type SavedViewRequest = z.infer<typeof savedViewRequestSchema>;
export const savedViewSchema = savedViewRequestSchema.extend({ id: uuidSchema, createdAt: isoDateTime });
export type SavedView = z.infer<typeof savedViewSchema>;

export const macroRequestSchema = z.object({
  title: safeText().trim().min(1).max(100),
  body: safeText().trim().min(1).max(4000),
  /** Whether the text goes out as an internal note rather than a public reply. */
  internal: z.boolean().default(false),
});
export type MacroRequest = z.infer<typeof macroRequestSchema>;
export const macroSchema = z.object({
  id: uuidSchema,
  title: z.string(),
  body: z.string(),
  internal: z.boolean(),
  createdBy: z.string(),
  updatedAt: isoDateTime,
});
export type Macro = z.infer<typeof macroSchema>;

export const teamSchema = z.object({
  unit: z.string(),
  members: z.array(
    z.object({
      username: z.string(),
      displayName: z.string(),
      role: z.string(),
      ladderTitle: ladderTitleSchema.nullable(),
    }),
  ),
});
export type Team = z.infer<typeof teamSchema>;
