/**
 * Words for enum codes, in the UI language: a code is never shown raw. Subcases are
 * catalogue data (admins may add some): the known codes have catalogue keys in both
 * languages; an unknown one falls back to the label the server sent (the admin's words),
 * and only then to the code.
 */
import { type Category, categories, priorities } from '@edc/shared';
import type { MessageKey, Translate } from '../i18n/index.tsx';

export function isCategory(value: string): value is Category {
  return categories.some((c) => c === value);
}

/** A draft's category may still be '' (nothing picked yet). */
export function categoryLabel(t: Translate, value: string): string {
  return isCategory(value) ? t(`category.${value}`) : '—';
}

export function priorityLabel(t: Translate, value: string): string {
  const known = priorities.find((p) => p === value);
  return known ? t(`priority.${known}`) : value;
}

/** Subcase codes of the default SLA catalogue that have words in both catalogues. */
const subcaseKeys: Record<string, MessageKey> = {
  'replace_device:edc_mati': 'subcase.replace_device.edc_mati',
  'replace_device:layar_rusak': 'subcase.replace_device.layar_rusak',
  'replace_device:printer_rusak': 'subcase.replace_device.printer_rusak',
  'replace_device:card_reader_rusak': 'subcase.replace_device.card_reader_rusak',
  'replace_device:serial_tidak_sesuai': 'subcase.replace_device.serial_tidak_sesuai',
  'replace_sam_card:sam_tidak_terbaca': 'subcase.replace_sam_card.sam_tidak_terbaca',
  'replace_sam_card:sam_blokir': 'subcase.replace_sam_card.sam_blokir',
  'replace_sam_card:emoney_gagal': 'subcase.replace_sam_card.emoney_gagal',
  'replace_network_card:sim_mati': 'subcase.replace_network_card.sim_mati',
  'replace_network_card:gagal_koneksi': 'subcase.replace_network_card.gagal_koneksi',
  'replace_network_card:host_timeout': 'subcase.replace_network_card.host_timeout',
  'paper_supply:kertas_habis': 'subcase.paper_supply.kertas_habis',
  'paper_supply:slip_sales_draft': 'subcase.paper_supply.slip_sales_draft',
  'transaction_settlement:settlement_gagal': 'subcase.transaction_settlement.settlement_gagal',
  'transaction_settlement:dana_belum_masuk': 'subcase.transaction_settlement.dana_belum_masuk',
  'transaction_settlement:debit_ganda': 'subcase.transaction_settlement.debit_ganda',
  'transaction_settlement:selisih_mdr': 'subcase.transaction_settlement.selisih_mdr',
  'transaction_settlement:refund': 'subcase.transaction_settlement.refund',
  'merchant_data:ubah_rekening': 'subcase.merchant_data.ubah_rekening',
  'merchant_data:ubah_alamat': 'subcase.merchant_data.ubah_alamat',
  'merchant_data:tambah_terminal': 'subcase.merchant_data.tambah_terminal',
  'merchant_data:tarik_terminal': 'subcase.merchant_data.tarik_terminal',
  'other:pertanyaan': 'subcase.other.pertanyaan',
  'other:pelatihan': 'subcase.other.pelatihan',
  'other:masukan': 'subcase.other.masukan',
};

/** True when the sub-case has a label in the app's catalogues (else its name is the admin's data). */
export function isCatalogueSubcase(category: string, subcase: string): boolean {
  return `${category}:${subcase}` in subcaseKeys;
}

export function subcaseLabel(
  t: Translate,
  category: string,
  subcase: string,
  catalogueLabel?: string,
): string {
  const key = subcaseKeys[`${category}:${subcase}`];
  if (key) return t(key);
  return catalogueLabel || subcase;
}
