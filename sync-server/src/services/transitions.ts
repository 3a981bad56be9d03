/**
 * Case commands (DESIGN section 6) and the `case_events` push (section 5). Both apply the
 * shared status machine (`planTransition`) the same way: load the case `FOR UPDATE`
 * within the caller's scope, plan, patch (+1 serverRev), append the event — one
 * transaction.
 *
 * Security: a case outside the caller's scope is "not found" (404), never "forbidden",
 * so ids and case numbers cannot be probed for existence.
 */

import { randomUUID } from 'node:crypto';
import {
  AppError,
  type CaseEvent,
  type CaseEventSubmission,
  caseEventSubmissionSchema,
  caseEventTypeSchema,
  cleanText,
  isoDateTime,
  type PushRow,
  type TransitionRequest,
  uuidSchema,
} from '@edc/shared';
import {
  clampReportedAt,
  isNpsDue,
  MAX_REPORTED_AGE_MS,
  planTransition,
  type RecategorizeCatalogue,
} from '@edc/shared/domain';
import type { AuthContext } from '../auth-context.ts';
import {
  blockingCaseNumbers,
  getEventsByIds,
  getVisibleCase,
  insertEvents,
  type NewEventRow,
  patchCase,
  type StoredCase,
} from '../db/cases.ts';
import { loadCatalogue } from '../db/helpdesk.ts';
import { type Db, type DbClient, uniqueViolation, withTransaction } from '../db/pool.ts';
import { insertNps, lastNpsAt } from '../db/self-service.ts';
import { findUserByUsername } from '../db/users.ts';
import { escalateToNamedPerson } from './escalation.ts';
import { identifyRows } from './push-rows.ts';

const BLOCKING_INDEX = 'cases_blocking_tid_mid_key';

/** What case commands need: the database and the server clock. */
export type TransitionDeps = { db: Db; clock: () => Date };

/** Outcome of one transition inside a transaction. */
type Applied = { stored: StoredCase; event: NewEventRow };

/**
 * Plans and applies `request` on a case already locked by the caller. Throws AppError
 * `forbidden` / `illegal_transition`; a reopen that collides with another blocking case
 * (rule 2 again: the index is partial, so a reopened case re-enters it) is `conflict`.
 */
async function applyTransition(
  client: DbClient,
  auth: AuthContext,
  current: StoredCase,
  request: TransitionRequest,
  now: Date,
  eventId: string = randomUUID(),
): Promise<Applied> {
  const catalogue: RecategorizeCatalogue | undefined =
    request.action === 'recategorize' ? await loadCatalogue(client) : undefined;
  const nps = await npsIfDue(client, auth, request, now);
  const plan = planTransition({
    current: current.doc,
    action: request.action,
    actor: { role: auth.role, username: auth.username, mid: auth.mid },
    request: nps === undefined ? withoutNps(request) : request,
    now,
    catalogue,
  });
  if (!plan.ok) {
    if (plan.code === 'forbidden') throw new AppError('forbidden');
    throw new AppError('illegal_transition', undefined, { detail: plan.detail, status: current.doc.status });
  }
  await client.query('SAVEPOINT transition');
  let stored: StoredCase;
  try {
    stored = await patchCase(client, current.doc.id, plan.patch);
    await client.query('RELEASE SAVEPOINT transition');
  } catch (err) {
    if (uniqueViolation(err) !== BLOCKING_INDEX) throw err;
    await client.query('ROLLBACK TO SAVEPOINT transition');
    const blockers = await blockingCaseNumbers(
      client,
      [{ tid: current.doc.tid ?? '', mid: current.doc.mid }],
      current.doc.id,
    );
    throw new AppError('conflict', 'another case for this TID/MID is open', {
      reason: 'tid_mid_open',
      blockingCaseNumber: blockers.get(`${current.doc.tid}|${current.doc.mid}`),
    });
  }
  let data = plan.event.data ?? null;
  if (plan.event.type === 'escalated') {
    const to = await escalateToNamedPerson(
      client,
      current.doc.id,
      stored.doc.escalationLevel,
      stored.doc.responsibleUnit,
    );
    if (to) data = { ...data, escalatedTo: to };
  }
  if ((plan.event.type === 'assigned' || plan.event.type === 'started') && plan.patch.assignee) {
    // Merchants see who handles their case by name (issue 14) but cannot read users.
    const user = await findUserByUsername(client, plan.patch.assignee);
    if (user && plan.event.type === 'assigned') data = { ...data, toName: user.displayName };
    if (user && plan.event.type === 'started') {
      data = { ...data, assignee: plan.patch.assignee, assigneeName: user.displayName };
    }
  }
  const event: NewEventRow = {
    id: eventId,
    case_id: current.doc.id,
    type: plan.event.type,
    at: now.toISOString(),
    actor: auth.username,
    note: plan.event.note ?? null,
    data,
    mid: stored.doc.mid,
    region: current.region,
  };
  await insertEvents(client, [event]);
  if (nps !== undefined && event.type === 'confirmed' && auth.mid) {
    await insertNps(client, {
      id: eventId,
      mid: auth.mid,
      username: auth.username,
      caseId: current.doc.id,
      score: nps,
      at: now,
    });
  }
  return { stored, event };
}

