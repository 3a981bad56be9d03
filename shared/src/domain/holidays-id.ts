/**
 * Indonesian public holidays (hari libur nasional) and official collective leave days
 * (cuti bersama) used to count SLA business days. This list seeds the `holidays` table;
 * admins edit the table, so a late government change needs no release.
 *
 * Sources:
 * - 2025: SKB Menteri Agama, Menteri Ketenagakerjaan dan MenPAN-RB No. 1017/2024, 2/2024,
 *   2/2024 (17 libur nasional + 8 cuti bersama). A later decision also made Monday
 *   18 August 2025 a day off; it is not listed here because it was not part of the SKB.
 * - 2026: SKB No. 1497/2025, 2/2025, 5/2025 (17 libur nasional + 8 cuti bersama).
 * - 2027: no SKB was available when this was written. The fixed-date holidays are
 *   certain; the lunar ones (Isra Mikraj, Imlek, Nyepi, Idul Fitri, Waisak, Idul Adha,
 *   1 Muharam, Maulid) are computed from the astronomical calendars and the MABIMS
 *   crescent criterion used by the Ministry of Religious Affairs, and may move by a day.
 *   2027 cuti bersama are omitted. Entries flagged `tentative: true`; admins should
 *   replace them when the 2027 SKB is published.
 *
 * Cuti bersama entries are named `Cuti bersama …` so reports can tell them apart; SLA
 * business-day counting treats them as days off, as the complaints unit does not staff
 * them.
 */

/** One day off: `YYYY-MM-DD` date and its Indonesian name. */
export type HolidayEntry = { readonly date: string; readonly name: string; readonly tentative?: true };

