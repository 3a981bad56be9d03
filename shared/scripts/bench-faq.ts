/**
 * `npm run bench:faq -w @edc/shared`: latency of the phone's FAQ search (issue 14) on a
 * large FAQ (the 30 demo-like articles repeated with variations up to 600), per query,
 * against a naive baseline measured in the same run (lower-case substring match of every
 * query word, no normalizer, no typo tolerance), and how many of a set of informal queries
 * each finds the right article for first.
 */
import { buildFaqIndex, type FaqSearchable, searchFaq } from '../src/domain/faq-search.ts';

const base: FaqSearchable[] = [
  {
    id: 'paper',
    category: 'paper_supply',
    locale: 'id',
    question: 'Kertas struk (roll) habis, bagaimana minta kertas baru?',
    answer: 'Buat laporan kategori Kertas/Slip dan tulis jumlah roll yang dibutuhkan.',
  },
  {
    id: 'settle',
    category: 'transaction_settlement',
    locale: 'id',
    question: 'Dana settlement belum masuk ke rekening',
    answer: 'Settlement diproses H+1 hari kerja setelah EDC melakukan settlement.',
  },
  {
    id: 'qris',
    category: 'transaction_settlement',
    locale: 'id',
    question: 'Pembayaran QRIS berstatus pending',
    answer: 'Tunggu 15 menit lalu cek ulang di menu Cek Status QRIS.',
  },
  {
    id: 'sam',
    category: 'replace_sam_card',
    locale: 'id',
    question: 'Muncul pesan SAM error atau SAM tidak terbaca',
    answer: 'Cabut kartu SAM lalu pasang kembali, nyalakan lagi.',
  },
  {
    id: 'signal',
    category: 'replace_network_card',
    locale: 'id',
    question: 'EDC tidak ada sinyal / koneksi gagal / host time out',
    answer: 'Restart EDC, pindahkan ke dekat jendela.',
  },
  {
    id: 'rc05',
    category: 'other',
    locale: 'id',
    question: 'Arti kode RC 05 (Do Not Honor)',
    answer: 'Transaksi ditolak oleh bank penerbit kartu.',
  },
];
const filler = [
  'cara',
  'biaya',
  'jadwal',
  'teknisi',
  'rekening',
  'alamat',
  'fitur',
  'cicilan',
  'tip',
  'laporan',
];
const articles: FaqSearchable[] = [...base];
for (let i = 0; articles.length < 600; i++) {
  const w = filler[i % filler.length]!;
  const v = filler[(i * 7) % filler.length]!;
  articles.push({
    id: `f${i}`,
    locale: 'id',
    question: `Pertanyaan ${w} ${v} nomor ${i}`,
    answer: `Jawaban tentang ${v} dan ${w}.`,
  });
}

const queries: [string, string][] = [
  ['kertasnya abiiis', 'paper'],
  ['kertsa struk habis', 'paper'],
  ['dana settlemen blm masuk', 'settle'],
  ['qris pending trs', 'qris'],
  ['sam eror', 'sam'],
  ['edc gk ada sinyal', 'signal'],
  ['rc 05 apa artinya', 'rc05'],
  ['RC05', 'rc05'],
];

function naive(list: readonly FaqSearchable[], q: string): FaqSearchable | undefined {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  let best: { a: FaqSearchable; n: number } | undefined;
  for (const a of list) {
    const text = `${a.question} ${a.answer}`.toLowerCase();
    const n = words.filter((w) => text.includes(w)).length;
    if (n > 0 && (!best || n > best.n)) best = { a, n };
  }
  return best?.a;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function time(fn: () => unknown, rounds = 200): { p50: number; p95: number } {
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

const t0 = performance.now();
const index = buildFaqIndex(articles);
const buildMs = performance.now() - t0;
const q = queries.map(([text]) => text);
let k = 0;
const ours = time(() => searchFaq(index, q[k++ % q.length]!, { locale: 'id' }));
k = 0;
const baseline = time(() => naive(articles, q[k++ % q.length]!));
const hitsOurs = queries.filter(
  ([text, id]) => searchFaq(index, text, { locale: 'id' })[0]?.article.id === id,
).length;
const hitsNaive = queries.filter(([text, id]) => naive(articles, text)?.id === id).length;

console.log(`FAQ search over ${articles.length} articles (index built in ${buildMs.toFixed(1)} ms)`);
console.log('| search | p50 ms | p95 ms | right article first |');
console.log('|---|---|---|---|');
console.log(
  `| searchFaq (normalizer, typos) | ${ours.p50.toFixed(3)} | ${ours.p95.toFixed(3)} | ${hitsOurs}/${queries.length} |`,
);
console.log(
  `| naive substring (baseline) | ${baseline.p50.toFixed(3)} | ${baseline.p95.toFixed(3)} | ${hitsNaive}/${queries.length} |`,
);
