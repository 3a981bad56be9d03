/**
 * Text normalization for complaint classification: turns the way merchants, technicians
 * and call-centre agents actually type (Indonesian and English, chat abbreviations,
 * stretched letters, typos, error codes) into a canonical token list.
 *
 * Pure and deterministic: the same string always gives the same tokens, in the browser
 * and in Node, because the trained model is only valid for the exact tokens it saw.
 * Changing anything here changes the features, so retrain (`npm run train:classify -w
 * @edc/shared`) after every edit; the model records NORMALIZER_VERSION to catch a stale file.
 */

/** Bump on any change to normalization or feature extraction; the model stores it. */
export const NORMALIZER_VERSION = 1;

/**
 * Chat abbreviations and spelling variants → canonical word(s). Keys are single tokens
 * after lowercasing and collapsing stretched letters; values may be several words.
 */
const SLANG: Readonly<Record<string, string>> = {
  // negation — the single most important signal for "cannot transact"
  g: 'tidak',
  gk: 'tidak',
  ga: 'tidak',
  gak: 'tidak',
  gag: 'tidak',
  ngga: 'tidak',
  nggak: 'tidak',
  nggk: 'tidak',
  ngak: 'tidak',
  enggak: 'tidak',
  engga: 'tidak',
  tdk: 'tidak',
  tak: 'tidak',
  kagak: 'tidak',
  gabisa: 'tidak bisa',
  gbs: 'tidak bisa',
  gabs: 'tidak bisa',
  tdkbisa: 'tidak bisa',
  cant: 'cannot',
  // common words
  bs: 'bisa',
  bsa: 'bisa',
  bisaa: 'bisa',
  yg: 'yang',
  udh: 'sudah',
  udah: 'sudah',
  sdh: 'sudah',
  sudh: 'sudah',
  dah: 'sudah',
  blm: 'belum',
  blum: 'belum',
  belom: 'belum',
  blom: 'belum',
  krn: 'karena',
  karna: 'karena',
  tlg: 'tolong',
  tolongin: 'tolong',
  dgn: 'dengan',
  dg: 'dengan',
  utk: 'untuk',
  untk: 'untuk',
  bgt: 'banget',
  jg: 'juga',
  lg: 'lagi',
  lgi: 'lagi',
  skrg: 'sekarang',
  skr: 'sekarang',
  hrs: 'harus',
  sy: 'saya',
  aku: 'saya',
  gw: 'saya',
  gue: 'saya',
  tp: 'tapi',
  tpi: 'tapi',
  sm: 'sama',
  bbrp: 'beberapa',
  kl: 'kalau',
  klo: 'kalau',
  kalo: 'kalau',
  mksh: 'terimakasih',
  makasih: 'terimakasih',
  trims: 'terimakasih',
  thx: 'thanks',
  tq: 'thanks',
  knp: 'kenapa',
  gmn: 'bagaimana',
  gimana: 'bagaimana',
  dr: 'dari',
  pd: 'pada',
  org: 'orang',
  sj: 'saja',
  aja: 'saja',
  emg: 'memang',
  min: 'admin',
  mba: 'mbak',
  ilang: 'hilang',
  abis: 'habis',
  hbs: 'habis',
  mo: 'mau',
  pengen: 'mau',
  pingin: 'mau',
  // domain vocabulary
  trx: 'transaksi',
  trans: 'transaksi',
  transaksinya: 'transaksi',
  transaction: 'transaksi',
  transactions: 'transaksi',
  sttlmnt: 'settlement',
  stlmnt: 'settlement',
  setlement: 'settlement',
  settlemen: 'settlement',
  setelmen: 'settlement',
  setelment: 'settlement',
  settelment: 'settlement',
  stl: 'settlement',
  settle: 'settlement',
  settled: 'settlement',
  debet: 'debit',
  didebet: 'debit',
  didebit: 'debit',
  dobel: 'double',
  dobol: 'double',
  duble: 'double',
  signal: 'sinyal',
  signall: 'sinyal',
  sinyalnya: 'sinyal',
  batre: 'baterai',
  batere: 'baterai',
  battery: 'baterai',
  baterry: 'baterai',
  batt: 'baterai',
  struck: 'struk',
  struknya: 'struk',
  rek: 'rekening',
  norek: 'nomor rekening',
  mrchnt: 'merchant',
  merchan: 'merchant',
  mesinnya: 'mesin',
  edcnya: 'edc',
  layarnya: 'layar',
  printernya: 'printer',
  kertasnya: 'kertas',
  kartunya: 'kartu',
  dananya: 'dana',
  samnya: 'sam',
  simnya: 'sim',
  rekeningnya: 'rekening',
  alamatnya: 'alamat',
  jaringannya: 'jaringan',
  tombolnya: 'tombol',
  keypadnya: 'keypad',
  bateainya: 'baterai',
  bateraienya: 'baterai',
  bateraiinya: 'baterai',
  uangnya: 'uang',
  nya: '',
};