function withoutNps(request: TransitionRequest): TransitionRequest {
  const { nps: _dropped, ...rest } = request;
  return rest;
}

/**
 * The NPS answer sent with a merchant's confirmation when one is due (none from this MID
 * in the last 90 days), else undefined: a second answer within the interval is dropped,
 * not refused, so the confirmation itself always goes through. The advisory lock makes
 * two confirmations of one MID at the same moment record at most one answer.
 */
async function npsIfDue(
  client: DbClient,
  auth: AuthContext,
  request: TransitionRequest,
  now: Date,
): Promise<number | undefined> {
  if (request.nps === undefined || request.action !== 'close' || auth.role !== 'merchant' || !auth.mid) {
    return undefined;
  }
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('nps:' || $1))`, [auth.mid]);
  return isNpsDue(await lastNpsAt(client, auth.mid), now) ? request.nps : undefined;
}

/** POST /api/cases/{id}/transition → the updated case document (JSON text). */
export async function transitionCase(
  deps: TransitionDeps,
  auth: AuthContext,
  caseId: string,
  request: TransitionRequest,
): Promise<string> {
  const now = deps.clock();
  return withTransaction(deps.db, async (client) => {
    const current = await getVisibleCase(client, auth, { id: caseId }, true);
    // Security: out of scope and missing look the same.
    if (!current) throw new AppError('not_found');
    const { stored } = await applyTransition(client, auth, current, request, now);
    return stored.json;
  });
}

/**
 * POST /api/cases/{id}/comments → the comment event. `internal` (back office only) makes it
 * an internal note, `data.internal: true`, which no merchant ever pulls (DESIGN section 9).
 */
export async function commentCase(
  deps: TransitionDeps,
  auth: AuthContext,
  caseId: string,
  note: string,
  internal = false,
): Promise<CaseEvent> {
  const now = deps.clock();
  // Security: only staff write internal notes; a merchant's "internal" note would be one
  // they cannot read back.
  if (internal && !['agent', 'supervisor', 'admin', 'technician'].includes(auth.role)) {
    throw new AppError('forbidden');
  }
  return withTransaction(deps.db, async (client) => {
    const current = await getVisibleCase(client, auth, { id: caseId });
    if (!current) throw new AppError('not_found');
    const id = randomUUID();
    const row = commentRow(id, current, auth, note, now.toISOString());
    if (internal) row.data = { internal: true };
    await insertEvents(client, [row]);
    await firstResponse(client, auth, current, now);
    const ev = (await getEventsByIds(client, [id])).get(id);
    if (!ev) throw new AppError('internal');
    return ev;
  });
}

function commentRow(id: string, c: StoredCase, auth: AuthContext, note: string, at: string): NewEventRow {
  return {
    id,
    case_id: c.doc.id,
    type: 'comment',
    at,
    actor: auth.username,
    note,
    data: null,
    mid: c.doc.mid,
    region: c.region,
  };
}

/** A back-office comment is a first response (seed 001 KPI), like assign/start. */
async function firstResponse(client: DbClient, auth: AuthContext, c: StoredCase, now: Date): Promise<void> {
  if (c.doc.firstResponseAt || !['agent', 'supervisor', 'admin'].includes(auth.role)) return;
  await client.query(
    'UPDATE cases SET first_response_at = $2, server_rev = server_rev + 1 WHERE id = $1 AND first_response_at IS NULL',
    [c.doc.id, now.toISOString()],
  );
}

/**
 * Push of `case_events`. Clients may push `comment` on cases they can see, and merchants
 * `confirmed` / `reopened` on their own resolved cases, applied as the `close` / `reopen`
 * transition (same rules as the command). The server sets `actor`, and `at` is clamped
 * to [now − 30 days, now].
 *
 * Answers (RxDB expects the master state of every row not stored as sent):
 * - stored as sent except actor/at → the stored event;
 * - an id that already exists → the stored event (idempotent re-send), or `_deleted:true`
 *   when the caller may not see its case;
 * - refused (malformed, other types, unknown or invisible case, illegal transition) → the
 *   sent document with `_deleted: true` and `data.refusedReason` (DESIGN section 9): nothing
 *   was stored, and the client's copy disappears instead of lingering as a comment nobody
 *   else sees. A refusal is per row: the events beside it are stored as usual.
 */
export async function pushCaseEvents(
  deps: TransitionDeps,
  auth: AuthContext,
  rows: readonly PushRow[],
): Promise<string[]> {
  const identified = identifyRows(rows);
  if (identified.length === 0) return [];
  const now = deps.clock();
  const earliest = new Date(now.getTime() - MAX_REPORTED_AGE_MS);
  const answers: string[] = [];
  for (const r of identified) {
    // One short transaction per event: a refused one never rolls back another.
    const answer = await withTransaction(deps.db, async (client) => {
      const existing = (await getEventsByIds(client, [r.id])).get(r.id);
      if (existing) {
        const visible = await getVisibleCase(client, auth, { id: existing.caseId });
        // Security: an internal note is never handed to a merchant, even by its id.
        const hidden = auth.role === 'merchant' && existing.data?.internal === true;
        return JSON.stringify(
          visible && !hidden ? existing : refused(r.row.newDocumentState, r.id, 'not_found'),
        );
      }
      const parsed = caseEventSubmissionSchema.safeParse({ ...r.row.newDocumentState, id: r.id });
      if (!parsed.success) return JSON.stringify(refused(r.row.newDocumentState, r.id, 'invalid'));
      const ev: CaseEventSubmission = parsed.data;
      const at = clampReportedAt(new Date(ev.at), now, earliest).toISOString();
      const current = await getVisibleCase(client, auth, { id: ev.caseId }, ev.type !== 'comment');
      if (!current) return JSON.stringify(refused(r.row.newDocumentState, r.id, 'not_found'));
      if (ev.type === 'comment') {
        await insertEvents(client, [commentRow(r.id, current, auth, ev.note ?? '', at)]);
      } else {
        if (auth.role !== 'merchant')
          return JSON.stringify(refused(r.row.newDocumentState, r.id, 'forbidden'));
        const action = ev.type === 'confirmed' ? 'close' : 'reopen';
        const satisfaction = typeof ev.data?.satisfaction === 'number' ? ev.data.satisfaction : undefined;
        const nps = typeof ev.data?.nps === 'number' ? ev.data.nps : undefined;
        const request: TransitionRequest = { action, note: ev.note, satisfaction };
        if (nps !== undefined) request.nps = nps;
        try {
          await applyTransition(client, auth, current, request, now, r.id);
        } catch (err) {
          if (err instanceof AppError) return JSON.stringify(refused(r.row.newDocumentState, r.id, err.code));
          throw err;
        }
      }
      const stored = (await getEventsByIds(client, [r.id])).get(r.id);
      return JSON.stringify(stored ?? refused(r.row.newDocumentState, r.id, 'not_found'));
    });
    answers.push(answer);
  }
  return answers;
}

/**
 * The sent event marked deleted: "not stored", with why, in a shape the client's schema
 * accepts. Nothing of the sent document is echoed unchecked: the note is cleaned and cut,
 * and a field that is not what the schema wants is replaced.
 */
function refused(sent: Record<string, unknown>, id: string, reason: string): Record<string, unknown> {
  return {
    id,
    caseId: uuidSchema.safeParse(sent.caseId).data ?? id,
    type: caseEventTypeSchema.safeParse(sent.type).data ?? 'comment',
    at: isoDateTime.safeParse(sent.at).data ?? new Date(0).toISOString(),
    actor: '',
    ...(typeof sent.note === 'string' ? { note: cleanText(sent.note.slice(0, 4000)) } : {}),
    data: { refusedReason: reason },
    _deleted: true,
  };
}
