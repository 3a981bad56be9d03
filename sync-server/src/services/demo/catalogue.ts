/**
 * The demo data's vocabulary: regions with their cities and streets, merchant kinds and
 * names, terminal models, category weights, complaint texts, RCA/CAPA pairs and the demo
 * staff. Data only — the generator modules decide how often each is drawn.
 */
import type { Category } from '@edc/shared';
import type { TransitionActor } from '@edc/shared/domain';

/** Time units of the generator's schedules. */
export const MS_MIN = 60_000;
export const MS_HOUR = 60 * MS_MIN;
export const MS_DAY = 24 * MS_HOUR;

export type RegionCode = 'JKT' | 'BDG';
type RegionInfo = {
  /** City name with its centre (lat, lng), for plausible technician locations. */
  cities: readonly (readonly [string, number, number])[];
  streets: readonly string[];
  phonePrefix: string;
  tidPrefix: string;
};

export const REGIONS: Record<RegionCode, RegionInfo> = {
  JKT: {
    cities: [
      ['Jakarta Selatan', -6.2615, 106.8106],
      ['Jakarta Pusat', -6.1865, 106.8341],
      ['Jakarta Barat', -6.1674, 106.7637],
      ['Jakarta Timur', -6.225, 106.9004],
      ['Jakarta Utara', -6.1384, 106.8636],
      ['Tangerang Selatan', -6.2886, 106.7179],
      ['Depok', -6.4025, 106.7942],
      ['Bekasi', -6.2383, 106.9756],
    ],
    streets: [
      'Jl. Jend. Sudirman',
      'Jl. M.H. Thamrin',
      'Jl. Gatot Subroto',
      'Jl. Fatmawati',
      'Jl. Kemang Raya',
      'Jl. Panglima Polim',
      'Jl. Mangga Dua Raya',
      'Jl. Pramuka',
      'Jl. Daan Mogot',
      'Jl. Kebon Jeruk Raya',
      'Jl. Otista Raya',
      'Jl. Pemuda',
      'Jl. Margonda Raya',
      'Jl. Ahmad Yani',
      'Jl. Boulevard Raya',
      'Jl. Tebet Raya',
    ],
    phonePrefix: '(021) ',
    tidPrefix: 'JK',
  },
  BDG: {
    cities: [
      ['Bandung', -6.9175, 107.6191],
      ['Cimahi', -6.8722, 107.5425],
      ['Kabupaten Bandung', -7.0251, 107.5197],
      ['Bandung Barat', -6.8652, 107.4919],
      ['Sumedang', -6.8575, 107.9164],
    ],
    streets: [
      'Jl. Ir. H. Juanda (Dago)',
      'Jl. Braga',
      'Jl. Asia Afrika',
      'Jl. Cihampelas',
      'Jl. Pasteur',
      'Jl. Buah Batu',
      'Jl. Riau',
      'Jl. Setiabudi',
      'Jl. Soekarno-Hatta',
      'Jl. Amir Machmud',
      'Jl. Raya Padalarang',
      'Jl. Prabu Geusan Ulun',
    ],
    phonePrefix: '(022) ',
    tidPrefix: 'BD',
  },
};

