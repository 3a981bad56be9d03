/**
 * Conflict resolution for the `cases` collection, used by the client's replication
 * conflict handler and by the server when a push arrives for a row it already has.
 *
 * The rule is deliberately the simplest deterministic one: once the server has a case,
 * the server's document wins entirely. A case is immutable on the device after submit
 * (later changes are transitions or comments, which are separate commands/documents), so
 * a differing local copy can only be a stale or tampered one; there is nothing to merge.
 */
import type { Case } from '../schemas/entities.ts';

/**
 * Case fields only the server writes (DESIGN section 5, "no mass assignment"): a client
 * sending them is ignored on create and never wins a conflict. `status` and `priority`
 * also appear in a submission (`submitted`, the classifier's urgency) but acceptance
 * replaces them; `tid`/`mid` are display hints that acceptance re-derives from the device
 * or the token, so they are not listed.
 */
export const SERVER_OWNED_CASE_FIELDS = [
  'serverRev',
  'status',
  'rejectReason',
  'blockingCaseNumber',
  'caseNumber',
  'createdBy',
  'acceptedAt',
  'responseDueAt',
  'dueAt',
  'caseType',
  'responsibleUnit',
  'priority',
  'escalationLevel',
  'assignee',
  'firstResponseAt',
  'resolvedAt',
  'closedAt',
  'rca',
  'capa',
  'satisfaction',
  'updatedAt',
] as const satisfies readonly (keyof Case)[];

/** A field name in {@link SERVER_OWNED_CASE_FIELDS}. */
export type ServerOwnedCaseField = (typeof SERVER_OWNED_CASE_FIELDS)[number];

const SERVER_OWNED: ReadonlySet<string> = new Set(SERVER_OWNED_CASE_FIELDS);

/** True when `name` is a case field only the server may set. */
export function isServerOwnedField(name: string): name is ServerOwnedCaseField {
  return SERVER_OWNED.has(name);
}

/**
 * Resolve a conflict between the device's copy and the server's copy of the same case:
 * always the server's document (see the module comment). Returned as is — not a merge —
 * so replaying the same conflict gives the same result on every device.
 */
export function resolveCaseConflict(_local: Case, server: Case): Case {
  return server;
}

/**
 * True when two copies of a case are the same revision, so no conflict exists: the same
 * `serverRev` and the same `clientRev` (a re-sent push of an already stored row).
 */
export function isSameCaseRevision(
  a: Pick<Case, 'serverRev' | 'clientRev'>,
  b: Pick<Case, 'serverRev' | 'clientRev'>,
) {
  return a.serverRev === b.serverRev && a.clientRev === b.clientRev;
}
