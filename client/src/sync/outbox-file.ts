/**
 * Export/import file of pending cases, for when the phone must be handed in before it
 * syncs: the JSON file carries the submitted cases and their photos (base64), and can be
 * imported into the outbox on another device/profile of the same user. Import is
 * idempotent by id. Pure (no DB): the caller reads/writes the outbox.
 */
import { type Case, caseSchema } from '@edc/shared';
import { z } from 'zod';

export const OUTBOX_FILE_FORMAT = 'edc-outbox';
export const OUTBOX_FILE_VERSION = 1;

const exportedAttachmentSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  contentType: z.enum(['image/jpeg', 'image/webp']),
  base64: z.string(),
});
export type ExportedAttachment = z.infer<typeof exportedAttachmentSchema>;

export const outboxFileSchema = z.object({
  format: z.literal(OUTBOX_FILE_FORMAT),
  version: z.literal(OUTBOX_FILE_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  user: z.object({ id: z.string(), username: z.string() }),
  cases: z.array(caseSchema.extend({ status: z.literal('submitted') })),
  attachments: z.array(exportedAttachmentSchema),
});
export type OutboxFile = z.infer<typeof outboxFileSchema>;

type LocalCase = Omit<Case, '_deleted'>;

export function buildOutboxFile(input: {
  user: { id: string; username: string };
  cases: LocalCase[];
  attachments: ExportedAttachment[];
  now: Date;
}): OutboxFile {
  return outboxFileSchema.parse({
    format: OUTBOX_FILE_FORMAT,
    version: OUTBOX_FILE_VERSION,
    exportedAt: input.now.toISOString(),
    user: input.user,
    cases: input.cases.filter((c) => c.status === 'submitted').map((c) => ({ ...c, _deleted: false })),
    attachments: input.attachments,
  });
}

export type ParsedOutboxFile = { ok: true; file: OutboxFile } | { ok: false; reason: string };

/** Parses an uploaded file; refuses files of another user (their cases are not ours to send). */
export function parseOutboxFile(text: string, user: { id: string; username: string }): ParsedOutboxFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  const parsed = outboxFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'not_an_outbox_file' };
  if (parsed.data.user.id !== user.id) return { ok: false, reason: 'other_user' };
  return { ok: true, file: parsed.data };
}

export function outboxFileName(username: string, now: Date): string {
  return `edc-outbox-${username}-${now.toISOString().replace(/[:.]/g, '-')}.json`;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
