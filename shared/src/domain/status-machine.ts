/**
 * Case status machine (DESIGN section 3) and who may drive it (section 6). Pure: the
 * server loads the case, calls {@link planTransition}, then writes the patch and the event
 * in one transaction; the desk UI calls it to grey out buttons.
 *
 *   open ──start──▶ in_progress ──resolve──▶ resolved ──close──▶ closed
 *     ▲                                        │
 *     └─────────────────reopen─────────────────┘
 *   open | in_progress ──cancel──▶ cancelled
 *   open | in_progress: assign (sets assignee), escalate (level + 1, at most 3)
 *
 * Roles: agent, supervisor and admin may do everything. A merchant may only `close`
 * (confirm, with an optional 1–5 satisfaction and 0–10 NPS) or `reopen` a resolved case of
 * their own MID; a merchant's reopen raises the escalation level by one. A technician may
 * `start` and `resolve` a case assigned to them (DESIGN section 9, on-site work: pushed as
 * `started` / `resolved` events); their resolve may leave RCA and CAPA for the desk to
 * complete.
 */

import type { TransitionRequest } from '../schemas/api.ts';
import type { CaseEventType, CaseStatus, Role, TransitionAction } from '../schemas/common.ts';
import { backOfficeRoles, maxEscalationLevel } from '../schemas/common.ts';
import type { Case, SlaRule } from '../schemas/entities.ts';
import { type BusinessCalendars, computeSlaDates } from './sla.ts';
import { findSlaRule, SLA_TARGETS_BY_PRIORITY } from './sla-catalogue.ts';

/** Who asks for a transition; all of it from the access token. */
export type TransitionActor = { role: Role; username: string; mid?: string | undefined };

/** Inputs of {@link planTransition}. */
export type TransitionInput = {
  current: Case;
  action: TransitionAction;
  actor: TransitionActor;
  request: TransitionRequest;
  now: Date;
  /**
   * The SLA catalogue, holidays and business-hours calendars, needed by `recategorize`
   * only (its deadlines are recomputed from `acceptedAt` with the current catalogue).
   */
  catalogue?: RecategorizeCatalogue | undefined;
};

/** What `recategorize` reads: the rules as stored, holidays, optional calendars. */
export type RecategorizeCatalogue = {
  rules: readonly Omit<SlaRule, 'updatedAt' | '_deleted'>[];
  holidays: ReadonlySet<string>;
  calendars?: BusinessCalendars | undefined;
};

/**
 * Actions whose note is internal unless the request says `internal: false` (DESIGN
 * section 9): escalation reasons, resolution details and hand-over remarks are for the
 * back office; the merchant sees the status change, not the note.
 */
export const INTERNAL_NOTE_ACTIONS: ReadonlySet<TransitionAction> = new Set([
  'assign',
  'escalate',
  'resolve',
]);

/** Why a legal-looking action was refused even though the state allowed the action kind. */
export type TransitionDetail =
  | 'status'
  | 'assignee_required'
  | 'rca_capa_required'
  | 'max_escalation_level'
  | 'satisfaction_out_of_range'
  | 'category_required'
  | 'not_accepted'
  | 'unchanged'
  | 'nps_out_of_range';

/**
 * Planned change: `patch` to merge into the case (a key present with value `undefined`
 * means "clear this field", used by reopen for `resolvedAt`) and the event to append.
 * Refusals: `forbidden` (HTTP 403) or `illegal_transition` (HTTP 409) with a `detail`.
 */
export type TransitionPlan =
  | {
      ok: true;
      patch: Partial<Case>;
      event: { type: CaseEventType; note?: string; data?: Record<string, unknown> };
    }
  | { ok: false; code: 'forbidden' }
  | { ok: false; code: 'illegal_transition'; detail: TransitionDetail };

/** Statuses each action may start from. */
export const TRANSITION_SOURCES = {
  assign: ['open', 'in_progress'],
  start: ['open'],
  escalate: ['open', 'in_progress'],
  resolve: ['in_progress'],
  close: ['resolved'],
  reopen: ['resolved'],
  cancel: ['open', 'in_progress'],
  recategorize: ['open', 'in_progress'],
} as const satisfies Record<TransitionAction, readonly CaseStatus[]>;

const BACK_OFFICE: ReadonlySet<Role> = new Set(backOfficeRoles);
const MERCHANT_ACTIONS: ReadonlySet<TransitionAction> = new Set(['close', 'reopen']);
const TECHNICIAN_ACTIONS: ReadonlySet<TransitionAction> = new Set(['start', 'resolve']);

