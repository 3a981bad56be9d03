import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue, type Translate, translate } from '../i18n/index.tsx';
import { slaBreachNote } from './event-note.tsx';

const id: Translate = (key, params) => translate('id', key, params);
const en: Translate = (key, params) => translate('en', key, params);
// As the SLA monitor writes it (sync-server/src/services/sla-monitor.ts).
const breach = (data: Record<string, unknown>) => ({
  type: 'escalated' as const,
  note: 'SLA penyelesaian terlampaui: eskalasi ke supervisor1',
  data: { reason: 'sla_breach', internal: true, ...data },
});

describe('event note', () => {
  beforeAll(async () => {
    await Promise.all([loadCatalogue('id'), loadCatalogue('en')]);
  });

  it("says the SLA monitor's escalation in the reader's language", () => {
    const named = breach({ level: 1, breach: 'resolution', escalatedTo: 'supervisor1' });
    expect(slaBreachNote(en, named)).toBe('Resolution SLA breached: escalated to supervisor1');
    expect(slaBreachNote(id, named)).toBe('SLA penyelesaian terlampaui: eskalasi ke supervisor1');
    expect(slaBreachNote(en, breach({ level: 1, breach: 'response', escalatedTo: 'supervisor2' }))).toBe(
      'Response SLA breached: escalated to supervisor2',
    );
  });

  it("names the ladder's title, never its code, when nobody holds the level by name", () => {
    const unnamed = breach({ level: 2, breach: 'resolution' });
    expect(slaBreachNote(en, unnamed)).toBe('Resolution SLA breached: escalated to Customer service manager');
    expect(slaBreachNote(id, unnamed)).not.toContain('customer_service_manager');
  });

  it('leaves every other note as people wrote it', () => {
    expect(
      slaBreachNote(en, { type: 'escalated', note: 'Dana merchant tertahan', data: { to: 1 } }),
    ).toBeNull();
    expect(slaBreachNote(en, { type: 'comment', note: 'SLA' })).toBeNull();
  });
});
