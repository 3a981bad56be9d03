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
 * (confirm, with an optional 1–5 satisfaction) or `reopen` a resolved case of their own
 * MID. Technicians drive no transition in v1: field work is recorded by the back office.
 */

import type { TransitionRequest } from '../schemas/api.ts';
import type { CaseEventType, CaseStatus, Role, TransitionAction } from '../schemas/common.ts';
import { backOfficeRoles, maxEscalationLevel } from '../schemas/common.ts';
import type { Case } from '../schemas/entities.ts';

/** Who asks for a transition; all of it from the access token. */
export type TransitionActor = { role: Role; username: string; mid?: string | undefined };

/** Inputs of {@link planTransition}. */
export type TransitionInput = {
  current: Case;
  action: TransitionAction;
  actor: TransitionActor;
  request: TransitionRequest;
  now: Date;
};

/** Why a legal-looking action was refused even though the state allowed the action kind. */
export type TransitionDetail =
  | 'status'
  | 'assignee_required'
  | 'rca_capa_required'
  | 'max_escalation_level'
  | 'satisfaction_out_of_range';

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
} as const satisfies Record<TransitionAction, readonly CaseStatus[]>;

const BACK_OFFICE: ReadonlySet<Role> = new Set(backOfficeRoles);
const MERCHANT_ACTIONS: ReadonlySet<TransitionAction> = new Set(['close', 'reopen']);

/** True when `actor` may attempt `action` on `current` at all (regardless of its status). */
export function mayAttempt(
  actor: TransitionActor,
  action: TransitionAction,
  current: Pick<Case, 'mid'>,
): boolean {
  if (BACK_OFFICE.has(actor.role)) return true;
  if (actor.role === 'merchant') {
    return MERCHANT_ACTIONS.has(action) && actor.mid !== undefined && actor.mid === current.mid;
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
export function planTransition({ current, action, actor, request, now }: TransitionInput): TransitionPlan {
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
        // Whoever starts work owns it unless someone was assigned already.
        { ...base, ...firstResponse, status: 'in_progress', assignee: current.assignee ?? actor.username },
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
      const rca = request.rca?.trim();
      const capa = request.capa?.trim();
      if (!rca || !capa) return illegal('rca_capa_required');
      return ok(
        { ...base, ...firstResponse, status: 'resolved', resolvedAt: at, rca, capa },
        'resolved',
        note,
      );
    }
    case 'close': {
      const byMerchant = actor.role === 'merchant';
      const patch: Partial<Case> = { ...base, status: 'closed', closedAt: at };
      if (byMerchant && request.satisfaction !== undefined) {
        const s = request.satisfaction;
        if (!Number.isInteger(s) || s < 1 || s > 5) return illegal('satisfaction_out_of_range');
        patch.satisfaction = s;
      }
      // A merchant's close is their confirmation of the resolution (seed 003 step 5).
      return ok(
        patch,
        byMerchant ? 'confirmed' : 'closed',
        note,
        patch.satisfaction === undefined ? undefined : { satisfaction: patch.satisfaction },
      );
    }
    case 'reopen':
      // The resolution is void; the next resolve stamps a new resolvedAt. RCA/CAPA stay as history.
      return ok({ ...base, status: 'open', resolvedAt: undefined }, 'reopened', note);
    case 'cancel':
      return ok({ ...base, status: 'cancelled' }, 'cancelled', note);
  }
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
