/**
 * Desk queue cost at back-office scale (`npx vitest bench src/features/desk`): rebuilding
 * the rows and the filtered, sorted view for 20,000 cases — what happens on every
 * replicated change and every 30 s tick.
 */
import { bench, describe } from 'vitest';
import type { CaseDoc } from '../../db/index.ts';
import { buildRows, defaultFilters, queueView } from './queue-model.ts';

const N = 20_000;
const base = Date.parse('2026-11-01T00:00:00.000Z');
const statuses = ['open', 'in_progress', 'resolved', 'closed', 'rejected', 'cancelled'] as const;
const cases: CaseDoc[] = Array.from({ length: N }, (_, i) => {
  const accepted = base + i * 60_000;
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    clientRev: '00000000-0000-4000-8000-000000000000',
    serverRev: 1,
    status: statuses[i % statuses.length] ?? 'open',
    caseNumber: `CASE-20261101-${String(i).padStart(5, '0')}`,
    category: i % 2 ? 'replace_device' : 'paper_supply',
    priority: i % 3 ? 'minor' : 'critical',
    description: 'x',
    channel: 'technician_app',
    tid: `T${String(i).padStart(7, '0')}`,
    mid: String(100_000_000_000_000 + (i % 2000)),
    serialNumber: `SN${i}`,
    attachmentIds: [],
    reportedAt: new Date(accepted).toISOString(),
    acceptedAt: new Date(accepted).toISOString(),
    responseDueAt: new Date(accepted + 3_600_000).toISOString(),
    dueAt: new Date(accepted + 86_400_000).toISOString(),
    responsibleUnit: i % 2 ? 'Merchant Operation - MEM' : 'Customer Care - CC',
    createdBy: 'tech1',
    escalationLevel: i % 4,
    updatedAt: new Date(accepted).toISOString(),
  };
});
const merchants = new Map(
  Array.from({ length: 2000 }, (_, i) => [
    String(100_000_000_000_000 + i),
    { name: `Toko ${i}`, region: i % 2 ? 'JKT' : 'BDG' },
  ]),
);
const now = new Date(base + N * 60_000);
const rows = buildRows(cases, merchants, now);

describe(`desk queue, ${N} cases`, () => {
  bench('buildRows (SLA state of every case)', () => {
    buildRows(cases, merchants, now);
  });
  bench('queueView default (active, by due time)', () => {
    queueView(rows, defaultFilters);
  });
  bench('queueView all statuses + search', () => {
    queueView(rows, { ...defaultFilters, status: 'all', q: 't00012' });
  });
});