/** Libur nasional and cuti bersama 2025–2027 (see the module comment for sources). */
export const INDONESIAN_HOLIDAYS_2025_2027: readonly HolidayEntry[] = [
  // ---- 2025 -----------------------------------------------------------------------------
  { date: '2025-01-01', name: 'Tahun Baru 2025 Masehi' },
  { date: '2025-01-27', name: 'Isra Mikraj Nabi Muhammad SAW' },
  { date: '2025-01-28', name: 'Cuti bersama Tahun Baru Imlek 2576 Kongzili' },
  { date: '2025-01-29', name: 'Tahun Baru Imlek 2576 Kongzili' },
  { date: '2025-03-28', name: 'Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1947)' },
  { date: '2025-03-29', name: 'Hari Suci Nyepi (Tahun Baru Saka 1947)' },
  { date: '2025-03-31', name: 'Hari Raya Idul Fitri 1446 H' },
  { date: '2025-04-01', name: 'Hari Raya Idul Fitri 1446 H' },
  { date: '2025-04-02', name: 'Cuti bersama Idul Fitri 1446 H' },
  { date: '2025-04-03', name: 'Cuti bersama Idul Fitri 1446 H' },
  { date: '2025-04-04', name: 'Cuti bersama Idul Fitri 1446 H' },
  { date: '2025-04-07', name: 'Cuti bersama Idul Fitri 1446 H' },
  { date: '2025-04-18', name: 'Wafat Yesus Kristus' },
  { date: '2025-04-20', name: 'Kebangkitan Yesus Kristus (Paskah)' },
  { date: '2025-05-01', name: 'Hari Buruh Internasional' },
  { date: '2025-05-12', name: 'Hari Raya Waisak 2569 BE' },
  { date: '2025-05-13', name: 'Cuti bersama Hari Raya Waisak 2569 BE' },
  { date: '2025-05-29', name: 'Kenaikan Yesus Kristus' },
  { date: '2025-05-30', name: 'Cuti bersama Kenaikan Yesus Kristus' },
  { date: '2025-06-01', name: 'Hari Lahir Pancasila' },
  { date: '2025-06-06', name: 'Hari Raya Idul Adha 1446 H' },
  { date: '2025-06-09', name: 'Cuti bersama Idul Adha 1446 H' },
  { date: '2025-06-27', name: '1 Muharam Tahun Baru Islam 1447 H' },
  { date: '2025-08-17', name: 'Proklamasi Kemerdekaan Republik Indonesia' },
  { date: '2025-09-05', name: 'Maulid Nabi Muhammad SAW' },
  { date: '2025-12-25', name: 'Kelahiran Yesus Kristus' },
  { date: '2025-12-26', name: 'Cuti bersama Kelahiran Yesus Kristus' },
  // ---- 2026 -----------------------------------------------------------------------------
  { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi' },
  { date: '2026-01-16', name: 'Isra Mikraj Nabi Muhammad SAW' },
  { date: '2026-02-16', name: 'Cuti bersama Tahun Baru Imlek 2577 Kongzili' },
  { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili' },
  { date: '2026-03-18', name: 'Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1948)' },
  { date: '2026-03-19', name: 'Hari Suci Nyepi (Tahun Baru Saka 1948)' },
  { date: '2026-03-20', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-03-21', name: 'Hari Raya Idul Fitri 1447 H' },
  { date: '2026-03-22', name: 'Hari Raya Idul Fitri 1447 H' },
  { date: '2026-03-23', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-03-24', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-04-03', name: 'Wafat Yesus Kristus' },
  { date: '2026-04-05', name: 'Kebangkitan Yesus Kristus (Paskah)' },
  { date: '2026-05-01', name: 'Hari Buruh Internasional' },
  { date: '2026-05-14', name: 'Kenaikan Yesus Kristus' },
  { date: '2026-05-15', name: 'Cuti bersama Kenaikan Yesus Kristus' },
  { date: '2026-05-27', name: 'Hari Raya Idul Adha 1447 H' },
  { date: '2026-05-28', name: 'Cuti bersama Idul Adha 1447 H' },
  { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE' },
  { date: '2026-06-01', name: 'Hari Lahir Pancasila' },
  { date: '2026-06-16', name: '1 Muharam Tahun Baru Islam 1448 H' },
  { date: '2026-08-17', name: 'Proklamasi Kemerdekaan Republik Indonesia' },
  { date: '2026-08-25', name: 'Maulid Nabi Muhammad SAW' },
  { date: '2026-12-24', name: 'Cuti bersama Kelahiran Yesus Kristus' },
  { date: '2026-12-25', name: 'Kelahiran Yesus Kristus' },
  // ---- 2027 (lunar dates tentative until the 2027 SKB; no cuti bersama yet) --------------
  { date: '2027-01-01', name: 'Tahun Baru 2027 Masehi' },
  { date: '2027-01-06', name: 'Isra Mikraj Nabi Muhammad SAW', tentative: true },
  { date: '2027-02-06', name: 'Tahun Baru Imlek 2578 Kongzili' },
  { date: '2027-03-08', name: 'Hari Suci Nyepi (Tahun Baru Saka 1949)', tentative: true },
  { date: '2027-03-10', name: 'Hari Raya Idul Fitri 1448 H', tentative: true },
  { date: '2027-03-11', name: 'Hari Raya Idul Fitri 1448 H', tentative: true },
  { date: '2027-03-26', name: 'Wafat Yesus Kristus' },
  { date: '2027-03-28', name: 'Kebangkitan Yesus Kristus (Paskah)' },
  { date: '2027-05-01', name: 'Hari Buruh Internasional' },
  { date: '2027-05-06', name: 'Kenaikan Yesus Kristus' },
  { date: '2027-05-17', name: 'Hari Raya Idul Adha 1448 H', tentative: true },
  { date: '2027-05-20', name: 'Hari Raya Waisak 2571 BE', tentative: true },
  { date: '2027-06-01', name: 'Hari Lahir Pancasila' },
  { date: '2027-06-06', name: '1 Muharam Tahun Baru Islam 1449 H', tentative: true },
  { date: '2027-08-15', name: 'Maulid Nabi Muhammad SAW', tentative: true },
  { date: '2027-08-17', name: 'Proklamasi Kemerdekaan Republik Indonesia' },
  { date: '2027-12-25', name: 'Kelahiran Yesus Kristus' },
];
