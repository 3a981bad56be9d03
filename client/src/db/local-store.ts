/**
 * Local-only data of one user (never replicated as such), in a plain Dexie database
 * `edc-local-<user>`:
 * - `drafts`: unsubmitted case forms, editable, kept until submitted or deleted;
 * - `attachments`: evidence photos as Blobs (IndexedDB stores Blobs natively — no base64
 *   inflation), from capture until the server confirms the upload (then deleted);
 * - `kv`: small sync bookkeeping (last successful sync, last error).
 * Owns: these three tables. RxDB (replicated collections) lives in database.ts.
 */
import Dexie, { type EntityTable } from 'dexie';

export type DraftRecord = {
  id: string;
  /** Serial of the device the draft is about (primary key of `devices`). */
  serialNumber: string;
  tid: string;
  mid: string;
  category: string;
  subcase: string;
  description: string;
  replacementSerial: string;
  attachmentIds: string[];
  location?: { lat: number; lng: number; accuracyM: number };
  /** When the technician started the report (kept as the case's `reportedAt`). */
  reportedAt: string;
  updatedAt: string;
};

/** `refused`: the server answered the upload with a final 4xx; kept to show, never resent. */
export type AttachmentState = 'draft' | 'pending' | 'refused';

export type AttachmentRecord = {
  id: string;
  /** Draft id while drafting, the case id once submitted (the same UUID). */
  caseId: string;
  state: AttachmentState;
  contentType: 'image/jpeg' | 'image/webp';
  bytes: number;
  blob: Blob;
  createdAt: string;
  /** Upload attempts so far; only for display/backoff, never for giving up. */
  attempts: number;
  lastError?: string;
  /** Why the server refused the upload for good (state `refused`): HTTP status and code. */
  refusal?: { status: number; code: string };
};

export type KvRecord = { key: string; value: string };

export type LocalStore = Dexie & {
  drafts: EntityTable<DraftRecord, 'id'>;
  attachments: EntityTable<AttachmentRecord, 'id'>;
  kv: EntityTable<KvRecord, 'key'>;
};

export function openLocalStore(name: string): LocalStore {
  const db = new Dexie(name) as LocalStore;
  db.version(1).stores({
    drafts: 'id, updatedAt',
    attachments: 'id, caseId, state',
    kv: 'key',
  });
  return db;
}

// ---- sync bookkeeping --------------------------------------------------------------------

/** A bookkeeping value of the user's local store (`kv`), or null. */
export async function getKv(db: { local: LocalStore }, key: string): Promise<string | null> {
  return (await db.local.kv.get(key))?.value ?? null;
}

export async function setKv(db: { local: LocalStore }, key: string, value: string): Promise<void> {
  await db.local.kv.put({ key, value });
}
