/**
 * Demo data generator (DESIGN section 8): merchants, devices, six months of case history
 * and the demo users, for `npm start` on an empty database. Pure and deterministic: the
 * same `now` and `seed` give the same rows, byte for byte, so a demo and its screenshots
 * are reproducible. No I/O here — the seeding code inserts what this returns (and hashes
 * the demo password itself).
 *
 * The history is simulated with the real domain rules: every case goes through
 * `acceptCase` (so SLA dates, case type and unit come from the catalogue) and every
 * status change through `planTransition` (so events and patches are exactly what the
 * server would write). Anything scheduled after `now` has not happened yet, which is what
 * leaves recent cases open, in progress or resolved.
 */
import type {
  Case,
  CaseEvent,
  CaseSubmission,
  Category,
  Channel,
  Device,
  Merchant,
  Role,
  TransitionAction,
  TransitionRequest,
} from '@edc/shared';
import {
  acceptCase,
  DEFAULT_SLA_CATALOGUE,
  findSlaRule,
  formatCaseNumber,
  holidayDateSet,
  INDONESIAN_HOLIDAYS_2025_2027,
  isBlockingStatus,
  jakartaDateOf,
  jakartaInstant,
  mulberry32,
  planTransition,
  type TransitionActor,
} from '@edc/shared/domain';

/** A demo user without a password (the server hashes `demo-pass-2026`). */
export type DemoUser = {
  username: string;
  role: Role;
  displayName: string;
  regions?: string[];
  mid?: string;
};

/** Everything the demo seeding inserts. */
export type DemoData = {
  merchants: Merchant[];
  devices: Device[];
  cases: Case[];
  events: CaseEvent[];
  users: DemoUser[];
  /** Last case-number sequence used per Jakarta day, for `case_number_counters`. */
  caseNumberCounters: { day: string; last: number }[];
};

/** Options of {@link generateDemoData}. */
export type DemoOptions = {
  now: Date;
  seed?: number;
  merchants?: number;
  devices?: number;
  months?: number;
};

/** Password of every demo user (DESIGN section 4); hashed by the seeding code. */
export const DEMO_PASSWORD = 'demo-pass-2026';

const MS_MIN = 60_000;
const MS_HOUR = 60 * MS_MIN;
const MS_DAY = 24 * MS_HOUR;

// ---- deterministic randomness -----------------------------------------------------------

