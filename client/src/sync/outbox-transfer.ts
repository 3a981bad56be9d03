/** Export/import of the outbox through a file (see outbox-file.ts for the format). */
import {
  type EdcDb,
  getAttachment,
  importPendingCases,
  listPendingCases,
  putAttachment,
} from '../db/index.ts';
import {
  base64ToBytes,
  buildOutboxFile,
  bytesToBase64,
  type ExportedAttachment,
  outboxFileName,
  parseOutboxFile,
} from './outbox-file.ts';

export async function exportOutbox(
  db: EdcDb,
  user: { id: string; username: string },
  now = new Date(),
): Promise<{ name: string; blob: Blob; count: number }> {
  const cases = await listPendingCases(db);
  const attachments: ExportedAttachment[] = [];
  for (const c of cases) {
    for (const id of c.attachmentIds) {
      const record = await getAttachment(db, id);
      if (!record) continue;
      const bytes = new Uint8Array(await record.blob.arrayBuffer());
      attachments.push({ id, caseId: c.id, contentType: record.contentType, base64: bytesToBase64(bytes) });
    }
  }
  const file = buildOutboxFile({ user, cases, attachments, now });
  const blob = new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' });
  return { name: outboxFileName(user.username, now), blob, count: file.cases.length };
}

export type ImportResult = { ok: true; imported: number } | { ok: false; reason: string };

export async function importOutbox(
  db: EdcDb,
  user: { id: string; username: string },
  text: string,
): Promise<ImportResult> {
  const parsed = parseOutboxFile(text, user);
  if (!parsed.ok) return parsed;
  for (const a of parsed.file.attachments) {
    if (await getAttachment(db, a.id)) continue;
    const bytes = base64ToBytes(a.base64);
    await putAttachment(db, {
      id: a.id,
      caseId: a.caseId,
      state: 'pending',
      contentType: a.contentType,
      bytes: bytes.length,
      blob: new Blob([bytes], { type: a.contentType }),
      createdAt: parsed.file.exportedAt,
      attempts: 0,
    });
  }
  const imported = await importPendingCases(
    db,
    parsed.file.cases.map(({ _deleted, ...c }) => c),
  );
  return { ok: true, imported };
}
