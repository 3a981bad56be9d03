/**
 * Bulk actions of the desk queue (issue 15): assign, change team, internal note, close
 * duplicates. Every case goes through the same service as its single-case action (same
 * status machine, scope, events, notifications), in its own transaction, so one refusal
 * never undoes another; each case gets its own answer. Cases are handled in the order given.
 */
import { AppError, type BulkFailureReason, type BulkRequest, type BulkResult, errorCodes } from '@edc/shared';
import type { AuthContext } from '../auth-context.ts';
import { getVisibleCase, visibleCaseNumbers } from '../db/cases.ts';
import { cancelAsDuplicate, commentCase, type TransitionDeps, transitionCase } from './transitions.ts';

/** A survivor must still be worked on: duplicates folded into a finished case would be lost. */
const SURVIVOR_STATUSES: ReadonlySet<string> = new Set(['open', 'in_progress', 'resolved']);

function reasonOf(err: AppError): BulkFailureReason {
  switch (err.code) {
    case 'not_found':
    case 'invalid_assignee':
    case 'invalid_team':
    case 'forbidden':
    case 'conflict':
      return err.code;
    case 'illegal_transition': {
      const detail = (err.details as { detail?: unknown } | undefined)?.detail;
      return detail === 'unchanged' ? 'unchanged' : 'not_open';
    }
    default:
      return 'failed';
  }
}

export async function bulkCases(
  deps: TransitionDeps,
  auth: AuthContext,
  req: BulkRequest,
): Promise<BulkResult> {
  const ids = [...new Set(req.ids)];
  let survivor: { id: string; caseNumber: string } | undefined;
  if (req.action === 'close_duplicates') {
    const found = await getVisibleCase(deps.db.pool, auth, { id: req.survivorId });
    if (!found?.doc.caseNumber)
      throw new AppError('not_found', 'no such surviving case', { survivorId: req.survivorId });
    if (!SURVIVOR_STATUSES.has(found.doc.status)) {
      throw new AppError('conflict', 'the surviving case is finished', { status: found.doc.status });
    }
    survivor = { id: found.doc.id, caseNumber: found.doc.caseNumber };
  }
  const numbers = await visibleCaseNumbers(deps.db.pool, auth, ids);
  const results: BulkResult['results'] = [];
  const closed: string[] = [];
  for (const id of ids) {
    const caseNumber = numbers.get(id);
    const answer = (ok: boolean, reason?: BulkFailureReason) =>
      results.push({ id, ...(caseNumber ? { caseNumber } : {}), ok, ...(reason ? { reason } : {}) });
    if (survivor && id === survivor.id) {
      answer(false, 'is_survivor');
      continue;
    }
    try {
      switch (req.action) {
        case 'assign':
          await transitionCase(deps, auth, id, { action: 'assign', assignee: req.assignee });
          break;
        case 'team':
          await transitionCase(deps, auth, id, { action: 'recategorize', responsibleUnit: req.team });
          break;
        case 'note':
          await commentCase(deps, auth, id, req.note, true);
          break;
        case 'close_duplicates': {
          const s = survivor!;
          const note = `Ditutup sebagai duplikat dari ${s.caseNumber}${req.note ? `: ${req.note}` : ''}`;
          await cancelAsDuplicate(deps, auth, id, s, note);
          closed.push(caseNumber ?? id);
          break;
        }
      }
      answer(true);
    } catch (err) {
      // Only a refusal is a per-case answer; anything else (database down) fails the request.
      if (!(err instanceof AppError) || errorCodes[err.code] >= 500) throw err;
      answer(false, reasonOf(err));
    }
  }
  if (survivor && closed.length > 0) {
    await commentCase(deps, auth, survivor.id, `Duplikat ditutup ke kasus ini: ${closed.join(', ')}`, true);
  }
  const ok = results.filter((r) => r.ok).length;
  return { results, ok, failed: results.length - ok };
}
