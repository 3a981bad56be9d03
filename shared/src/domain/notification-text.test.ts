import { describe, expect, it } from 'vitest';
import { caseUrl, notificationText } from './notification-text.ts';

describe('notificationText', () => {
  it.each([
    ['case_accepted', 'id', { caseNumber: 'CASE-20261125-00001' }, 'Kasus diterima: CASE-20261125-00001'],
    ['case_accepted', 'en', { caseNumber: 'CASE-20261125-00001' }, 'Case accepted: CASE-20261125-00001'],
    [
      'case_rejected',
      'id',
      { rejectReason: 'tid_mid_open', blockingCaseNumber: 'CASE-20261120-00007' },
      'Kasus ditolak: sudah ada CASE-20261120-00007',
    ],
    ['case_rejected', 'en', { rejectReason: 'device_not_found' }, 'Case rejected'],
    ['case_assigned', 'id', { caseNumber: 'CASE-1' }, 'Tugas baru: CASE-1'],
    ['case_assigned', 'en', { caseNumber: 'CASE-1' }, 'New job: CASE-1'],
    ['comment', 'id', { caseNumber: 'CASE-1', note: 'Halo' }, 'Pesan baru di CASE-1'],
    ['escalated', 'en', { caseNumber: 'CASE-1', level: 1 }, 'Escalated: CASE-1'],
    [
      'escalated',
      'id',
      { caseNumber: 'CASE-1', level: 1, cause: 'sla_response' },
      'SLA respons terlampaui: CASE-1',
    ],
    ['escalated', 'en', { caseNumber: 'CASE-1', cause: 'sla_resolution' }, 'Resolution SLA breached: CASE-1'],
    ['escalated', 'id', { caseNumber: 'CASE-1', cause: 'reopened' }, 'Dibuka kembali oleh merchant: CASE-1'],
    ['reminder', 'id', { caseNumber: 'CASE-1', hoursLeft: 48 }, 'Menunggu konfirmasi Anda: CASE-1'],
    ['reminder', 'en', { caseNumber: 'CASE-1' }, 'Waiting for your confirmation: CASE-1'],
  ] as const)('%s in %s', (type, locale, params, title) => {
    expect(notificationText(type, locale, params).title).toBe(title);
  });

  it.each([
    ['technician', 'id', 'Tugas baru: CASE-1', 'Ditugaskan di Toko Maju oleh agent1.'],
    ['merchant', 'id', 'Teknisi ditugaskan: CASE-1', 'Budi Santoso akan menangani terminal Anda.'],
    ['merchant', 'en', 'Technician assigned: CASE-1', 'Budi Santoso will handle your terminal.'],
  ] as const)('an assignment told to a %s (%s)', (role, locale, title, body) => {
    const p = {
      caseNumber: 'CASE-1',
      actor: 'agent1',
      merchantName: 'Toko Maju',
      assigneeName: 'Budi Santoso',
    };
    expect(notificationText('case_assigned', locale, p, role)).toEqual({ title, body });
  });

  it('a reminder says when the case closes by itself, rounded to whole hours, never 0', () => {
    expect(notificationText('reminder', 'id', { caseNumber: 'C', hoursLeft: 47.6 }).body).toContain(
      'ditutup otomatis dalam 48 jam',
    );
    expect(notificationText('reminder', 'en', { caseNumber: 'C', hoursLeft: 0.2 }).body).toContain(
      'in 1 hour.',
    );
    expect(notificationText('reminder', 'en', { caseNumber: 'C' }).body).toBe(
      'Is the terminal working? Confirm or reopen this case.',
    );
  });

  it('a rejection names the blocking case in the body too, in the language asked for', () => {
    const id = notificationText('case_rejected', 'id', {
      rejectReason: 'tid_mid_open',
      blockingCaseNumber: 'CASE-20261120-00007',
    });
    expect(id.body).toBe(
      'Masih ada kasus terbuka untuk TID/MID ini: CASE-20261120-00007. Tambahkan catatan ke kasus itu.',
    );
    const en = notificationText('case_rejected', 'en', { rejectReason: 'device_not_operational' });
    expect(en.body).toBe('Device is not in operation');
  });

  it.each([
    ['id', 'Printer diganti', 'Mohon konfirmasi penyelesaiannya. Printer diganti'],
    ['id', undefined, 'Mohon konfirmasi penyelesaiannya.'],
    ['en', 'Printer replaced', 'Please confirm the resolution. Printer replaced'],
    ['en', undefined, 'Please confirm the resolution.'],
  ] as const)('a resolution in %s carries the (public) note %s when given', (locale, note, body) => {
    expect(notificationText('case_resolved', locale, { caseNumber: 'C', note }).body).toBe(body);
  });

  it('cuts a long comment and folds its whitespace', () => {
    const body = notificationText('comment', 'en', {
      caseNumber: 'C',
      actor: 'agent1',
      note: `a\n\nb ${'x'.repeat(400)}`,
    }).body;
    expect(body.startsWith('agent1: a b x')).toBe(true);
    expect(body.length).toBe(300);
  });

  it.each([
    ['technician', '/tech/cases/abc'],
    ['merchant', '/merchant/cases/abc'],
    ['agent', '/desk?case=abc'],
  ] as const)('caseUrl for a %s', (role, url) => {
    expect(caseUrl(role, 'abc')).toBe(url);
  });
});