/** True when `actor` may attempt `action` on `current` at all (regardless of its status). */
export function mayAttempt(
  actor: TransitionActor,
  action: TransitionAction,
  current: Pick<Case, 'mid' | 'assignee'>,
): boolean {
  if (BACK_OFFICE.has(actor.role)) return true;
  if (actor.role === 'merchant') {
    return MERCHANT_ACTIONS.has(action) && actor.mid !== undefined && actor.mid === current.mid;
  }
  if (actor.role === 'technician') {
    return (
      TECHNICIAN_ACTIONS.has(action) && current.assignee !== undefined && current.assignee === actor.username
    );
  }
  return false;
}

/**
 * Plan `action` on `current` for `actor` at `now`, or refuse it.
 *
 * Security: authorization is checked before legality. Answering "illegal transition" to a
 * caller who may not touch the case would tell them its status (and that it exists); a
 * forbidden caller learns nothing beyond "no".
 */
export function planTransition(input: TransitionInput): TransitionPlan {
  const plan = planAction(input);
  if (!plan.ok || plan.event.note === undefined) return plan;
  // A merchant never writes an internal note; for the back office the action's default applies.
  const internal =
    input.actor.role !== 'merchant' && (input.request.internal ?? INTERNAL_NOTE_ACTIONS.has(input.action));
  if (internal) plan.event.data = { ...plan.event.data, internal: true };
  return plan;
}

function planAction({ current, action, actor, request, now, catalogue }: TransitionInput): TransitionPlan {
  if (!mayAttempt(actor, action, current)) return { ok: false, code: 'forbidden' };

  const sources: readonly CaseStatus[] = TRANSITION_SOURCES[action];
  if (!sources.includes(current.status)) return illegal('status');

  const at = now.toISOString();
  const note = request.note?.trim() ? request.note : undefined;
  // The first back-office touch starts the first-response KPI (seed 001); later ones don't move it.
  const firstResponse: Partial<Case> = current.firstResponseAt === undefined ? { firstResponseAt: at } : {};
  const base: Partial<Case> = { updatedAt: at };

  switch (action) {
    case 'assign': {
      const assignee = request.assignee?.trim();
      if (!assignee) return illegal('assignee_required');
      return ok({ ...base, ...firstResponse, assignee }, 'assigned', note, {
        from: current.assignee ?? null,
        to: assignee,
      });
    }
    case 'start':
      return ok(
        // Whoever starts work owns it unless someone was assigned already. A technician's
        // start is field work, not the back office's first response (seed 001 KPI).
        {
          ...base,
          ...(actor.role === 'technician' ? {} : firstResponse),
          status: 'in_progress',
          assignee: current.assignee ?? actor.username,
        },
        'started',
        note,
      );
    case 'escalate': {
      if (current.escalationLevel >= maxEscalationLevel) return illegal('max_escalation_level');
      const to = current.escalationLevel + 1;
      return ok({ ...base, ...firstResponse, escalationLevel: to }, 'escalated', note, {
        from: current.escalationLevel,
        to,
      });
    }
    case 'resolve': {
      // Seed 003 section 7: every resolved complaint carries a root-cause analysis and a CAPA.
      // A technician's on-site resolve may leave both to the desk (DESIGN section 9).
      const rca = request.rca?.trim();
      const capa = request.capa?.trim();
      const byTechnician = actor.role === 'technician';
      if (!byTechnician && (!rca || !capa)) return illegal('rca_capa_required');
      const patch: Partial<Case> = { ...base, status: 'resolved', resolvedAt: at };
      if (!byTechnician) Object.assign(patch, firstResponse);
      if (rca) patch.rca = rca;
      if (capa) patch.capa = capa;
      return ok(patch, 'resolved', note);
    }
    case 'close': {
      const byMerchant = actor.role === 'merchant';
      const patch: Partial<Case> = { ...base, status: 'closed', closedAt: at };
      const data: Record<string, unknown> = {};
      if (byMerchant && request.satisfaction !== undefined) {
        const s = request.satisfaction;
        if (!Number.isInteger(s) || s < 1 || s > 5) return illegal('satisfaction_out_of_range');
        patch.satisfaction = s;
        data.satisfaction = s;
      }
      // NPS rides along with a confirmation; the caller decides whether it is due (90 days).
      if (byMerchant && request.nps !== undefined) {
        if (!Number.isInteger(request.nps) || request.nps < 0 || request.nps > 10) {
          return illegal('nps_out_of_range');
        }
        data.nps = request.nps;
      }
      // A merchant's close is their confirmation of the resolution (seed 003 step 5).
      return ok(
        patch,
        byMerchant ? 'confirmed' : 'closed',
        note,
        Object.keys(data).length === 0 ? undefined : data,
      );
    }
    case 'reopen': {
      // The resolution is void; the next resolve stamps a new resolvedAt. RCA/CAPA stay as history.
      if (actor.role !== 'merchant') {
        return ok({ ...base, status: 'open', resolvedAt: undefined }, 'reopened', note);
      }
      // DESIGN section 9: a merchant who says "not fixed" raises the escalation level by one
      // (capped at the top of the ladder), so a second attempt is watched one level higher.
      const to = Math.min(current.escalationLevel + 1, maxEscalationLevel);
      return ok({ ...base, status: 'open', resolvedAt: undefined, escalationLevel: to }, 'reopened', note, {
        escalationFrom: current.escalationLevel,
        escalationTo: to,
      });
    }
    case 'cancel':
      return ok({ ...base, status: 'cancelled' }, 'cancelled', note);
    case 'recategorize':
      return planRecategorize(current, request, catalogue, base, note);
  }
}

