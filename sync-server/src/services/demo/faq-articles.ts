/**
 * Demo FAQ (issue 14, seed 002's "FAQ" of a complaint desk): real-looking articles for
 * every category, in Indonesian and English. Fixed ids, so seeding at every start of a
 * demo server is insert-if-missing and never brings back an article an admin deleted.
 */
import type { Category, CreateFaqRequest, FaqLocale } from '@edc/shared';

type Pair = { category: Category; id: [string, string]; en: [string, string] };
type Article = CreateFaqRequest & { id: string };

const pairs: Pair[] = [];
function add(category: Category, id: [string, string], en: [string, string]): void {
  pairs.push({ category, id, en });
}

add(
  'paper_supply',
  [
    'Kertas struk (roll) habis, bagaimana minta kertas baru?',
    'Buat laporan kategori "Kertas/Slip" di aplikasi ini dan tulis jumlah roll yang dibutuhkan. Kertas thermal 57 mm dikirim kurir dalam 1 hari kerja. Sambil menunggu, transaksi tetap bisa berjalan: bukti transaksi bisa dilihat di menu "Cetak Ulang" setelah kertas dipasang.',
  ],
  [
    'The receipt paper roll ran out: how do I get new rolls?',
    'File a report in the "Paper/Slip" category in this app and say how many rolls you need. 57 mm thermal rolls are delivered within 1 business day. You can keep selling meanwhile: receipts can be reprinted from the "Reprint" menu once paper is loaded.',
  ],
);
add(
  'paper_supply',
  [
    'Struk tercetak pudar atau kosong',
    'Pastikan sisi kertas yang licin menghadap ke kepala printer (gores dengan kuku: sisi thermal menghitam). Bersihkan kepala printer dengan kain kering. Bila tetap pudar padahal kertas baru, laporkan sebagai kerusakan perangkat.',
  ],
  [
    'The receipt prints faint or blank',
    'Make sure the glossy side of the paper faces the print head (scratch it with a fingernail: the thermal side turns black). Wipe the print head with a dry cloth. If prints stay faint with a new roll, report it as a device fault.',
  ],
);
add(
  'transaction_settlement',
  [
    'Dana settlement belum masuk ke rekening',
    'Settlement diproses H+1 hari kerja setelah EDC melakukan settlement (menu Settlement, biasanya otomatis pukul 23.00). Transaksi hari Jumat–Minggu dan hari libur masuk pada hari kerja berikutnya. Bila lewat 2 hari kerja belum masuk, buat laporan dengan tanggal dan nominal transaksi.',
  ],
  [
    'Settlement funds have not reached my account',
    'Funds are credited one business day after the terminal settles (Settlement menu, usually automatic at 23:00). Friday–Sunday and holiday sales arrive on the next business day. If nothing arrives after 2 business days, file a report with the date and amount.',
  ],
);
add(
  'transaction_settlement',
  [
    'Pembayaran QRIS berstatus pending',
    'Status pending berarti bank pelanggan belum mengirim konfirmasi. Tunggu 15 menit lalu cek ulang di menu "Cek Status QRIS". Jangan minta pelanggan membayar dua kali: bila dana terpotong dan tetap gagal, dana kembali otomatis ke pelanggan paling lambat 3 hari kerja.',
  ],
  [
    'A QRIS payment stays pending',
    'Pending means the customer’s bank has not confirmed yet. Wait 15 minutes and check again under "QRIS Status". Do not ask the customer to pay twice: if they were debited and it still fails, the money returns to them automatically within 3 business days.',
  ],
);
add(
  'transaction_settlement',
  [
    'Saldo pelanggan terpotong dua kali (double debit)',
    'Cetak ulang struk terakhir dan cek apakah ada dua approval code. Bila hanya satu transaksi yang berhasil di EDC, potongan kedua dibatalkan otomatis oleh bank penerbit (3–7 hari kerja). Bila ada dua approval, lakukan Void pada salah satunya sebelum settlement.',
  ],
  [
    'The customer was debited twice',
    'Reprint the last receipt and check for two approval codes. If only one sale succeeded on the terminal, the issuing bank reverses the second debit automatically (3–7 business days). With two approvals, void one of them before settlement.',
  ],
);
add(
  'replace_sam_card',
  [
    'Muncul pesan "SAM error" atau "SAM tidak terbaca"',
    'Matikan EDC, buka penutup belakang, cabut kartu SAM lalu pasang kembali dengan chip menghadap ke bawah, nyalakan lagi. Bila pesan tetap muncul, kartu SAM perlu diganti: buat laporan kategori "Kartu SAM" dan teknisi akan datang membawa SAM baru.',
  ],
  [
    '"SAM error" or "SAM not read" appears',
    'Switch the terminal off, open the back cover, take the SAM card out and put it back chip side down, switch on again. If the message stays, the SAM needs replacing: file a report in the "SAM card" category and a technician brings a new one.',
  ],
);
add(
  'replace_sam_card',
  [
    'Top up atau pembayaran kartu uang elektronik (e-money) gagal',
    'Gagal di semua kartu e-money biasanya karena SAM kedaluwarsa atau terblokir; gagal di satu kartu saja biasanya masalah kartu pelanggan. Coba dengan kartu lain. Bila semua gagal, laporkan dengan foto pesan errornya.',
  ],
  [
    'E-money top-up or payment fails',
    'Failing on every e-money card usually means the SAM expired or is blocked; failing on one card only is usually the customer’s card. Try another card. If all fail, report it with a photo of the error message.',
  ],
);
add(
  'replace_network_card',
  [
    'EDC tidak ada sinyal / koneksi gagal / "host time out"',
    'Restart EDC. Cek ikon sinyal: bila kosong, pindahkan EDC ke dekat jendela atau pintu. Pada EDC Wi-Fi, pastikan router menyala dan EDC tersambung ke jaringan yang benar. Bila tetap "dial failed" atau "host time out" lebih dari 30 menit, laporkan: kartu SIM mungkin perlu diganti.',
  ],
  [
    'No signal / connection failed / "host time out"',
    'Restart the terminal. Check the signal icon: if empty, move the terminal near a window or door. On Wi-Fi terminals, make sure the router is on and the terminal is on the right network. If "dial failed" or "host time out" lasts more than 30 minutes, report it: the SIM card may need replacing.',
  ],
);
add(
  'replace_device',
  [
    'EDC hang, mati sendiri, atau layar tidak menyala',
    'Tekan tombol power 10 detik untuk restart paksa. Isi daya minimal 30 menit dengan adaptor asli. Bila EDC tetap mati, layar pecah, atau keypad tidak merespons, buat laporan kategori "Perangkat": teknisi membawa unit pengganti dan data TID/MID Anda tetap sama.',
  ],
  [
    'The terminal hangs, turns itself off, or the screen stays dark',
    'Hold the power button for 10 seconds to force a restart. Charge it for at least 30 minutes with the original adapter. If it stays dead, the screen is cracked or the keypad does not respond, file a "Device" report: a technician brings a replacement and your TID/MID stay the same.',
  ],
);
add(
  'replace_device',
  [
    'Kartu tidak terbaca (chip/gesek/tap)',
    'Bersihkan slot chip dan jalur gesek dengan kartu pembersih atau kain kering. Coba kartu lain: bila semua kartu gagal di satu cara baca (misalnya chip), pembaca kartu rusak dan EDC perlu diganti.',
  ],
  [
    'Cards are not read (chip, swipe or tap)',
    'Clean the chip slot and swipe track with a cleaning card or dry cloth. Try another card: if every card fails one way of reading (say, chip), the reader is broken and the terminal needs replacing.',
  ],
);
add(
  'other',
  [
    'Arti kode RC 05 (Do Not Honor)',
    'Transaksi ditolak oleh bank penerbit kartu, bukan karena EDC. Minta pelanggan memakai kartu lain atau menghubungi banknya. EDC Anda tidak perlu dilaporkan.',
  ],
  [
    'What does RC 05 (Do Not Honor) mean?',
    'The card’s issuing bank declined the sale; the terminal is fine. Ask the customer to use another card or call their bank. No need to report your terminal.',
  ],
);
add(
  'other',
  [
    'Arti kode RC 51 (saldo tidak cukup) dan RC 55 (PIN salah)',
    'RC 51: saldo atau limit kartu pelanggan tidak cukup. RC 55: PIN salah; setelah 3 kali salah kartu terblokir oleh bank. Keduanya masalah kartu pelanggan, bukan EDC.',
  ],
  [
    'What do RC 51 (insufficient funds) and RC 55 (wrong PIN) mean?',
    'RC 51: the customer’s balance or limit is too low. RC 55: wrong PIN; after 3 wrong tries the bank blocks the card. Both are about the customer’s card, not your terminal.',
  ],
);
add(
  'other',
  [
    'Arti kode RC 91 / RC 96 (sistem bank tidak tersedia)',
    'Sistem bank penerbit atau jaringan sedang gangguan. Tunggu 5–10 menit lalu ulangi. Bila muncul di semua kartu lebih dari 30 menit, laporkan dengan kategori "Transaksi" beserta jam kejadiannya.',
  ],
  [
    'What do RC 91 / RC 96 (issuer or system unavailable) mean?',
    'The issuing bank or the network is having trouble. Wait 5–10 minutes and try again. If every card gets it for more than 30 minutes, report it under "Transactions" with the time it started.',
  ],
);
add(
  'merchant_data',
  [
    'Cara mengganti rekening penampungan atau nama di struk',
    'Perubahan rekening, nama pemilik, alamat atau nama di struk perlu formulir perubahan data dan fotokopi buku tabungan/KTP. Buat laporan kategori "Data Merchant", petugas akan menghubungi nomor kontak Anda untuk verifikasi. Proses 3–5 hari kerja.',
  ],
  [
    'How do I change the settlement account or the name on receipts?',
    'Changing the account, owner, address or receipt name needs a change form and a copy of the passbook/ID. File a "Merchant data" report; an officer calls your contact number to verify. It takes 3–5 business days.',
  ],
);
add(
  'merchant_data',
  [
    'Cara mengaktifkan fitur cicilan, tip, atau QRIS',
    'Buat laporan kategori "Data Merchant" dengan fitur yang diinginkan. Setelah disetujui, EDC diperbarui dari jarak jauh: nyalakan EDC dan biarkan tersambung 10 menit pada hari aktivasi.',
  ],
  [
    'How do I activate instalments, tips or QRIS?',
    'File a "Merchant data" report naming the feature. Once approved the terminal is updated remotely: keep it switched on and connected for 10 minutes on the activation day.',
  ],
);

const hex = (i: number, lang: number) => `fa000000-0000-4000-8000-${String(i * 10 + lang).padStart(12, '0')}`;

/** The demo FAQ: every pair as one Indonesian and one English article. */
export const DEMO_FAQ: readonly Article[] = pairs.flatMap((p, i) =>
  (
    [
      ['id', p.id],
      ['en', p.en],
    ] as const satisfies readonly (readonly [FaqLocale, [string, string]])[]
  ).map(([locale, [question, answer]], lang) => ({
    id: hex(i + 1, lang),
    category: p.category,
    locale,
    question,
    answer,
  })),
);
