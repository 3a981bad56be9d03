/**
 * "What happens next" for a merchant's case (issue 14): the status stepper received →
 * number → assigned → on the way → resolved → confirmed, with the current step, the
 * target time of the next one (first response due, resolution due, automatic close), who
 * handles it, and "target met / late" once known.
 *
 * Pure (no clock, no i18n): `now` comes from the page, words from the catalogue.
 */
import { autoCloseAt, DEFAULT_AUTO_CLOSE_HOURS } from '@edc/shared/domain';
import type { CaseDoc, CaseEventDoc } from '../../db/index.ts';

export const progressSteps = ['received', 'number', 'assigned', 'onTheWay', 'resolved', 'confirmed'] as const;
export type ProgressStepKey = (typeof progressSteps)[number];

/** A target of a step: due at `due`; `met`/`late` once decided (or late while still open past it). */
export type StepTarget = {
  kind: 'response' | 'resolution' | 'autoClose';
  due: string;
  outcome: 'met' | 'late' | 'open';
};

export type ProgressStep = {
  key: ProgressStepKey;
  state: 'done' | 'current' | 'upcoming';
  /** When it happened (done steps). */
  at?: string;
  target?: StepTarget;
};

export type CaseProgress = {
  steps: ProgressStep[];
  /** Display name (or username) of who handles the case, when assigned. */
  handler?: string;
  /** Closed by the server's confirmation loop rather than by the merchant. */
  autoClosed: boolean;
};

function lastEvent(events: readonly CaseEventDoc[], type: CaseEventDoc['type']): CaseEventDoc | undefined {
  let found: CaseEventDoc | undefined;
  for (const e of events) if (e.type === type && (!found || e.at >= found.at)) found = e;
  return found;
}

function outcome(due: string, doneAt: string | undefined, now: Date): StepTarget['outcome'] {
  if (doneAt) return doneAt <= due ? 'met' : 'late';
  return now.toISOString() > due ? 'late' : 'open';
}

/** The stepper of a live or finished case; null for cases that left the path (rejected, cancelled). */
export function caseProgress(
  doc: CaseDoc,
  events: readonly CaseEventDoc[],
  now: Date,
  autoCloseHours = DEFAULT_AUTO_CLOSE_HOURS,
): CaseProgress | null {
  if (doc.status === 'rejected' || doc.status === 'cancelled') return null;
  const working = doc.status === 'in_progress' || doc.status === 'resolved' || doc.status === 'closed';
  const finished = doc.status === 'resolved' || doc.status === 'closed';
  const assigned = lastEvent(events, 'assigned');
  const started = lastEvent(events, 'started');
  const closed = lastEvent(events, 'closed') ?? lastEvent(events, 'confirmed');

  const done: Record<ProgressStepKey, { done: boolean; at?: string | undefined }> = {
    received: { done: doc.status !== 'submitted', at: doc.acceptedAt },
    number: { done: !!doc.caseNumber, at: doc.acceptedAt },
    assigned: { done: !!doc.assignee, at: assigned?.at ?? doc.firstResponseAt },
    onTheWay: { done: working, at: started?.at },
    resolved: { done: finished, at: doc.resolvedAt },
    confirmed: { done: doc.status === 'closed', at: doc.closedAt },
  };

  const targets: Partial<Record<ProgressStepKey, StepTarget>> = {};
  if (doc.responseDueAt) {
    targets.assigned = {
      kind: 'response',
      due: doc.responseDueAt,
      outcome: outcome(doc.responseDueAt, doc.firstResponseAt, now),
    };
  }
  if (doc.dueAt) {
    targets.resolved = {
      kind: 'resolution',
      due: doc.dueAt,
      outcome: outcome(doc.dueAt, finished ? doc.resolvedAt : undefined, now),
    };
  }
  if (doc.status === 'resolved' && doc.resolvedAt) {
    targets.confirmed = {
      kind: 'autoClose',
      due: autoCloseAt(new Date(doc.resolvedAt), autoCloseHours).toISOString(),
      outcome: 'open',
    };
  }

  let currentSeen = false;
  const steps: ProgressStep[] = progressSteps.map((key) => {
    const d = done[key];
    let state: ProgressStep['state'] = 'upcoming';
    if (d.done) state = 'done';
    else if (!currentSeen) {
      state = 'current';
      currentSeen = true;
    }
    const step: ProgressStep = { key, state };
    if (d.done && d.at) step.at = d.at;
    const target = targets[key];
    if (target) step.target = target;
    return step;
  });

  const out: CaseProgress = {
    steps,
    autoClosed: doc.status === 'closed' && closed?.actor === 'system' && closed.data?.reason === 'auto',
  };
  if (doc.assignee) out.handler = handlerName(doc.assignee, events);
  return out;
}

/** The display name the server wrote with the assignment (or the start) of `assignee`. */
function handlerName(assignee: string, events: readonly CaseEventDoc[]): string {
  let best: { at: string; name: string } | undefined;
  for (const e of events) {
    const d = e.data;
    const name =
      e.type === 'assigned' && d?.to === assignee
        ? d.toName
        : e.type === 'started' && d?.assignee === assignee
          ? d.assigneeName
          : undefined;
    if (typeof name === 'string' && name && (!best || e.at >= best.at)) best = { at: e.at, name };
  }
  return best?.name ?? assignee;
}
