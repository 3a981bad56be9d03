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
export const NORMALIZER_VERSION = 10;

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
  tmbh: 'tambah',
  tmbah: 'tambah',
  gnti: 'ganti',
  almt: 'alamat',
  nmr: 'nomor',
  nomer: 'nomor',
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
  // more chat abbreviations and spellings (vowels dropped, sounds written as heard)
  gx: 'tidak',
  kgk: 'tidak',
  ndak: 'tidak',
  nda: 'tidak',
  ndk: 'tidak',
  gpp: 'tidak apa',
  smua: 'semua',
  smw: 'semua',
  sluruh: 'seluruh',
  trs: 'terus',
  trus: 'terus',
  mulu: 'terus',
  melulu: 'terus',
  skali: 'sekali',
  dpt: 'dapat',
  dapet: 'dapat',
  bnyk: 'banyak',
  lgsg: 'langsung',
  lgsng: 'langsung',
  msk: 'masuk',
  kmrn: 'kemarin',
  kmarin: 'kemarin',
  kemaren: 'kemarin',
  td: 'tadi',
  tdi: 'tadi',
  brp: 'berapa',
  kpn: 'kapan',
  napa: 'kenapa',
  ngapain: 'kenapa',
  pake: 'pakai',
  dipake: 'dipakai',
  ato: 'atau',
  jd: 'jadi',
  jdi: 'jadi',
  dikit: 'sedikit',
  sdikit: 'sedikit',
  cpt: 'cepat',
  mhn: 'mohon',
  tlp: 'telepon',
  telp: 'telepon',
  msh: 'masih',
  ttp: 'tetap',
  tetep: 'tetap',
  pls: 'please',
  plz: 'please',
  idup: 'hidup',
  nyalain: 'nyalakan',
  matiin: 'matikan',
  dateng: 'datang',
  dtg: 'datang',
  kirimin: 'kirim',
  gantiin: 'ganti',
  // Javanese
  ora: 'tidak',
  ra: 'tidak',
  mboten: 'tidak',
  boten: 'tidak',
  iso: 'bisa',
  isa: 'bisa',
  saged: 'bisa',
  wis: 'sudah',
  uwis: 'sudah',
  wes: 'sudah',
  sampun: 'sudah',
  durung: 'belum',
  dereng: 'belum',
  entek: 'habis',
  telas: 'habis',
  urip: 'hidup',
  blas: 'sama sekali',
  babar: '',
  mlebu: 'masuk',
  mlebet: 'masuk',
  metu: 'keluar',
  medal: 'keluar',
  kudu: 'harus',
  piye: 'bagaimana',
  kepiye: 'bagaimana',
  pripun: 'bagaimana',
  opo: 'apa',
  nopo: 'apa',
  nganggo: 'pakai',
  ngagem: 'pakai',
  dhewe: 'sendiri',
  dewe: 'sendiri',
  nggih: 'iya',
  njaluk: 'minta',
  nyuwun: 'minta',
  takon: 'tanya',
  arep: 'mau',
  ajeng: 'mau',
  neng: 'di',
  ning: 'di',
  teng: 'di',
  karo: 'dengan',
  kalih: 'dengan',
  wingi: 'kemarin',
  saiki: 'sekarang',
  sakniki: 'sekarang',
  ono: 'ada',
  wonten: 'ada',
  akeh: 'banyak',
  kathah: 'banyak',
  sithik: 'sedikit',
  sekedik: 'sedikit',
  tulung: 'tolong',
  suwun: 'terimakasih',
  mesine: 'mesin',
  struke: 'struk',
  duite: 'uang',
  sinyale: 'sinyal',
  layare: 'layar',
  tulisane: 'tulisan',
  kartune: 'kartu',
  printere: 'printer',
  rekeninge: 'rekening',
  kertase: 'kertas',
  edce: 'edc',
  edcne: 'edc',
  ngadat: 'macet',
  kabeh: 'semua',
  sedoyo: 'semua',
  dino: 'hari',
  gelem: 'mau',
  balekke: 'kembalikan',
  dibalekke: 'dikembalikan',
  pirso: 'tahu',
  pindho: 'dua kali',
  pindo: 'dua kali',
  // Sundanese
  naon: 'apa',
  teu: 'tidak',
  henteu: 'tidak',
  acan: 'belum',
  tos: 'sudah',
  atos: 'sudah',
  tiasa: 'bisa',
  hurung: 'nyala',
  paeh: 'mati',
  leungit: 'hilang',
  asup: 'masuk',
  lebet: 'masuk',
  seep: 'habis',
  bade: 'mau',
  naros: 'tanya',
  kumaha: 'bagaimana',
  abdi: 'saya',
  wae: 'terus',
  pisan: 'sekali',
  dianggo: 'dipakai',
  gentos: 'ganti',
  ngagentos: 'ganti',
  nami: 'nama',
  artos: 'uang',
  aya: 'ada',
  sadayana: 'semua',
  kamari: 'kemarin',
  ayeuna: 'sekarang',
  kedah: 'harus',
  sok: 'sering',
  upami: 'kalau',
  kanggo: 'untuk',
  // Minang
  indak: 'tidak',
  alun: 'belum',
  pitih: 'uang',
  kapatang: 'kemarin',
  masuak: 'masuk',
  kalua: 'keluar',
  ambo: 'saya',
  ado: 'ada',
  dapek: 'dapat',
  baa: 'bagaimana',
  caronyo: 'caranya',
  kanai: 'kena',
  duo: 'dua',
  bana: 'sekali',
  tarimo: 'terima',
  // Balinese
  nyidang: 'bisa',
  nyidaang: 'bisa',
  ngidang: 'bisa',
  tonden: 'belum',
  suba: 'sudah',
  pipis: 'uang',
  dibi: 'kemarin',
  ibi: 'kemarin',
  tiang: 'saya',
  nunas: 'minta',
  suksma: 'terimakasih',
  kenken: 'bagaimana',
  jani: 'sekarang',
  // Makassar
  tena: 'tidak',
  nakke: 'saya',
  // Betawi
  kaga: 'tidak',
  kage: 'tidak',
  aye: 'saya',
  ente: 'anda',
  udeh: 'sudah',
  ude: 'sudah',
  belon: 'belum',
  kenape: 'kenapa',
  gimane: 'bagaimana',
  ape: 'apa',
  aje: 'saja',
  laen: 'lain',
  kite: 'kita',
  nyang: 'yang',
  doang: 'saja',
  // Malay spellings
  rosak: 'rusak',
  kad: 'kartu',
  akaun: 'rekening',
  wang: 'uang',
  duit: 'uang',
  resit: 'struk',
  skrin: 'layar',
  hantar: 'kirim',
  mesej: 'pesan',
  talian: 'jaringan',
  rangkaian: 'jaringan',
  sahaja: 'saja',
  kedai: 'toko',
  tukar: 'ganti',
  sikit: 'sedikit',
  nak: 'mau',
  tiada: 'tidak ada',
  guna: 'pakai',
  boleh: 'bisa',
  // particles and fillers that carry no meaning for the complaint
  sih: '',
  dong: '',
  deh: '',
  nih: '',
  tuh: '',
  lho: '',
  loh: '',
  lha: '',
  kok: '',
  toh: '',
  je: '',
  mah: '',
  euy: '',
  atuh: '',
  wkwk: '',
  wkwkwk: '',
  hehe: '',
};

