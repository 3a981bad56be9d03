/**
 * The life of an accepted demo case after acceptance: which desk steps happen when
 * (assign, start, escalate, resolve, reopen, close or cancel, with realistic delays and
 * a share of SLA misses), then living those steps up to `now` through the shared status
 * machine (`planTransition`), so every patch and event is exactly what the server would
 * write. Steps after `now` have not happened yet, which leaves recent cases open.
 */
import type { Case, CaseEvent, TransitionAction, TransitionRequest } from '@edc/shared';
import { planTransition, type TransitionActor } from '@edc/shared/domain';
import { AGENTS, MS_DAY, MS_HOUR, MS_MIN, RCA_CAPA, SUPERVISOR } from './catalogue.ts';
import type { Rng } from './rng.ts';

/** One planned desk step of a case. */
export type CaseStep = {
  action: TransitionAction;
  at: number;
  actor: TransitionActor;
  request: TransitionRequest;
};

/** Appends a timeline event of `c` (ids drawn from the stream at the event's time). */
export type PushEvent = (
  c: Case,
  type: CaseEvent['type'],
  at: number,
  actor: string,
  extra?: Partial<CaseEvent>,
) => void;

/** The planned steps of case `c`, accepted at `accepted`, in time order (some may lie after `now`). */
export function planCaseLife(
  rng: Rng,
  c: Case,
  {
    accepted,
    now,
    merchantActor,
    technician,
  }: {
    accepted: number;
    now: number;
    merchantActor: TransitionActor;
    /** Field work dispatched to this technician (DESIGN section 9): they start and resolve it. */
    technician?: string | undefined;
  },
): CaseStep[] {
  const category = c.category;
  const due = new Date(c.dueAt ?? accepted).getTime();
  const responseDue = new Date(c.responseDueAt ?? accepted).getTime();
  const deskAgent = rng.pick(AGENTS);
  // The same draws either way, so dispatching does not move the rest of the demo stream.
  const agent: TransitionActor = technician ? { role: 'technician', username: technician } : deskAgent;
  const steps: CaseStep[] = [];
  const respondIn = rng.chance(0.85) ? rng.between(0.1, 0.9) : rng.between(1.05, 3);
  // A field case is dispatched early in its response window: the visit is the response.
  const assignAt = accepted + (responseDue - accepted) * respondIn * (technician ? 0.25 : 1);
  steps.push({
    action: 'assign',
    at: assignAt,
    actor: SUPERVISOR,
    request: { action: 'assign', assignee: agent.username },
  });
  if (now - accepted < 30 * MS_DAY && rng.chance(0.05)) {
    // A few recent cases slipped through the desk: open past their deadline, escalated
    // to the supervisor — what the SLA monitor exists to catch. A dispatched one of the
    // last days stays on its technician's list, overdue; older ones went back to the desk.
    if (!technician || now - accepted > 3 * MS_DAY) steps.length = 0;
    steps.push({
      action: 'escalate',
      at: due + rng.between(MS_HOUR, 12 * MS_HOUR),
      actor: SUPERVISOR,
      request: { action: 'escalate', note: 'Melewati batas SLA tanpa penanganan.' },
    });
  } else if (rng.chance(0.03)) {
    steps.push({
      action: 'cancel',
      at: assignAt + rng.between(30 * MS_MIN, MS_DAY),
      actor: deskAgent,
      request: { action: 'cancel', note: 'Duplikat laporan / dibatalkan merchant.' },
    });
  } else {
    // Usually picked up within hours; a backlog sometimes leaves a case waiting for days.
    // A technician first travels to the shop, in working hours: work starts hours later
    // than at the desk, and a job dispatched in the evening waits for the next morning.
    const wait = rng.chance(0.1)
      ? rng.between(8 * MS_HOUR, 2 * MS_DAY)
      : rng.between(5 * MS_MIN, 2 * MS_HOUR);
    const startAt = technician ? inFieldHours(assignAt + 4 * wait) : assignAt + wait;
    steps.push({ action: 'start', at: startAt, actor: agent, request: { action: 'start' } });
    const target = Math.max(due - accepted, MS_HOUR);
    // ~14% of cases miss the resolution target.
    const share = rng.chance(0.86) ? rng.between(0.15, 0.95) : rng.between(1.03, 1.9);
    let resolveAt = Math.max(accepted + target * share, startAt + rng.between(30 * MS_MIN, 4 * MS_HOUR));
    if (rng.chance(0.12)) {
      const escalateAt = startAt + (resolveAt - startAt) * rng.between(0.2, 0.6);
      steps.push({
        action: 'escalate',
        at: escalateAt,
        actor: SUPERVISOR,
        request: { action: 'escalate', note: 'Melewati target respon, naik ke supervisor.' },
      });
      if (rng.chance(0.3)) {
        steps.push({
          action: 'escalate',
          at: escalateAt + rng.between(MS_HOUR, 6 * MS_HOUR),
          actor: SUPERVISOR,
          request: { action: 'escalate', note: 'Butuh keputusan Customer Service Manager.' },
        });
        resolveAt = Math.max(resolveAt, escalateAt + 7 * MS_HOUR);
      }
    }
    const [rca, capa] = rng.pick(RCA_CAPA[category]);
    steps.push({
      action: 'resolve',
      at: resolveAt,
      actor: agent,
      request: { action: 'resolve', rca, capa },
    });
    let closeFrom = resolveAt;
    if (rng.chance(0.04)) {
      const reopenAt = resolveAt + rng.between(MS_HOUR, MS_DAY);
      steps.push({
        action: 'reopen',
        at: reopenAt,
        actor: merchantActor,
        request: { action: 'reopen', note: 'Masalah muncul lagi.' },
      });
      const restart = reopenAt + rng.between(30 * MS_MIN, 4 * MS_HOUR);
      steps.push({ action: 'start', at: restart, actor: agent, request: { action: 'start' } });
      closeFrom = restart + rng.between(2 * MS_HOUR, MS_DAY);
      steps.push({
        action: 'resolve',
        at: closeFrom,
        actor: agent,
        request: { action: 'resolve', rca, capa },
      });
    }
    if (rng.chance(0.55)) {
      const satisfaction = rng.chance(0.65)
        ? rng.weighted([
            [5, 45],
            [4, 35],
            [3, 12],
            [2, 5],
            [1, 3],
          ] as const)
        : undefined;
      steps.push({
        action: 'close',
        at: closeFrom + rng.between(MS_HOUR, 72 * MS_HOUR),
        actor: merchantActor,
        request: { action: 'close', satisfaction },
      });
    } else {
      // No answer from the merchant: the desk closes after the confirmation window.
      steps.push({
        action: 'close',
        at: closeFrom + rng.between(24 * MS_HOUR, 72 * MS_HOUR),
        actor: deskAgent,
        request: { action: 'close', note: 'Ditutup otomatis, tidak ada tanggapan merchant.' },
      });
    }
  }
  steps.sort((a, b) => a.at - b.at);
  return steps;
}