export const MERCHANT_KINDS = [
  [
    'Toko',
    [
      'Sumber Rejeki',
      'Makmur Jaya',
      'Berkah Abadi',
      'Sinar Terang',
      'Maju Bersama',
      'Sentosa',
      'Harapan Baru',
    ],
  ],
  ['Warung', ['Bu Sri', 'Pak Darto', 'Mak Ijah', 'Sederhana', 'Barokah', 'Kopi Nusantara', 'Tegal Bahari']],
  ['Apotek', ['Sehat Sentosa', 'Kimia Sejahtera', 'Medika Farma', 'Sumber Waras', 'Bunda', 'Keluarga']],
  ['RM Padang', ['Sederhana', 'Garuda', 'Simpang Raya', 'Sari Minang', 'Pagi Sore', 'Salero Bundo']],
  ['Minimarket', ['Serba Ada', 'Sinar Mart', 'Citra Mart', 'Anugerah', 'Family 24']],
  ['Bengkel', ['Motor Jaya', 'Karya Mandiri', 'Sinar Motor', 'Ban Jaya']],
  ['Kedai Kopi', ['Senja', 'Kita', 'Tuku Lagi', 'Pojok', 'Ruang Temu']],
  ['Toko Bangunan', ['Sumber Makmur', 'Baja Perkasa', 'Sinar Logam', 'Karya Baru']],
  ['Salon', ['Cantik Ayu', 'Dewi', 'Pesona', 'Anggun']],
  ['Optik', ['Melawai', 'Sinar Mata', 'Terang', 'Kurnia']],
  ['Bakso', ['Pak Kumis', 'Solo Samrat', 'Malang Cak Man', 'Rusuk Joss']],
  ['Toko Kue', ['Lezat', 'Manis Sari', 'Bolu Ibu', 'Harum Manis']],
] as const;

export const MODELS = [
  { model: 'Verifone V200T', prefix: 'V2T', sim: true, weight: 30 },
  { model: 'Verifone VX520', prefix: 'VX5', sim: true, weight: 12 },
  { model: 'Ingenico Move2500', prefix: 'M25', sim: true, weight: 22 },
  { model: 'Ingenico Desk3500', prefix: 'D35', sim: false, weight: 8 },
  { model: 'PAX A920', prefix: 'A92', sim: true, weight: 20 },
  { model: 'PAX S90', prefix: 'S90', sim: true, weight: 8 },
] as const;

/** Indonesian operators' ICCID issuer codes after the 89 62 prefix. */
export const ICCID_ISSUERS = ['10', '01', '11', '21'] as const;

export const CATEGORY_WEIGHTS: readonly (readonly [Category, number])[] = [
  ['replace_device', 30],
  ['paper_supply', 22],
  ['replace_network_card', 18],
  ['replace_sam_card', 8],
  ['transaction_settlement', 10],
  ['merchant_data', 6],
  ['other', 6],
];

export const DESCRIPTIONS: Record<string, readonly string[]> = {
  edc_mati: [
    'EDC mati total, tidak bisa dinyalakan walau sudah dicas.',
    'Terminal tidak menyala sejak pagi.',
  ],
  layar_rusak: ['Layar EDC blank, hanya lampu indikator yang menyala.', 'Layar bergaris dan tidak terbaca.'],
  printer_rusak: ['Printer tidak mencetak struk, kertas sudah diganti.', 'Struk tercetak buram/kosong.'],
  card_reader_rusak: [
    'Kartu chip tidak terbaca, harus gesek berulang kali.',
    'Card reader error "CARD READ FAIL".',
  ],
  serial_tidak_sesuai: ['Nomor seri di stiker berbeda dengan data di sistem.'],
  sam_tidak_terbaca: ['Muncul pesan "SAM NOT FOUND" saat transaksi e-money.', 'SAM card tidak terbaca.'],
  sam_blokir: [
    'Transaksi uang elektronik ditolak, SAM terblokir.',
    'SAM card expired menurut pesan di layar.',
  ],
  emoney_gagal: ['Top up dan pembayaran e-money sering gagal.'],
  sim_mati: ['Tidak ada sinyal sama sekali, SIM tidak terdeteksi.', 'Kartu SIM mati, EDC offline.'],
  gagal_koneksi: ['Gagal koneksi GPRS, transaksi tidak terkirim.', 'Sering "DIAL FAILED" di jam ramai.'],
  host_timeout: ['Transaksi sering time-out ke host.', 'Muncul "HOST TIMEOUT" saat sale kartu debit.'],
  kertas_habis: ['Stok kertas thermal habis, mohon dikirim 2 dus.', 'Minta kiriman kertas struk.'],
  slip_sales_draft: ['Butuh slip sales draft untuk transaksi manual.'],
  settlement_gagal: [
    'Settlement kemarin gagal, batch masih terbuka.',
    'Settlement error, total tidak cocok.',
  ],
  dana_belum_masuk: ['Dana transaksi 3 hari lalu belum masuk rekening.', 'Dana settlement belum diterima.'],
  debit_ganda: ['Pelanggan terdebit dua kali untuk satu transaksi.'],
  selisih_mdr: ['Potongan MDR lebih besar dari perjanjian.'],
  refund: ['Mohon refund transaksi yang salah nominal.', 'Pembatalan transaksi hari ini.'],
  ubah_rekening: ['Mohon ubah rekening penampungan ke bank lain.'],
  ubah_alamat: ['Toko pindah alamat, mohon data diperbarui.', 'Nama di struk perlu diganti.'],
  tambah_terminal: ['Mohon tambahan satu terminal untuk kasir kedua.'],
  tarik_terminal: ['Usaha tutup, mohon terminal ditarik.'],
  pertanyaan: ['Bagaimana cara cetak ulang struk terakhir?', 'Jam berapa batas settlement harian?'],
  pelatihan: ['Kasir baru butuh pelatihan penggunaan EDC.'],
  masukan: ['Mohon teknisi datang lebih cepat, terima kasih.'],
};