/** The SLA-relevant fields `recategorize` changes, as recorded in the event's from/to. */
const ROUTING_FIELDS = [
  'category',
  'subcase',
  'priority',
  'caseType',
  'responsibleUnit',
  'responseDueAt',
  'dueAt',
] as const satisfies readonly (keyof Case)[];

/**
 * Re-categorise / re-prioritise / re-route (DESIGN section 9): the catalogue rule of the new
 * (category, subcase) gives unit, case type and priority; an explicit `priority` overrides the
 * rule's priority and its targets (seed 003 section 5 per class); both deadlines are
 * recomputed from `acceptedAt`, so the time already spent counts. The escalation level and
 * the first response stay: they are history, not routing.
 */
function planRecategorize(
  current: Case,
  request: TransitionRequest,
  catalogue: RecategorizeCatalogue | undefined,
  base: Partial<Case>,
  note: string | undefined,
): TransitionPlan {
  // Re-route only (issue 15, bulk "change team"): a request with a unit and no category
  // keeps the case's category, subcase and priority and moves it to that team.
  const rerouteOnly = request.category === undefined && request.responsibleUnit !== undefined;
  const category = rerouteOnly ? current.category : request.category;
  if (!category) return illegal('category_required');
  if (!current.acceptedAt || !catalogue) return illegal('not_accepted');
  const subcase = rerouteOnly ? current.subcase : request.subcase;
  const requested = rerouteOnly ? current.priority : request.priority;
  const found = findSlaRule(catalogue.rules, category, subcase, requested);
  const priority = requested ?? found.priority;
  const targets =
    priority === found.priority
      ? { responseMinutes: found.responseMinutes, businessDays: found.businessDays, hours: found.hours }
      : SLA_TARGETS_BY_PRIORITY[priority];
  const dates = computeSlaDates({
    acceptedAt: new Date(current.acceptedAt),
    rule: targets,
    holidays: catalogue.holidays,
    priority,
    calendars: catalogue.calendars,
  });
  const next: Pick<Case, (typeof ROUTING_FIELDS)[number]> = {
    category,
    subcase,
    priority,
    caseType: found.caseType,
    // The server checks an explicit unit is a team (a catalogue unit) before planning.
    responsibleUnit: request.responsibleUnit ?? found.responsibleUnit,
    responseDueAt: dates.responseDueAt.toISOString(),
    dueAt: dates.dueAt.toISOString(),
  };
  const from: Record<string, unknown> = {};
  const to: Record<string, unknown> = {};
  for (const key of ROUTING_FIELDS) {
    from[key] = current[key] ?? null;
    to[key] = next[key] ?? null;
  }
  if (ROUTING_FIELDS.every((k) => from[k] === to[k])) return illegal('unchanged');
  return ok({ ...base, ...next }, 'recategorized', note, { from, to });
}

function illegal(detail: TransitionDetail): TransitionPlan {
  return { ok: false, code: 'illegal_transition', detail };
}

function ok(
  patch: Partial<Case>,
  type: CaseEventType,
  note: string | undefined,
  data?: Record<string, unknown>,
): TransitionPlan {
  const event: { type: CaseEventType; note?: string; data?: Record<string, unknown> } = { type };
  if (note !== undefined) event.note = note;
  if (data !== undefined) event.data = data;
  return { ok: true, patch, event };
}
