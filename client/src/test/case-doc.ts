/**
 * A valid case as the phone stores it (a server-numbered technician case by default), for
 * unit tests of the local queries: parsed by the shared schema, `_deleted` left to RxDB.
 */
import { type Case, caseSchema } from '@edc/shared';
import { uuidv7 } from '../lib/uuid.ts';

export const CASE_AT = '2026-11-25T03:41:00.000Z';

export function caseDoc(over: Partial<Case>): Omit<Case, '_deleted'> {
  const { _deleted, ...c } = caseSchema.parse({
    id: uuidv7(),
    clientRev: uuidv7(),
    serverRev: 2,
    status: 'open',
    caseNumber: 'CASE-20261125-00001',
    category: 'replace_device',
    description: '',
    channel: 'technician_app',
    mid: '000810000000001',
    tid: 'JKT00001',
    attachmentIds: [],
    reportedAt: CASE_AT,
    createdBy: 'tech2',
    escalationLevel: 0,
    updatedAt: CASE_AT,
    _deleted: false,
    ...over,
  });
  return c;
}