// mulberry32 (shared/src/domain/prng.ts): identical on every platform, so the demo set is too.

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new RangeError('weighted pick from an empty list');
    return last[0];
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += this.int(16).toString(16);
    return s;
  }
  /** Knuth's Poisson sampler; fine for the small daily means used here. */
  poisson(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
  /** UUID shaped like v7: the event time in the top 48 bits, then random bits. */
  uuidV7(at: number): string {
    const ts = Math.max(0, Math.floor(at)).toString(16).padStart(12, '0').slice(-12);
    const variant = (8 + this.int(4)).toString(16);
    return `${ts.slice(0, 8)}-${ts.slice(8)}-7${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}

/**
 * Bijective scramble of 1..10^digits-1: multiplying by a constant coprime to 10 (about
 * the golden ratio of the modulus, so neighbours land far apart) is a permutation mod
 * 10^digits — unique, random-looking identifiers without a "seen" set.
 */
function scramble(i: number, digits: number, salt: number): string {
  const mod = 10n ** BigInt(digits);
  let mult = ((mod * 6_180_339_887n) / 10_000_000_000n) | 1n;
  if (mult % 5n === 0n) mult += 2n;
  const v = ((BigInt(i) + 1n) * mult + BigInt(salt)) % mod;
  return v.toString().padStart(digits, '0');
}

// ---- vocabulary -------------------------------------------------------------------------

type RegionCode = 'JKT' | 'BDG';
type RegionInfo = {
  /** City name with its centre (lat, lng), for plausible technician locations. */
  cities: readonly (readonly [string, number, number])[];
  streets: readonly string[];
  phonePrefix: string;
  tidPrefix: string;
};

const REGIONS: Record<RegionCode, RegionInfo> = {
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

const MERCHANT_KINDS = [
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

const MODELS = [
  { model: 'Verifone V200T', prefix: 'V2T', sim: true, weight: 30 },
  { model: 'Verifone VX520', prefix: 'VX5', sim: true, weight: 12 },
  { model: 'Ingenico Move2500', prefix: 'M25', sim: true, weight: 22 },
  { model: 'Ingenico Desk3500', prefix: 'D35', sim: false, weight: 8 },
  { model: 'PAX A920', prefix: 'A92', sim: true, weight: 20 },
  { model: 'PAX S90', prefix: 'S90', sim: true, weight: 8 },
] as const;

/** Indonesian operators' ICCID issuer codes after the 89 62 prefix. */
const ICCID_ISSUERS = ['10', '01', '11', '21'] as const;

const CATEGORY_WEIGHTS: readonly (readonly [Category, number])[] = [
  ['replace_device', 30],
  ['paper_supply', 22],
  ['replace_network_card', 18],
  ['replace_sam_card', 8],
  ['transaction_settlement', 10],
  ['merchant_data', 6],
  ['other', 6],
];

const DESCRIPTIONS: Record<string, readonly string[]> = {
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

const RCA_CAPA: Record<Category, readonly (readonly [string, string])[]> = {
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

const TECHNICIANS: Record<RegionCode, readonly string[]> = {
  JKT: ['tech1', 'tech2', 'teknisi.jkt03', 'teknisi.jkt04', 'teknisi.jkt05', 'teknisi.jkt06'],
  BDG: ['tech3', 'teknisi.bdg02', 'teknisi.bdg03'],
};
const AGENTS: readonly TransitionActor[] = [
  { role: 'agent', username: 'agent1' },
  { role: 'agent', username: 'agent2' },
  { role: 'agent', username: 'agent3' },
  { role: 'supervisor', username: 'supervisor1' },
];
const SUPERVISOR: TransitionActor = { role: 'supervisor', username: 'supervisor1' };
const FIELD_CATEGORIES: ReadonlySet<Category> = new Set([
  'replace_device',
  'replace_sam_card',
  'replace_network_card',
  'paper_supply',
]);

function regionOf(x: { region: string }): RegionCode {
  return x.region === 'BDG' ? 'BDG' : 'JKT';
}

// ---- generator --------------------------------------------------------------------------

type DeviceState = { device: Device; merchant: Merchant; blockedUntil: number; blockingCase: Case | null };

/**
 * Generate the demo data set for `now` (see the module comment). Defaults: 2,000
 * merchants, 5,000 devices, six months of cases, seed 20260101.
 */
export function generateDemoData(options: DemoOptions): DemoData {
  const now = options.now.getTime();
  const seed = options.seed ?? 20_260_101;
  const merchantCount = options.merchants ?? 2000;
  const deviceCount = Math.max(options.devices ?? 5000, merchantCount);
  const months = options.months ?? 6;
  const rng = new Rng(seed);
  const stamp = new Date(now).toISOString();

  // ---- merchants ----
  const merchants: Merchant[] = [];
  for (let i = 0; i < merchantCount; i++) {
    const region: RegionCode = rng.chance(0.65) ? 'JKT' : 'BDG';
    const r = REGIONS[region];
    const [city] = rng.pick(r.cities);
    const [kind, names] = rng.pick(MERCHANT_KINDS);
    const mid = `0008${region === 'JKT' ? '1' : '2'}${scramble(i, 10, 1_234_567)}`;
    merchants.push({
      id: mid,
      mid,
      name: `${kind} ${rng.pick(names)}${rng.chance(0.25) ? ` ${city}` : ''}`,
      address: `${rng.pick(r.streets)} No. ${1 + rng.int(250)}`,
      city,
      region,
      phone: rng.chance(0.5)
        ? `${r.phonePrefix}${rng.digits(4)}-${rng.digits(4)}`
        : `08${rng.digits(2)}-${rng.digits(4)}-${rng.digits(4)}`,
      status: rng.chance(0.97) ? 'active' : 'inactive',
      updatedAt: stamp,
      _deleted: false,
    });
  }

  // ---- devices: one per merchant first, the rest spread over merchants ----
  const devices: Device[] = [];
  const states: DeviceState[] = [];
  for (let i = 0; i < deviceCount; i++) {
    const merchant = i < merchantCount ? merchants[i] : rng.pick(merchants);
    if (!merchant) throw new RangeError('no merchants to attach devices to');
    const region = regionOf(merchant);
    const m = rng.weighted(MODELS.map((x) => [x, x.weight] as const));
    const serialNumber = `${m.prefix}${scramble(i, 8, 9_876_543)}`;
    const status =
      merchant.status === 'inactive'
        ? rng.pick(['in_warehouse', 'decommissioned'] as const)
        : rng.weighted([
            ['on_operation', 88],
            ['in_warehouse', 5],
            ['under_repair', 4],
            ['decommissioned', 3],
          ] as const);
    const device: Device = {
      id: serialNumber,
      serialNumber,
      model: m.model,
      tid: `${REGIONS[region].tidPrefix}${scramble(i, 6, 424_242)}`,
      mid: merchant.mid,
      status,
      region,
      updatedAt: stamp,
      _deleted: false,
    };
    // Optional fields are omitted, never undefined (wire rule of entities.ts).
    if (rng.chance(0.8)) device.samSerial = `SAM${scramble(i, 10, 55_555)}`;
    if (m.sim) device.simSerial = `8962${rng.pick(ICCID_ISSUERS)}${scramble(i, 13, 777_777)}`;
    devices.push(device);
    states.push({ device, merchant, blockedUntil: Number.NEGATIVE_INFINITY, blockingCase: null });
  }

  // merchant1: a JKT merchant with at least two terminals in operation and no blocking
  // case, so the demo can file a complaint and a technician can file a replacement.
  const operationalByMid = new Map<string, number>();
  for (const d of devices) {
    if (d.status === 'on_operation') operationalByMid.set(d.mid, (operationalByMid.get(d.mid) ?? 0) + 1);
  }
  const demoMerchant =
    merchants.find(
      (m) => m.region === 'JKT' && m.status === 'active' && (operationalByMid.get(m.mid) ?? 0) >= 2,
    ) ?? merchants.find((m) => (operationalByMid.get(m.mid) ?? 0) >= 1);
  const demoMid = demoMerchant?.mid;

  const users: DemoUser[] = [
    { username: 'tech1', role: 'technician', displayName: 'Budi Santoso', regions: ['JKT'] },
    { username: 'tech2', role: 'technician', displayName: 'Agus Setiawan', regions: ['JKT'] },
    { username: 'tech3', role: 'technician', displayName: 'Dedi Kurniawan', regions: ['BDG'] },
    ...(demoMid
      ? [
          {
            username: 'merchant1',
            role: 'merchant' as const,
            displayName: demoMerchant?.name ?? 'Merchant',
            mid: demoMid,
          },
        ]
      : []),
    { username: 'agent1', role: 'agent', displayName: 'Siti Rahmawati' },
    { username: 'supervisor1', role: 'supervisor', displayName: 'Rina Wulandari' },
    { username: 'admin1', role: 'admin', displayName: 'Andi Pratama' },
  ];

  // ---- cases ----
  const holidays = holidayDateSet(INDONESIAN_HOLIDAYS_2025_2027);
  const operational = states.filter((s) => s.device.status === 'on_operation');
  const notOperational = states.filter((s) => s.device.status !== 'on_operation');
  const cases: Case[] = [];
  const events: CaseEvent[] = [];
  /** Rejected `tid_mid_open` cases point at their blocker; numbers are given at the end. */
  const blockers = new Map<Case, Case>();

  const startDay = jakartaDateOf(new Date(now - months * 30.44 * MS_DAY));
  const today = jakartaDateOf(new Date(now));
  // About 7% of terminals raise a case per month; a slow upward trend over the window.
  const perMonth = deviceCount * 0.07;
  let day = startDay;
  let dayIndex = 0;
  const totalDays =
    Math.round((jakartaInstant(today).getTime() - jakartaInstant(startDay).getTime()) / MS_DAY) + 1;
  while (day <= today) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const dayFactor = weekday === 0 ? 0.45 : weekday === 6 ? 0.7 : holidays.has(day) ? 0.5 : 1.12;
    const trend = 0.85 + 0.3 * (dayIndex / Math.max(1, totalDays));
    const n = rng.poisson((perMonth / 30.44) * dayFactor * trend);
    const times: number[] = [];
    for (let k = 0; k < n; k++) {
      // Reports cluster in shop hours, 07:00–21:00 Jakarta time.
      const hour = rng.weighted([
        [7, 3],
        [8, 6],
        [9, 9],
        [10, 10],
        [11, 10],
        [12, 7],
        [13, 8],
        [14, 9],
        [15, 8],
        [16, 7],
        [17, 6],
        [18, 5],
        [19, 4],
        [20, 3],
      ] as const);
      times.push(jakartaInstant(day, hour * MS_HOUR + rng.int(60) * MS_MIN + rng.int(60) * 1000).getTime());
    }
    times.sort((a, b) => a - b);
    for (const t of times) {
      if (t >= now) continue;
      generateCase(t);
    }
    day = nextDay(day);
    dayIndex++;
  }

  function nextDay(d: string): string {
    return new Date(new Date(`${d}T00:00:00Z`).getTime() + MS_DAY).toISOString().slice(0, 10);
  }

  function pushEvent(
    c: Case,
    type: CaseEvent['type'],
    at: number,
    actor: string,
    extra: Partial<CaseEvent> = {},
  ) {
    events.push({
      id: rng.uuidV7(at),
      caseId: c.id,
      type,
      at: new Date(at).toISOString(),
      actor,
      _deleted: false,
      ...extra,
    });
  }

  function generateCase(reported: number): void {
    const category = rng.weighted(CATEGORY_WEIGHTS);
    const subcases = DEFAULT_SLA_CATALOGUE.filter((r) => r.category === category);
    // Earlier catalogue entries are the common ones (dead terminal, paper out).
    const rule = rng.weighted(subcases.map((r, i) => [r, subcases.length - i] as const));
    const field = FIELD_CATEGORIES.has(category);

    // Who files it, through which channel, and about which terminal.
    const channel: Channel = field
      ? rng.weighted([
          ['technician_app', 70],
          ['merchant_app', 18],
          ['phone', 8],
          ['whatsapp', 4],
        ] as const)
      : rng.weighted([
          ['merchant_app', 45],
          ['phone', 25],
          ['whatsapp', 15],
          ['email', 10],
          ['walk_in', 5],
        ] as const);
    const withDevice = field || rng.chance(0.5);

    // A few rejections, as in real life: unknown serials and terminals not in operation.
    if (channel === 'technician_app' && rng.chance(0.025)) {
      rejectedCase(reported, category, rule.subcase, 'device_not_found', null);
      return;
    }
    if (channel === 'technician_app' && rng.chance(0.02) && notOperational.length > 0) {
      rejectedCase(reported, category, rule.subcase, 'device_not_operational', rng.pick(notOperational));
      return;
    }

    let state: DeviceState | null = null;
    let merchant: Merchant;
    if (withDevice) {
      // Look for a terminal without a blocking case; a technician who picks a blocked one
      // gets `tid_mid_open` (Table 2 rows 20/22), which the history shows now and then.
      for (let attempt = 0; attempt < 8 && state === null; attempt++) {
        const s = rng.pick(operational);
        if (s.blockedUntil <= reported) state = s;
        else if (channel === 'technician_app' && s.blockingCase && rng.chance(0.35)) {
          rejectedCase(reported, category, rule.subcase, 'tid_mid_open', s);
          return;
        }
      }
      if (state === null) return;
      merchant = state.merchant;
    } else {
      merchant = rng.pick(merchants);
    }
    const region = regionOf(merchant);

    const createdBy =
      channel === 'technician_app'
        ? rng.pick(TECHNICIANS[region])
        : channel === 'merchant_app'
          ? merchantUsername(merchant.mid)
          : rng.pick(AGENTS).username;
    const role: Role =
      channel === 'technician_app' ? 'technician' : channel === 'merchant_app' ? 'merchant' : 'agent';

    // Technicians are often offline: the case reaches the server minutes to hours later.
    const delay =
      channel === 'technician_app' && rng.chance(0.3)
        ? rng.between(10 * MS_MIN, 6 * MS_HOUR)
        : rng.between(5_000, 4 * MS_MIN);
    const accepted = reported + delay;
    if (accepted >= now) return; // still in a phone's outbox

    const id = rng.uuidV7(reported);
    const city = REGIONS[region].cities.find(([name]) => name === merchant.city) ?? REGIONS[region].cities[0];
    const submission: CaseSubmission = {
      id,
      clientRev: rng.uuidV7(reported),
      status: 'submitted',
      category,
      subcase: rule.subcase,
      description: rng.pick(DESCRIPTIONS[rule.subcase] ?? [rule.label]),
      channel,
      mid: merchant.mid,
      attachmentIds: [],
      reportedAt: new Date(reported).toISOString(),
    };
    if (state) submission.serialNumber = state.device.serialNumber;
    if (channel === 'technician_app') {
      submission.location = {
        lat: Number(((city?.[1] ?? -6.2) + rng.between(-0.04, 0.04)).toFixed(5)),
        lng: Number(((city?.[2] ?? 106.8) + rng.between(-0.04, 0.04)).toFixed(5)),
        accuracyM: Math.round(rng.between(4, 60)),
      };
    }

    const result = acceptCase({
      submission,
      device: state?.device ?? null,
      rule: findSlaRule(DEFAULT_SLA_CATALOGUE, category, rule.subcase),
      now: new Date(accepted),
      holidays,
      seq: 1, // renumbered in acceptance order at the end
      createdBy,
      role,
      userMid: merchant.mid,
      regions: [region],
    });
    if (result.kind !== 'accepted') return;
    const { status: _submitted, ...fromSubmission } = submission;
    let c: Case = {
      ...fromSubmission,
      ...result.fields,
      status: 'open',
      serverRev: 1,
      createdBy,
      escalationLevel: 0,
      updatedAt: result.fields.acceptedAt,
      _deleted: false,
    };
    const mark = events.length;
    pushEvent(c, 'submitted', reported, createdBy);
    pushEvent(c, 'accepted', accepted, 'system');

    // ---- the planned life of the case; steps after `now` have not happened yet ----
    const due = new Date(c.dueAt ?? accepted).getTime();
    const responseDue = new Date(c.responseDueAt ?? accepted).getTime();
    const agent = rng.pick(AGENTS);
    const merchantActor: TransitionActor = {
      role: 'merchant',
      username: merchantUsername(merchant.mid),
      mid: merchant.mid,
    };
    type Step = { action: TransitionAction; at: number; actor: TransitionActor; request: TransitionRequest };
    const steps: Step[] = [];
    const respondIn = rng.chance(0.85) ? rng.between(0.1, 0.9) : rng.between(1.05, 3);
    const assignAt = accepted + (responseDue - accepted) * respondIn;
    steps.push({
      action: 'assign',
      at: assignAt,
      actor: SUPERVISOR,
      request: { action: 'assign', assignee: agent.username },
    });
    if (now - accepted < 30 * MS_DAY && rng.chance(0.05)) {
      // A few recent cases slipped through the desk: open past their deadline, escalated
      // to the supervisor — what the SLA monitor exists to catch.
      steps.length = 0;
      steps.push({
        action: 'escalate',
        at: due + rng.between(MS_HOUR, 12 * MS_HOUR),
        actor: SUPERVISOR,
        request: { action: 'escalate', note: 'Melewati batas SLA tanpa penanganan.' },
      });
    } else if (rng.chance(0.03)) {
      steps.push({
        action: 'cancel',
        at: assignAt + rng.between(30 * MS_MIN, MS_DAY),
        actor: agent,
        request: { action: 'cancel', note: 'Duplikat laporan / dibatalkan merchant.' },
      });
    } else {
      // Usually picked up within hours; a backlog sometimes leaves a case waiting for days.
      const startAt =
        assignAt +
        (rng.chance(0.1) ? rng.between(8 * MS_HOUR, 2 * MS_DAY) : rng.between(5 * MS_MIN, 2 * MS_HOUR));
      steps.push({ action: 'start', at: startAt, actor: agent, request: { action: 'start' } });
      const target = Math.max(due - accepted, MS_HOUR);
      // ~14% of cases miss the resolution target.
      const share = rng.chance(0.86) ? rng.between(0.15, 0.95) : rng.between(1.03, 1.9);
      let resolveAt = Math.max(accepted + target * share, startAt + rng.between(30 * MS_MIN, 4 * MS_HOUR));
      if (rng.chance(0.12)) {
        const escalateAt = startAt + (resolveAt - startAt) * rng.between(0.2, 0.6);
        steps.push({
          action: 'escalate',
          at: escalateAt,
          actor: SUPERVISOR,
          request: { action: 'escalate', note: 'Melewati target respon, naik ke supervisor.' },
        });
        if (rng.chance(0.3)) {
          steps.push({
            action: 'escalate',
            at: escalateAt + rng.between(MS_HOUR, 6 * MS_HOUR),
            actor: SUPERVISOR,
            request: { action: 'escalate', note: 'Butuh keputusan Customer Service Manager.' },
          });
          resolveAt = Math.max(resolveAt, escalateAt + 7 * MS_HOUR);
        }
      }
      const [rca, capa] = rng.pick(RCA_CAPA[category]);
      steps.push({
        action: 'resolve',
        at: resolveAt,
        actor: agent,
        request: { action: 'resolve', rca, capa },
      });
      let closeFrom = resolveAt;
      if (rng.chance(0.04)) {
        const reopenAt = resolveAt + rng.between(MS_HOUR, MS_DAY);
        steps.push({
          action: 'reopen',
          at: reopenAt,
          actor: merchantActor,
          request: { action: 'reopen', note: 'Masalah muncul lagi.' },
        });
        const restart = reopenAt + rng.between(30 * MS_MIN, 4 * MS_HOUR);
        steps.push({ action: 'start', at: restart, actor: agent, request: { action: 'start' } });
        closeFrom = restart + rng.between(2 * MS_HOUR, MS_DAY);
        steps.push({
          action: 'resolve',
          at: closeFrom,
          actor: agent,
          request: { action: 'resolve', rca, capa },
        });
      }
      if (rng.chance(0.55)) {
        const satisfaction = rng.chance(0.65)
          ? rng.weighted([
              [5, 45],
              [4, 35],
              [3, 12],
              [2, 5],
              [1, 3],
            ] as const)
          : undefined;
        steps.push({
          action: 'close',
          at: closeFrom + rng.between(MS_HOUR, 72 * MS_HOUR),
          actor: merchantActor,
          request: { action: 'close', satisfaction },
        });
      } else {
        // No answer from the merchant: the desk closes after the confirmation window.
        steps.push({
          action: 'close',
          at: closeFrom + rng.between(24 * MS_HOUR, 72 * MS_HOUR),
          actor: agent,
          request: { action: 'close', note: 'Ditutup otomatis, tidak ada tanggapan merchant.' },
        });
      }
    }
    steps.sort((a, b) => a.at - b.at);

    let lastWrite = accepted;
    for (const step of steps) {
      if (step.at >= now) break;
      const at = Math.floor(step.at);
      const plan = planTransition({
        current: c,
        action: step.action,
        actor: step.actor,
        request: step.request,
        now: new Date(at),
      });
      if (!plan.ok) break;
      c = { ...c, ...plan.patch, serverRev: c.serverRev + 1 };
      if ('resolvedAt' in plan.patch && plan.patch.resolvedAt === undefined) delete c.resolvedAt;
      const extra: Partial<CaseEvent> = {};
      if (plan.event.note !== undefined) extra.note = plan.event.note;
      if (plan.event.data !== undefined) extra.data = plan.event.data;
      pushEvent(c, plan.event.type, at, step.actor.username, extra);
      lastWrite = at;
      if (step.action === 'start' && rng.chance(0.25)) {
        const commentAt = Math.floor(at + rng.between(5 * MS_MIN, MS_HOUR));
        if (commentAt < now)
          pushEvent(c, 'comment', commentAt, step.actor.username, { note: 'Teknisi dijadwalkan kunjungan.' });
      }
    }
    c.updatedAt = new Date(lastWrite).toISOString();

    // merchant1 must end with no blocking case: drop a history line that would leave one.
    if (c.mid === demoMid && isBlockingStatus(c.status)) {
      events.length = mark;
      return;
    }
    cases.push(c);
    if (state) {
      const endStep = steps.find((s) => s.action === 'close' || s.action === 'cancel');
      const ends =
        endStep && endStep.at < now && !isBlockingStatus(c.status) ? endStep.at : Number.POSITIVE_INFINITY;
      state.blockedUntil = ends;
      state.blockingCase = c;
    }
  }

  function rejectedCase(
    reported: number,
    category: Category,
    subcase: string,
    reason: 'device_not_found' | 'device_not_operational' | 'tid_mid_open',
    state: DeviceState | null,
  ): void {
    const region: RegionCode = state ? regionOf(state.device) : rng.chance(0.65) ? 'JKT' : 'BDG';
    const createdBy = rng.pick(TECHNICIANS[region]);
    const at = Math.floor(reported + rng.between(5_000, 3 * MS_MIN));
    if (at >= now) return;
    const c: Case = {
      id: rng.uuidV7(reported),
      clientRev: rng.uuidV7(reported),
      serverRev: 1,
      status: 'rejected',
      rejectReason: reason,
      category,
      subcase,
      description: rng.pick(DESCRIPTIONS[subcase] ?? ['EDC bermasalah.']),
      channel: 'technician_app',
      serialNumber: state ? state.device.serialNumber : `${rng.pick(MODELS).prefix}${rng.digits(8)}`,
      mid: state ? state.device.mid : '',
      attachmentIds: [],
      reportedAt: new Date(reported).toISOString(),
      createdBy,
      escalationLevel: 0,
      updatedAt: new Date(at).toISOString(),
      _deleted: false,
    };
    if (state) c.tid = state.device.tid;
    if (reason === 'tid_mid_open' && state?.blockingCase) blockers.set(c, state.blockingCase);
    cases.push(c);
    pushEvent(c, 'submitted', reported, createdBy);
    pushEvent(c, 'rejected', at, 'system', { data: { reason } });
  }

  function merchantUsername(mid: string): string {
    return mid === demoMid ? 'merchant1' : `merchant.${mid}`;
  }

  // ---- official numbers in acceptance order, per Jakarta day ----
  const accepted = cases.filter((c) => c.acceptedAt !== undefined);
  accepted.sort((a, b) => (a.acceptedAt ?? '').localeCompare(b.acceptedAt ?? '') || a.id.localeCompare(b.id));
  const counters = new Map<string, number>();
  for (const c of accepted) {
    const at = new Date(c.acceptedAt ?? 0);
    const dayKey = jakartaDateOf(at);
    const seq = (counters.get(dayKey) ?? 0) + 1;
    counters.set(dayKey, seq);
    c.caseNumber = formatCaseNumber(at, seq);
  }
  for (const [rejected, blocker] of blockers) {
    if (blocker.caseNumber) rejected.blockingCaseNumber = blocker.caseNumber;
  }
  const byId = new Map(cases.map((c) => [c.id, c]));
  for (const e of events) {
    const c = byId.get(e.caseId);
    if (e.type === 'accepted' && c?.caseNumber) e.data = { caseNumber: c.caseNumber };
    if (e.type === 'rejected' && c?.blockingCaseNumber)
      e.data = { ...e.data, blockingCaseNumber: c.blockingCaseNumber };
  }

  return {
    merchants,
    devices,
    cases,
    events,
    users,
    caseNumberCounters: [...counters]
      .map(([d, last]) => ({ day: d, last }))
      .sort((a, b) => a.day.localeCompare(b.day)),
  };
}