// Security: SLANG is looked up with arbitrary user words, and a plain object literal
// answers `constructor` with Object's constructor (a function, not a string), which made
// `POST /api/classify {"text":"constructor"}` a 500 (issue 11). Without a prototype every
// missing word is `undefined`; the tokens of real words are unchanged, so is the model.
Object.setPrototypeOf(SLANG, null);

/** Words after which Balinese "sing" is the negation (see normalizeTokens). */
const BALINESE_NEGATED = new Set(
  'nyidang nyidaang ngidang bisa ada ado masuk kebaca nyala idup hidup mau keluar jalan konek nyambung ngetak nyak'.split(
    ' ',
  ),
);

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
  [/\bmatur (nuwun|suwun)\b/g, 'terimakasih'],
  [/\bhatur nuhun\b/g, 'terimakasih'],
  [/\btarimo kasih\b/g, 'terimakasih'],
  // "Hello Merchant Care," / "Yth. Layanan Merchant": the helpdesk's name in a letter frame,
  // not a merchant-data request
  [/\b(merchant care|merchant service|merchant services|layanan merchant|merchant support)\b/g, 'helpdesk'],
  // "terima kasih banyak", "hatur nuhun pisan", "matur suwun sanget": still only a thank-you
  [/\bterimakasih (banyak|sekali|pisan|sanget|banget|bgt|bnyk)\b/g, 'terimakasih'],
  // "ping pindho" (Javanese), "ping dua" (Balinese), "duo kali" (Minang): twice
  [/\bping (pindho|pindo|kalih|loro|dua)\b/g, 'dua kali'],
  // Krama "kaping kalih", Balinese "pindo" alone ("kepotong pindo"): twice
  [/\b(kaping kalih|pindo)\b/g, 'dua kali'],
  [/\bmacam mana\b/g, 'bagaimana'],
];

