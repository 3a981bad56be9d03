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
  type OnSiteEventData,
  onSiteEventDataSchema,
  type PushRow,
  type RefusedReason,
  refusedReasons,
  type TransitionRequest,
  uuidSchema,
} from '@edc/shared';
import {
  clampReportedAt,
  isNpsDue,
  MAX_REPORTED_AGE_MS,
  planReplacement,
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
import {
  addFormerAssignee,
  findAssignee,
  lockDeviceBySerial,
  restampForNewAssignee,
  swapDevices,
} from '../db/dispatch.ts';
import { loadCatalogue } from '../db/helpdesk.ts';
import { caseFollowers, escalationRecipients, merchantUsernames } from '../db/notifications.ts';
import { type Db, type DbClient, uniqueViolation, withTransaction } from '../db/pool.ts';
import { insertNps, lastNpsAt } from '../db/self-service.ts';
import { findUserByUsername } from '../db/users.ts';
import { escalateToNamedPerson } from './escalation.ts';
import { creatorRecipient, draftsFor, type NotificationDraft, notify } from './notifications.ts';
import { identifyRows } from './push-rows.ts';

const BLOCKING_INDEX = 'cases_blocking_tid_mid_key';

/** What case commands need: the database and the server clock. */
export type TransitionDeps = { db: Db; clock: () => Date };

/** Outcome of one transition inside a transaction. */
type Applied = { stored: StoredCase; event: NewEventRow };

/** What an on-site event adds to a transition (DESIGN section 9). */
type OnSite = {
  /** When it happened on the phone (clamped); the event's `at` and a resolve's `resolvedAt`. */
  at?: string;
  /** Replacement serial recorded with a technician's resolve. */
  replacementSerial?: string;
  /** Evidence kept in the event's `data` (photos, signature, signer, location). */
  data?: Record<string, unknown>;
};

/**
 * Plans and applies `request` on a case already locked by the caller. Throws AppError
 * `forbidden` / `illegal_transition`; a reopen that collides with another blocking case
 * (rule 2 again: the index is partial, so a reopened case re-enters it) is `conflict`;
 * `assign` to someone who may not hold a case is `invalid_assignee`; resolving a
 * replacement whose unit is not in the warehouse is `replacement_not_available`.
 * Dispatch, the device master and notifications are written in the same transaction.
 */
async function applyTransition(
  client: DbClient,
  auth: AuthContext,
  current: StoredCase,
  request: TransitionRequest,
  now: Date,
  eventId: string = randomUUID(),
  onSite: OnSite = {},
): Promise<Applied> {
  const catalogue: RecategorizeCatalogue | undefined =
    request.action === 'recategorize' ? await loadCatalogue(client) : undefined;
  // Teams are the catalogue's units (issue 15): a re-route elsewhere would reach no queue.
  const team = request.action === 'recategorize' ? request.responsibleUnit : undefined;
  if (team !== undefined && !catalogue?.rules.some((r) => r.responsibleUnit === team)) {
    throw new AppError('invalid_team', undefined, { team });
  }
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
    // DESIGN section 9: an assign without a usable name is "anything else" → 422.
    if (plan.detail === 'assignee_required') {
      throw new AppError('invalid_assignee', undefined, { assignee: request.assignee ?? '' });
    }
    throw new AppError('illegal_transition', undefined, { detail: plan.detail, status: current.doc.status });
  }
  const patch = { ...plan.patch };
  const eventData: Record<string, unknown> = { ...(plan.event.data ?? {}), ...(onSite.data ?? {}) };

  // Dispatch (DESIGN section 9): only an active technician, agent or supervisor.
  let assignee: Awaited<ReturnType<typeof findAssignee>>;
  if (request.action === 'assign') {
    assignee = await findAssignee(client, request.assignee?.trim() ?? '');
    if (!assignee) throw new AppError('invalid_assignee', undefined, { assignee: request.assignee ?? '' });
    patch.assignee = assignee.username;
    eventData.to = assignee.username;
  }

  // Replacement (DESIGN section 9): decided before anything is written.
  let swap: Extract<ReturnType<typeof planReplacement>, { kind: 'swap' }> | undefined;
  if (request.action === 'resolve') {
    if (onSite.at) patch.resolvedAt = onSite.at;
    const replacementSerial = onSite.replacementSerial ?? current.doc.replacementSerial;
    if (onSite.replacementSerial && current.doc.category === 'replace_device') {
      patch.replacementSerial = onSite.replacementSerial;
    }
    if (current.doc.category === 'replace_device' && replacementSerial) {
      const device = await lockDeviceBySerial(client, replacementSerial);
      const replacement = planReplacement({
        current: { ...current.doc, replacementSerial },
        replacement: device,
        region: current.region ?? undefined,
      });
      if (replacement.kind === 'refused') {
        throw new AppError('replacement_not_available', undefined, { replacementSerial });
      }
      if (replacement.kind === 'swap') swap = replacement;
    }
  }

  await client.query('SAVEPOINT transition');
  let stored: StoredCase;
  try {
    stored = await patchCase(client, current.doc.id, patch);
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
  if (swap) await swapDevices(client, swap.replaced, swap.replacement, now);
  if (assignee) {
    const previous = current.doc.assignee;
    if (previous && previous !== assignee.username) await addFormerAssignee(client, current.doc.id, previous);
    if (assignee.role === 'technician' && previous !== assignee.username) {
      await restampForNewAssignee(client, current.doc.id, current.doc.mid);
    }
  }
  let data: Record<string, unknown> | null = Object.keys(eventData).length ? eventData : null;
  let escalatedTo: string | undefined;
  if (plan.event.type === 'escalated') {
    escalatedTo = await escalateToNamedPerson(
      client,
      current.doc.id,
      stored.doc.escalationLevel,
      stored.doc.responsibleUnit,
    );
    if (escalatedTo) data = { ...data, escalatedTo };
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
    at: onSite.at ?? now.toISOString(),
    actor: auth.username,
    note: plan.event.note ?? null,
    data,
    mid: stored.doc.mid,
    region: current.region,
  };
  await insertEvents(client, [event]);
  await notify(
    client,
    await transitionNotices(
      client,
      auth,
      stored,
      plan.event.type,
      { assignee, escalatedTo, noteInternal: data?.internal === true },
      request,
    ),
    now,
  );
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

/** Who hears about a transition (services/notifications.ts lists the rules). */
async function transitionNotices(
  client: DbClient,
  auth: AuthContext,
  stored: StoredCase,
  type: CaseEvent['type'],
  who: {
    assignee: Awaited<ReturnType<typeof findAssignee>>;
    escalatedTo: string | undefined;
    noteInternal: boolean;
  },
  request: TransitionRequest,
): Promise<NotificationDraft[]> {
  const c = stored.doc;
  const params = { caseNumber: c.caseNumber, actor: auth.username, note: request.note };
  // An internal note (DESIGN section 9) never travels in a notification to a merchant.
  const publicNote = who.noteInternal ? undefined : request.note;
  const drafts: NotificationDraft[] = [];
  const { assignee } = who;
  if (type === 'assigned' && assignee) {
    drafts.push({
      type: 'case_assigned',
      caseId: c.id,
      params,
      recipient: assignee.username,
      recipientRole: assignee.role,
    });
    // The merchant hears that a technician is coming, by name (merchants cannot read users).
    if (assignee.role === 'technician') {
      const merchants = (await merchantUsernames(client, c.mid)).map((u) => ({
        username: u,
        role: 'merchant' as const,
      }));
      drafts.push(
        ...draftsFor(merchants, 'case_assigned', c.id, {
          caseNumber: c.caseNumber,
          assigneeName: assignee.displayName,
        }),
      );
    }
  } else if (type === 'escalated') {
    const recipients = await escalationRecipients(client, c.id, who.escalatedTo);
    drafts.push(...draftsFor(recipients, 'escalated', c.id, { ...params, level: c.escalationLevel }));
  } else if (type === 'reopened' && auth.role === 'merchant') {
    // The desk of the case (and its technician) hears at once; the reopen raised its level.
    const followers = await caseFollowers(client, c.id);
    drafts.push(
      ...draftsFor(followers, 'escalated', c.id, { ...params, level: c.escalationLevel, cause: 'reopened' }),
    );
  } else if (type === 'resolved') {
    for (const u of await merchantUsernames(client, c.mid)) {
      drafts.push({
        type: 'case_resolved',
        caseId: c.id,
        params: { ...params, note: publicNote },
        recipient: u,
        recipientRole: 'merchant',
      });
    }
  }
  return drafts.filter((d) => d.recipient.toLowerCase() !== auth.username.toLowerCase());
}

/**
 * Who hears about a comment. From the desk: the creator (field or merchant), the assigned
 * technician and, unless internal, the merchant users of the MID ("message from the
 * desk"). From a merchant: the case's followers (its desk and its technician). A
 * technician's own comment notifies nobody (the desk reads the timeline).
 */
async function commentNotices(
  client: DbClient,
  auth: AuthContext,
  c: StoredCase,
  note: string,
  internal = false,
): Promise<NotificationDraft[]> {
  const params = { caseNumber: c.doc.caseNumber, actor: auth.username, note };
  const drafts: NotificationDraft[] = [];
  if (auth.role === 'merchant') {
    drafts.push(...draftsFor(await caseFollowers(client, c.doc.id), 'comment', c.doc.id, params));
  } else if (BACK_OFFICE_ROLES.has(auth.role)) {
    const creator = creatorRecipient(c.doc);
    // Security: an internal note never reaches a merchant, not even as a notification.
    if (creator && !(internal && creator.recipientRole === 'merchant'))
      drafts.push({ ...creator, type: 'comment', caseId: c.doc.id, params });
    if (c.doc.assignee) {
      const a = await findAssignee(client, c.doc.assignee);
      if (a?.role === 'technician') {
        drafts.push({
          recipient: a.username,
          recipientRole: 'technician',
          type: 'comment',
          caseId: c.doc.id,
          params,
        });
      }
    }
    if (!internal) {
      for (const u of await merchantUsernames(client, c.doc.mid)) {
        drafts.push({ recipient: u, recipientRole: 'merchant', type: 'comment', caseId: c.doc.id, params });
      }
    }
  }
  return drafts.filter((d) => d.recipient.toLowerCase() !== auth.username.toLowerCase());
}

const BACK_OFFICE_ROLES: ReadonlySet<string> = new Set(['agent', 'supervisor', 'admin']);

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
 * Bulk "close duplicates" (issue 15): cancels `caseId` as a duplicate of `survivor`, with a
 * public note naming the surviving case (the merchant learns where their complaint went) and
 * `data.duplicateOf` / `data.duplicateOfNumber` on the `cancelled` event. Same status machine
 * and scope as any cancel.
 */
export async function cancelAsDuplicate(
  deps: TransitionDeps,
  auth: AuthContext,
  caseId: string,
  survivor: { id: string; caseNumber: string },
  note: string,
): Promise<string> {
  const now = deps.clock();
  return withTransaction(deps.db, async (client) => {
    const current = await getVisibleCase(client, auth, { id: caseId }, true);
    if (!current) throw new AppError('not_found');
    const { stored } = await applyTransition(
      client,
      auth,
      current,
      { action: 'cancel', note, internal: false },
      now,
      randomUUID(),
      { data: { duplicateOf: survivor.id, duplicateOfNumber: survivor.caseNumber } },
    );
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
    await notify(client, await commentNotices(client, auth, current, note, internal), now);
    const ev = (await getEventsByIds(client, [id])).get(id);
    if (!ev) throw new AppError('internal');
    return ev;
  });
}

function commentRow(
  id: string,
  c: StoredCase,
  auth: AuthContext,
  note: string,
  at: string,
  data: Record<string, unknown> | null = null,
): NewEventRow {
  return {
    id,
    case_id: c.doc.id,
    type: 'comment',
    at,
    actor: auth.username,
    note,
    data,
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
 * Push of `case_events`. Clients may push `comment` on cases they can see (with
 * `data.attachmentIds` for more photos), merchants `confirmed` / `reopened` on their own
 * resolved cases, applied as the `close` / `reopen` transition, and the assigned
 * technician `arrived` (`data.location?`), `started` and `resolved` (`note` = what was
 * done, `data.replacementSerial?`, photos, signature) — `started` / `resolved` applied as
 * the `start` / `resolve` transition, with the same rules as the desk (DESIGN section 9).
 * The server sets `actor`, and `at` is clamped to [now − 30 days, now].
 *
 * Answers (RxDB expects the master state of every row not stored as sent):
 * - stored as sent except actor/at → the stored event;
 * - an id that already exists → the stored event (idempotent re-send), or `_deleted:true`
 *   when the caller may not see its case;
 * - refused (malformed, other types, unknown or invisible case, not the assignee, illegal
 *   transition, replacement not available) → the sent document with `_deleted: true` and
 *   `data.refusedReason`: nothing was stored, and the phone shows the refusal on the case.
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
    const sent = r.row.newDocumentState;
    // One short transaction per event: a refused one never rolls back another.
    const answer = await withTransaction(deps.db, async (client) => {
      const existing = (await getEventsByIds(client, [r.id])).get(r.id);
      if (existing) {
        const visible = await getVisibleCase(client, auth, { id: existing.caseId });
        // Security: an internal note is never handed to a merchant, even by its id.
        const hidden = auth.role === 'merchant' && existing.data?.internal === true;
        return JSON.stringify(visible && !hidden ? existing : refused(sent, r.id, 'not_found'));
      }
      const parsed = caseEventSubmissionSchema.safeParse({ ...sent, id: r.id });
      if (!parsed.success) return JSON.stringify(refused(sent, r.id, 'invalid'));
      const ev: CaseEventSubmission = parsed.data;
      const data = onSiteEventDataSchema.safeParse(ev.data ?? {});
      if (!data.success) return JSON.stringify(refused(sent, r.id, 'invalid'));
      const at = clampReportedAt(new Date(ev.at), now, earliest).toISOString();
      const current = await getVisibleCase(client, auth, { id: ev.caseId }, ev.type !== 'comment');
      if (!current) return JSON.stringify(refused(sent, r.id, 'not_found'));
      try {
        await applyPushedEvent(client, auth, current, ev, data.data, at, now, r.id);
      } catch (err) {
        if (err instanceof AppError) return JSON.stringify(refused(sent, r.id, refusedReason(err)));
        throw err;
      }
      const stored = (await getEventsByIds(client, [r.id])).get(r.id);
      return JSON.stringify(stored ?? refused(sent, r.id, 'not_found'));
    });
    answers.push(answer);
  }
  return answers;
}

/** Stores one validated pushed event, or throws the AppError that refuses it. */
async function applyPushedEvent(
  client: DbClient,
  auth: AuthContext,
  current: StoredCase,
  ev: CaseEventSubmission,
  data: OnSiteEventData,
  at: string,
  now: Date,
  id: string,
): Promise<void> {
  switch (ev.type) {
    case 'comment': {
      const extra = data.attachmentIds?.length ? { attachmentIds: data.attachmentIds } : null;
      await insertEvents(client, [commentRow(id, current, auth, ev.note ?? '', at, extra)]);
      await notify(client, await commentNotices(client, auth, current, ev.note ?? ''), now);
      return;
    }
    case 'confirmed':
    case 'reopened': {
      if (auth.role !== 'merchant') throw new AppError('forbidden');
      const action = ev.type === 'confirmed' ? 'close' : 'reopen';
      const satisfaction = typeof ev.data?.satisfaction === 'number' ? ev.data.satisfaction : undefined;
      const nps = typeof ev.data?.nps === 'number' ? ev.data.nps : undefined;
      const request: TransitionRequest = { action, note: ev.note, satisfaction };
      if (nps !== undefined) request.nps = nps;
      await applyTransition(client, auth, current, request, now, id);
      return;
    }
    case 'arrived':
    case 'started':
    case 'resolved': {
      // On-site work is the assigned technician's alone (DESIGN section 9).
      if (auth.role !== 'technician' || current.doc.assignee !== auth.username)
        throw new AppError('forbidden');
      const evidence: Record<string, unknown> = {};
      if (data.location) evidence.location = data.location;
      if (data.attachmentIds?.length) evidence.attachmentIds = data.attachmentIds;
      if (ev.type === 'arrived') {
        if (current.doc.status !== 'open' && current.doc.status !== 'in_progress') {
          throw new AppError('illegal_transition', undefined, { status: current.doc.status });
        }
        await insertEvents(client, [
          {
            id,
            case_id: current.doc.id,
            type: 'arrived',
            at,
            actor: auth.username,
            note: ev.note?.trim() ? ev.note : null,
            data: Object.keys(evidence).length ? evidence : null,
            mid: current.doc.mid,
            region: current.region,
          },
        ]);
        return;
      }
      if (ev.type === 'resolved') {
        if (data.replacementSerial) evidence.replacementSerial = data.replacementSerial;
        if (data.signatureAttachmentId) evidence.signatureAttachmentId = data.signatureAttachmentId;
        if (data.signerName) evidence.signerName = data.signerName;
      }
      const action = ev.type === 'started' ? 'start' : 'resolve';
      await applyTransition(client, auth, current, { action, note: ev.note }, now, id, {
        at,
        data: evidence,
        ...(ev.type === 'resolved' && data.replacementSerial
          ? { replacementSerial: data.replacementSerial }
          : {}),
      });
      return;
    }
  }
}

const REFUSED: ReadonlySet<string> = new Set(refusedReasons);
const isRefusedReason = (code: string): code is RefusedReason => REFUSED.has(code);

/** The refusal code of an AppError thrown while applying a pushed event. */
function refusedReason(err: AppError): RefusedReason {
  return isRefusedReason(err.code) ? err.code : 'invalid';
}

/**
 * The sent event marked deleted: "not stored", with why (DESIGN section 9), in a shape the
 * client's schema accepts. Nothing of the sent document is echoed unchecked: the note is
 * cleaned and cut, and a field that is not what the schema wants is replaced.
 */
function refused(sent: Record<string, unknown>, id: string, reason: RefusedReason): Record<string, unknown> {
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
