import { describe, expect, it } from 'vitest';
import { categories, priorities } from '../schemas/common.ts';
import { slaRuleSchema } from '../schemas/entities.ts';
import { DEFAULT_SLA_CATALOGUE, DEFAULT_SUBCASE, defaultRuleFor, findSlaRule } from './sla-catalogue.ts';

const stamp = { updatedAt: '2026-11-25T00:00:00.000Z', _deleted: false };

describe('DEFAULT_SLA_CATALOGUE', () => {
  it('every rule is a valid SlaRule with id = category:subcase and exactly one target', () => {
    for (const rule of DEFAULT_SLA_CATALOGUE) {
      expect(slaRuleSchema.parse({ ...rule, ...stamp })).toBeTruthy();
      expect(rule.id).toBe(`${rule.category}:${rule.subcase}`);
      expect((rule.businessDays === undefined) !== (rule.hours === undefined)).toBe(true);
    }
    const ids = DEFAULT_SLA_CATALOGUE.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(categories)('covers %s with 2–5 subcases', (category) => {
    const n = DEFAULT_SLA_CATALOGUE.filter((r) => r.category === category).length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(5);
  });

  it.each([
    ['minor', 120, 1, undefined],
    ['major', 60, 2, undefined],
    ['critical', 30, undefined, 8],
  ] as const)(
    'seed 003: %s → %i min response, %s business days / %s hours',
    (priority, minutes, days, hours) => {
      const rules = DEFAULT_SLA_CATALOGUE.filter((r) => r.priority === priority);
      expect(rules.length).toBeGreaterThan(0);
      for (const r of rules) {
        expect([r.responseMinutes, r.businessDays, r.hours]).toEqual([minutes, days, hours]);
      }
    },
  );

  it.each([
    // seed 000 Table 2 rows 3, 8, 13 (+ paper, row 16)
    ['replace_device:edc_mati', 'escalation', 'Merchant Operation - MEM'],
    ['replace_sam_card:sam_tidak_terbaca', 'escalation', 'Card Operation - CRD'],
    ['replace_network_card:sim_mati', 'escalation', 'Merchant Operation - MEM'],
    ['paper_supply:kertas_habis', 'escalation', 'Merchant Operation - MEM'],
    ['transaction_settlement:settlement_gagal', 'complaint', 'Settlement & Reconciliation - SRC'],
    ['merchant_data:ubah_rekening', 'request', 'Merchant Data - MDM'],
    ['other:pertanyaan', 'inquiry', 'Customer Care - CC'],
  ])('%s → %s / %s', (id, caseType, unit) => {
    const rule = DEFAULT_SLA_CATALOGUE.find((r) => r.id === id);
    expect(rule?.caseType).toBe(caseType);
    expect(rule?.responsibleUnit).toBe(unit);
  });
});

describe('defaultRuleFor / findSlaRule', () => {
  it.each(categories.flatMap((c) => priorities.map((p) => [c, p] as const)))(
    '%s at %s gives a valid fallback',
    (category, priority) => {
      const rule = defaultRuleFor(category, priority);
      expect(slaRuleSchema.parse({ ...rule, ...stamp }).priority).toBe(priority);
      expect(rule.id).toBe(`${category}:${DEFAULT_SUBCASE}`);
    },
  );

  it.each([
    ['replace_device', 'printer_rusak', undefined, 'replace_device:printer_rusak'],
    ['replace_device', 'tidak_ada', undefined, 'replace_device:umum'],
    ['replace_device', undefined, 'critical', 'replace_device:umum'],
    ['paper_supply', 'edc_mati', undefined, 'paper_supply:umum'],
  ] as const)('findSlaRule(%s, %s, %s) → %s', (category, subcase, priority, id) => {
    expect(findSlaRule(DEFAULT_SLA_CATALOGUE, category, subcase, priority).id).toBe(id);
  });

  it('skips inactive rules and uses the requested priority for the fallback', () => {
    const rules = DEFAULT_SLA_CATALOGUE.map((r) => ({ ...r, active: r.id !== 'replace_device:edc_mati' }));
    const rule = findSlaRule(rules, 'replace_device', 'edc_mati', 'critical');
    expect(rule.id).toBe('replace_device:umum');
    expect(rule.hours).toBe(8);
  });
});
