import { describe, expect, it } from 'vitest';
import { type Case, caseSchema, caseSubmissionSchema } from '../schemas/entities.ts';
import {
  isSameCaseRevision,
  isServerOwnedField,
  resolveCaseConflict,
  SERVER_OWNED_CASE_FIELDS,
} from './conflict.ts';

const serverCase: Case = {
  id: '01936f5e-7c1a-7b2c-8d3e-4f5a6b7c8d9e',
  clientRev: '01936f5e-7c1a-7b2c-8d3e-4f5a6b7c8d9f',
  serverRev: 4,
  status: 'in_progress',
  caseNumber: 'CASE-20261124-00012',
  category: 'replace_device',
  description: 'Layar blank',
  channel: 'technician_app',
  mid: '000123456789012',
  tid: 'JKT00017',
  attachmentIds: [],
  reportedAt: '2026-11-24T02:00:00.000Z',
  createdBy: 'tech1',
  escalationLevel: 1,
  updatedAt: '2026-11-24T05:00:00.000Z',
  _deleted: false,
};

describe('resolveCaseConflict', () => {
  it.each([
    ['stale local status', { status: 'submitted', serverRev: 0 }],
    [
      'tampered server-owned fields',
      { caseNumber: 'CASE-20990101-00001', dueAt: '2099-01-01T00:00:00.000Z', escalationLevel: 0 },
    ],
    ['edited client-owned fields', { description: 'Diubah setelah kirim', subcase: 'layar_rusak' }],
    [
      'newer local clientRev',
      { clientRev: '01936f5e-7c1a-7b2c-8d3e-4f5a6b7c8da0', updatedAt: '2026-11-25T00:00:00.000Z' },
    ],
    ['identical copy', {}],
  ] as const)('%s → the server document', (_what, localOver) => {
    const local: Case = { ...serverCase, ...localOver };
    const resolved = resolveCaseConflict(local, serverCase);
    expect(resolved).toEqual(serverCase);
    // Deterministic: the same inputs give the same answer whichever way round they arrive.
    expect(resolveCaseConflict(serverCase, serverCase)).toEqual(serverCase);
  });
});

describe('SERVER_OWNED_CASE_FIELDS', () => {
  it('names only real case fields', () => {
    const keys = Object.keys(caseSchema.shape);
    for (const f of SERVER_OWNED_CASE_FIELDS) expect(keys).toContain(f);
  });

  it('covers every case field a client cannot submit (besides the bookkeeping _deleted)', () => {
    const submittable = new Set(Object.keys(caseSubmissionSchema.shape));
    const notSubmittable = Object.keys(caseSchema.shape).filter(
      (k) => !submittable.has(k) && k !== '_deleted',
    );
    for (const k of notSubmittable) expect(isServerOwnedField(k), k).toBe(true);
  });

  it.each([
    ['caseNumber', true],
    ['status', true],
    ['dueAt', true],
    ['serverRev', true],
    ['priority', true],
    ['description', false],
    ['attachmentIds', false],
    ['id', false],
    ['nonsense', false],
  ])('isServerOwnedField(%s) → %s', (name, expected) => {
    expect(isServerOwnedField(name)).toBe(expected);
  });

  it.each([
    [{ serverRev: 4, clientRev: 'a' }, { serverRev: 4, clientRev: 'a' }, true],
    [{ serverRev: 4, clientRev: 'a' }, { serverRev: 5, clientRev: 'a' }, false],
    [{ serverRev: 4, clientRev: 'a' }, { serverRev: 4, clientRev: 'b' }, false],
  ])('isSameCaseRevision(%j, %j) → %s', (a, b, expected) => {
    expect(isSameCaseRevision(a, b)).toBe(expected);
  });
});