/** `at` moved into a field visit's hours (08:00–17:00 WIB), keeping its minutes past the hour. */
function inFieldHours(at: number): number {
  const wib = at + 7 * MS_HOUR;
  const hour = Math.floor(wib / MS_HOUR) % 24;
  if (hour >= 8 && hour < 17) return at;
  const minutes = wib % MS_HOUR;
  const dayStart = wib - (wib % MS_DAY) + (hour >= 17 ? MS_DAY : 0);
  return dayStart + 8 * MS_HOUR + minutes - 7 * MS_HOUR;
}

/** The demo users holding each rung (services/demo/master-data.ts). */
function demoLadderHolder(level: number, unit: string | undefined): string {
  if (level >= 3) return 'director1';
  if (level === 2) return 'manager1';
  return unit === 'Merchant Operation - MEM' ? 'supervisor1' : 'supervisor2';
}

/**
 * Case `c` after the steps that happened before `now` (each through `planTransition`,
 * stopping at the first the status machine refuses), with their events pushed.
 */
export function liveCaseLife(
  rng: Rng,
  start: Case,
  steps: readonly CaseStep[],
  { accepted, now }: { accepted: number; now: number },
  pushEvent: PushEvent,
): Case {
  let c = start;
  let lastWrite = accepted;
  for (const step of steps) {
    if (step.at >= now) break;
    const at = Math.floor(step.at);
    const plan = planTransition({
      current: c,
      action: step.action,
      actor: step.actor,
      request: step.request,
      now: new Date(at),
    });
    if (!plan.ok) break;
    c = { ...c, ...plan.patch, serverRev: c.serverRev + 1 };
    if ('resolvedAt' in plan.patch && plan.patch.resolvedAt === undefined) delete c.resolvedAt;
    const extra: Partial<CaseEvent> = {};
    if (plan.event.note !== undefined) extra.note = plan.event.note;
    if (plan.event.data !== undefined) extra.data = plan.event.data;
    if (plan.event.type === 'escalated') {
      // The demo ladder (master-data.ts): who the server would have named at this level.
      extra.data = { ...extra.data, escalatedTo: demoLadderHolder(c.escalationLevel, c.responsibleUnit) };
    }
    pushEvent(c, plan.event.type, at, step.actor.username, extra);
    lastWrite = at;
    if (step.action === 'start' && rng.chance(0.25)) {
      const commentAt = Math.floor(at + rng.between(5 * MS_MIN, MS_HOUR));
      if (commentAt < now)
        pushEvent(c, 'comment', commentAt, step.actor.username, { note: 'Teknisi dijadwalkan kunjungan.' });
    }
  }
  c.updatedAt = new Date(lastWrite).toISOString();
  return c;
}