/** Prefixes of error codes that are followed by a number: "RC 05" → "rc05". */
const CODE_PREFIXES = new Set(['rc', 'err', 'error', 'e', 'kode', 'code']);

/** Long digit runs are MIDs, TIDs, serials, amounts: keep that a number was there, not which. */
const LONG_NUMBER = '#num';

/**
 * A question mark anywhere in the text: a question ("SIM-nya ada masa aktifnya?") usually asks
 * for information rather than reporting a stopped sale (seed 003: information is minor).
 */
export const QUESTION_MARK = '#q';

/**
 * Lowercases, strips diacritics and stretched letters, expands abbreviations, joins error
 * codes, and masks long numbers; a text with a question mark ends with the `#q` token.
 * Returns canonical tokens (may be empty).
 */
/**
 * Words that carry the impact or the subject of a complaint, recognised when typed without
 * most of their vowels ("trnsksi", "kdng", "sring", "mti totl", "sm skli"), as WhatsApp-short
 * writers do. A token maps to such a word when it has at most one vowel, keeps the word's
 * consonants in order and its letters are a subsequence of the word. Only these words: a
 * general rule would map too many short tokens to the wrong word.
 */
const VOWELLESS_WORDS =
  'transaksi kadang sering mati total sekali bisa gagal sinyal lambat lemot kartu mesin semua selalu terus hilang masuk belum sudah tolong ganti pembeli'.split(
    ' ',
  );
const VOWELS = /[aeiou]/g;
function isSubsequence(short: string, long: string): boolean {
  let j = 0;
  for (const ch of long) if (ch === short[j]) j++;
  return j === short.length;
}
/** The listed word `tok` is a vowel-dropped spelling of, if any (see VOWELLESS_WORDS). */
function vowellessWord(tok: string): string | undefined {
  if (tok.length < 3 || (tok.match(VOWELS)?.length ?? 0) > 1) return undefined;
  const skeleton = tok.replace(VOWELS, '');
  if (skeleton.length < 2) return undefined;
  const hits = VOWELLESS_WORDS.filter(
    (w) => w !== tok && w.replace(VOWELS, '') === skeleton && isSubsequence(tok, w),
  );
  return hits.length === 1 ? hits[0] : undefined;
}

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
    // "edcnya", "layarnya", "mesinnya" (Betawi "sinyalnye", Palembang/Minang "mesinnyo"): the
    // suffix carries no meaning here
    if (SLANG[tok] === undefined && tok.length > 5 && /(nya|nye|nyo)$/.test(tok)) tok = tok.slice(0, -3);
    // Sundanese -keun is Indonesian -kan: "dikirimkeun" → "dikirimkan"
    if (SLANG[tok] === undefined && tok.length > 6 && tok.endsWith('keun')) tok = `${tok.slice(0, -4)}kan`;
    // Balinese "sing nyidang / sing ada" is "tidak bisa / tidak ada", but Javanese "sing" is
    // "yang" ("sing anyar"): only a following verb or state makes it the negation.
    if (tok === 'sing' && next !== undefined && BALINESE_NEGATED.has(collapseStretch(next))) tok = 'tidak';
    const mapped = SLANG[tok] ?? vowellessWord(tok) ?? tok;
    if (mapped.length > 0) out.push(...mapped.split(' '));
  }
  if (out.length > 0 && text.includes('?')) out.push(QUESTION_MARK);
  return out;
}

/** "matiiii" → "mati", "tolonggg" → "tolong": three or more equal letters become one. */
function collapseStretch(token: string): string {
  return token.replace(/([a-z])\1{2,}/g, '$1');
}
