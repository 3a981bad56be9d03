/**
 * Owns `attachments`: photo bytes keyed by a device-made UUID. Authorization is the
 * caller's business (through the case); this module only stores and reads.
 */
import type { Queryable } from './pool.ts';

export type AttachmentMeta = {
  id: string;
  caseId: string;
  bytes: number;
  contentType: string;
  createdBy: string;
};

export async function getAttachmentMeta(q: Queryable, id: string): Promise<AttachmentMeta | undefined> {
  const { rows } = await q.query<AttachmentMeta>(
    `SELECT id, case_id AS "caseId", size AS bytes, content_type AS "contentType", created_by AS "createdBy"
       FROM attachments WHERE id = $1`,
    [id],
  );
  return rows[0];
}

export async function getAttachmentBytes(q: Queryable, id: string): Promise<Buffer | undefined> {
  const { rows } = await q.query<{ bytes: Buffer }>('SELECT bytes FROM attachments WHERE id = $1', [id]);
  return rows[0]?.bytes;
}

/** Inserts unless the id exists; returns true when this call stored it. */
export async function insertAttachment(
  q: Queryable,
  a: { id: string; caseId: string; contentType: string; bytes: Uint8Array; createdBy: string },
): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO attachments (id, case_id, content_type, bytes, size, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [a.id, a.caseId, a.contentType, Buffer.from(a.bytes), a.bytes.byteLength, a.createdBy],
  );
  return (rowCount ?? 0) > 0;
}

/** True when a case with this id exists at all (scope checked separately). */
export async function caseExists(q: Queryable, caseId: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM cases WHERE id = $1', [caseId]);
  return rows.length > 0;
}
