/** A valid local case document for the query tests (shared schema defaults; `over` wins). */
import { type Case, caseSchema } from '@edc/shared';
import { uuidv7 } from '../lib/uuid.ts';

export const caseAt = '2026-11-25T03:41:00.000Z';

export function caseDoc(over: Partial<Case>, base: Partial<Case> = {}): Omit<Case, '_deleted'> {
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
    reportedAt: caseAt,
    createdBy: 'tech2',
    escalationLevel: 0,
    updatedAt: caseAt,
    _deleted: false,
    ...base,
    ...over,
  });
  return c;
}