export const RCA_CAPA: Record<Category, readonly (readonly [string, string])[]> = {
  replace_device: [
    ['Modul daya terminal rusak.', 'Unit diganti; cek adaptor saat kunjungan rutin.'],
    ['Konektor layar longgar akibat benturan.', 'Unit diganti; edukasi merchant soal penempatan EDC.'],
    ['Head printer aus.', 'Unit diganti; jadwalkan penggantian printer per 12 bulan.'],
  ],
  replace_sam_card: [
    ['SAM card kedaluwarsa.', 'SAM diganti; pantau masa berlaku SAM di sistem.'],
    ['Slot SAM kotor/oksidasi.', 'Slot dibersihkan, SAM diganti.'],
  ],
  replace_network_card: [
    ['Kartu SIM nonaktif karena kuota habis.', 'SIM diganti; aktifkan pemantauan kuota otomatis.'],
    ['Sinyal operator lemah di lokasi.', 'Ganti ke SIM operator lain dengan sinyal lebih baik.'],
  ],
  paper_supply: [['Stok kertas merchant habis.', 'Kertas dikirim; tambah jadwal kirim bulanan.']],
  transaction_settlement: [
    ['Batch settlement tertahan di host.', 'Settlement ulang; perbaiki job rekonsiliasi.'],
    ['Dana tertunda karena hari libur bank.', 'Dana masuk; informasikan jadwal kliring ke merchant.'],
  ],
  merchant_data: [['Permintaan perubahan data merchant.', 'Data diperbarui dan diverifikasi.']],
  other: [['Pertanyaan penggunaan.', 'Penjelasan diberikan; tambahkan ke FAQ.']],
};

export const TECHNICIANS: Record<RegionCode, readonly string[]> = {
  JKT: ['tech1', 'tech2', 'teknisi.jkt03', 'teknisi.jkt04', 'teknisi.jkt05', 'teknisi.jkt06'],
  BDG: ['tech3', 'teknisi.bdg02', 'teknisi.bdg03'],
};
export const AGENTS: readonly TransitionActor[] = [
  { role: 'agent', username: 'agent1' },
  { role: 'agent', username: 'agent2' },
  { role: 'agent', username: 'agent3' },
  { role: 'supervisor', username: 'supervisor1' },
];
export const SUPERVISOR: TransitionActor = { role: 'supervisor', username: 'supervisor1' };
export const FIELD_CATEGORIES: ReadonlySet<Category> = new Set([
  'replace_device',
  'replace_sam_card',
  'replace_network_card',
  'paper_supply',
]);

export function regionOf(x: { region: string }): RegionCode {
  return x.region === 'BDG' ? 'BDG' : 'JKT';
}
