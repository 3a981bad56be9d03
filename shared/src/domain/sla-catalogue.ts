/**
 * Default SLA catalogue ("SLA management" of seed 000): one rule per (category, subcase)
 * with the case type, responsible unit, priority and targets the server stamps on a case
 * at acceptance. Seeds the `sla_rules` table; admins edit the table afterwards.
 *
 * Targets follow seed 003 section 5 (the priority classes of section 4.3). Case type and
 * unit follow seed 000 Table 2: field replacements are `escalation` cases; devices,
 * network cards and paper go to "Merchant Operation - MEM" (rows 3 and 13), SAM cards to
 * the related card unit (row 8, "unit terkait").
 */
import type { Category, Priority } from '../schemas/common.ts';
import type { SlaRule } from '../schemas/entities.ts';

/** A catalogue entry as seeded: the replicated bookkeeping fields are added on insert. */
export type SlaRuleSeed = Omit<SlaRule, 'updatedAt' | '_deleted'>;

/** Seed 003 section 5: first-response and resolution targets per priority class. */
export const SLA_TARGETS_BY_PRIORITY = {
  minor: { responseMinutes: 120, businessDays: 1 },
  major: { responseMinutes: 60, businessDays: 2 },
  critical: { responseMinutes: 30, hours: 8 },
} as const satisfies Record<Priority, { responseMinutes: number; businessDays?: number; hours?: number }>;

/** Case type, responsible unit and usual priority of each category. */
export const CATEGORY_ROUTING = {
  replace_device: { caseType: 'escalation', responsibleUnit: 'Merchant Operation - MEM', priority: 'major' },
  replace_sam_card: { caseType: 'escalation', responsibleUnit: 'Card Operation - CRD', priority: 'major' },
  replace_network_card: {
    caseType: 'escalation',
    responsibleUnit: 'Merchant Operation - MEM',
    priority: 'major',
  },
  paper_supply: { caseType: 'escalation', responsibleUnit: 'Merchant Operation - MEM', priority: 'minor' },
  transaction_settlement: {
    caseType: 'complaint',
    responsibleUnit: 'Settlement & Reconciliation - SRC',
    priority: 'major',
  },
  merchant_data: { caseType: 'request', responsibleUnit: 'Merchant Data - MDM', priority: 'minor' },
  other: { caseType: 'inquiry', responsibleUnit: 'Customer Care - CC', priority: 'minor' },
} as const satisfies Record<Category, { caseType: string; responsibleUnit: string; priority: Priority }>;

/** Subcase code used by {@link defaultRuleFor} when no catalogue rule matches. */
export const DEFAULT_SUBCASE = 'umum';

function rule(category: Category, subcase: string, label: string, priority: Priority): SlaRuleSeed {
  const { caseType, responsibleUnit } = CATEGORY_ROUTING[category];
  return {
    id: `${category}:${subcase}`,
    category,
    subcase,
    label,
    caseType,
    responsibleUnit,
    priority,
    ...SLA_TARGETS_BY_PRIORITY[priority],
    active: true,
  };
}

/** The default catalogue: 2–5 subcases per category with Indonesian labels. */
export const DEFAULT_SLA_CATALOGUE: readonly SlaRuleSeed[] = [
  // A dead terminal stops every sale at the merchant: critical. Parts failures leave
  // some payments possible (manual entry, another terminal): major.
  rule('replace_device', 'edc_mati', 'EDC mati total', 'critical'),
  rule('replace_device', 'layar_rusak', 'Layar rusak / blank', 'major'),
  rule('replace_device', 'printer_rusak', 'Printer rusak / tidak mencetak', 'major'),
  rule('replace_device', 'card_reader_rusak', 'Card reader (chip/gesek) rusak', 'major'),
  rule('replace_device', 'serial_tidak_sesuai', 'Nomor seri tidak sesuai data', 'minor'),
  rule('replace_sam_card', 'sam_tidak_terbaca', 'SAM card tidak terbaca', 'major'),
  rule('replace_sam_card', 'sam_blokir', 'SAM card terblokir / kedaluwarsa', 'major'),
  rule('replace_sam_card', 'emoney_gagal', 'Transaksi uang elektronik gagal (SAM)', 'minor'),
  rule('replace_network_card', 'sim_mati', 'Kartu SIM mati / tidak ada sinyal', 'critical'),
  rule('replace_network_card', 'gagal_koneksi', 'Gagal koneksi GPRS / Wi-Fi', 'major'),
  rule('replace_network_card', 'host_timeout', 'Host time-out saat transaksi', 'major'),
  rule('paper_supply', 'kertas_habis', 'Kertas thermal habis', 'minor'),
  rule('paper_supply', 'slip_sales_draft', 'Permintaan slip sales draft', 'minor'),
  rule('transaction_settlement', 'settlement_gagal', 'Settlement gagal', 'major'),
  rule('transaction_settlement', 'dana_belum_masuk', 'Dana belum masuk rekening', 'major'),
  rule('transaction_settlement', 'debit_ganda', 'Debit ganda (double debit)', 'major'),
  rule('transaction_settlement', 'selisih_mdr', 'Selisih potongan MDR', 'minor'),
  rule('transaction_settlement', 'refund', 'Permintaan refund / pembatalan transaksi', 'minor'),
  rule('merchant_data', 'ubah_rekening', 'Perubahan rekening bank', 'minor'),
  rule('merchant_data', 'ubah_alamat', 'Perubahan alamat / nama pada struk', 'minor'),
  rule('merchant_data', 'tambah_terminal', 'Penambahan terminal', 'minor'),
  rule('merchant_data', 'tarik_terminal', 'Penarikan terminal', 'minor'),
  rule('other', 'pertanyaan', 'Pertanyaan umum', 'minor'),
  rule('other', 'pelatihan', 'Permintaan pelatihan penggunaan EDC', 'minor'),
  rule('other', 'masukan', 'Saran / masukan', 'minor'),
];

/**
 * Fallback rule when a case has no subcase or an unknown one: the category's routing and
 * usual priority (or `priority`, e.g. the urgency a classifier or intake agent chose).
 */
export function defaultRuleFor(category: Category, priority?: Priority): SlaRuleSeed {
  return rule(
    category,
    DEFAULT_SUBCASE,
    'Umum (tanpa subkasus)',
    priority ?? CATEGORY_ROUTING[category].priority,
  );
}

/**
 * The active catalogue rule for (category, subcase) from `rules`, else the category
 * default. Used by the server at acceptance and by the device for its offline preview.
 */
export function findSlaRule<R extends SlaRuleSeed>(
  rules: readonly R[],
  category: Category,
  subcase: string | undefined,
  priority?: Priority,
): R | SlaRuleSeed {
  const found =
    subcase === undefined
      ? undefined
      : rules.find((r) => r.category === category && r.subcase === subcase && r.active);
  return found ?? defaultRuleFor(category, priority);
}