/** Two-word names that people also write as one abbreviation: fold them together. */
const PHRASES: readonly (readonly [RegExp, string])[] = [
  [/\bwi fi\b/g, 'wifi'],
  [/\bterminal id\b/g, 'tid'],
  [/\bmerchant id\b/g, 'mid'],
  [/\bserial number\b/g, 'sn'],
  [/\bsim card\b/g, 'simcard'],
  [/\bsam card\b/g, 'samcard'],
  [/\bsales draft\b/g, 'salesdraft'],
  [/\bterima kasih\b/g, 'terimakasih'],
];

/** Prefixes of error codes that are followed by a number: "RC 05" → "rc05". */
const CODE_PREFIXES = new Set(['rc', 'err', 'error', 'e', 'kode', 'code']);

/** Long digit runs are MIDs, TIDs, serials, amounts: keep that a number was there, not which. */
const LONG_NUMBER = '#num';

/**
 * Lowercases, strips diacritics and stretched letters, expands abbreviations, joins error
 * codes, and masks long numbers. Returns canonical tokens (may be empty).
 */
export function normalizeTokens(text: string): string[] {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // "kadang2" / "sering2" → reduplication, written out
    .replace(/\b([a-z]{3,})2\b/g, '$1 $1')
    // "wi-fi", "e-money", "e-103": glue a single letter prefix to what follows
    .replace(/\b([a-z])-(?=[a-z0-9])/g, '$1')
    .replace(/[^a-z0-9#]+/g, ' ');

  let folded = ` ${cleaned} `;
  for (const [re, to] of PHRASES) folded = folded.replace(re, to);
  const raw = folded.split(' ').filter((t) => t.length > 0);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let tok = collapseStretch(raw[i]!);
    const next = raw[i + 1];
    // "rc 05", "err 91", "e 103" → one code token, because the code is the signal
    if (CODE_PREFIXES.has(tok) && next !== undefined && /^\d{1,4}$/.test(next)) {
      out.push(`${tok === 'error' || tok === 'kode' || tok === 'code' ? 'err' : tok}${next}`);
      i++;
      continue;
    }
    if (/^\d{5,}$/.test(tok)) {
      out.push(LONG_NUMBER);
      continue;
    }
    // "edcnya", "layarnya", "mesinnya": the -nya suffix carries no meaning here
    if (SLANG[tok] === undefined && tok.length > 5 && tok.endsWith('nya')) tok = tok.slice(0, -3);
    const mapped = SLANG[tok] ?? tok;
    if (mapped.length > 0) out.push(...mapped.split(' '));
  }
  return out;
}

/** "matiiii" → "mati", "tolonggg" → "tolong": three or more equal letters become one. */
function collapseStretch(token: string): string {
  return token.replace(/([a-z])\1{2,}/g, '$1');
}
