/**
 * Hashed sparse features for the complaint classifier: word unigrams, word bigrams, word pairs
 * with one word between (skip-bigrams) and character trigrams of every word. Character n-grams
 * are what make the model robust to typos ("setlemen", "kertaz") and to unseen inflections;
 * word n-grams carry the phrases ("tidak bisa", "belum masuk").
 *
 * Features are hashed (FNV-1a, 32-bit, masked to HASH_BITS) so the model stores no
 * vocabulary strings; the trained model keeps only the hashed ids it actually uses.
 */
import { normalizeTokens } from './normalize.ts';

/** Hash space: 2^22 ids keeps collisions rare among the few tens of thousands of n-grams seen. */
export const HASH_BITS = 22;
const HASH_MASK = (1 << HASH_BITS) - 1;

/** Relative weights of the feature groups before L2 normalization (tuned on train only). */
const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.8;
const CHAR_WEIGHT = 0.35;
/**
 * Word pairs with one word between ("tidak bisa transaksi" → "tidak … transaksi", "sinyal sering
 * hilang" → "sinyal … hilang"): the same negation, failure or limit read across a filler word,
 * an abbreviation or a regional particle that a plain bigram would need to have seen.
 */
const SKIP_BIGRAM_WEIGHT = 0.5;
/**
 * Length of the character n-grams (of each word padded with < and >). Trigrams only, since the
 * ninth round: 4- and 5-grams were two thirds of the model's features and fitted the spellings
 * of the training lines — without them the model is smaller and, averaged over three training
 * seeds, right more often on all seven development sets together (docs/benchmarks.md).
 */
const CHAR_N = 3;

/**
 * Value of a cue feature (`k|…`, below) in the final vector, whatever the text's length: the
 * other features are L2-normalized, which shrinks each of them as a text grows, and a long
 * e-mail that says "semua transaksi gagal" once must not count as less stopped than a
 * WhatsApp line. Cue features stay out of the normalization.
 */
export const CUE_VALUE = 0.5;

/**
 * Impact cues of seed 003's urgency classes (DESIGN section 3): words that say how much of
 * the selling stopped. Each word also stays its own feature; the shared cue feature lets a
 * synonym the corpus rarely uses ("lumpuh", "satupun", "outlets") borrow the weight the
 * common ones ("semua", "sama sekali", "cabang") learned.
 * - `all`: nothing goes through (critical for device, SAM, network);
 * - `part`: some cards, sometimes, still usable (major);
 * - `many`: many outlets or merchants (money at scale: critical for settlement);
 * - `ask`: a question or request for information (minor: selling is not impaired); the
 *   normalizer's `#q` (a question mark in the text) counts too;
 * - `ok`: the text says the terminal still works ("masih normal", "works fine": minor or major);
 * - `gate`: businesses that take only e-money (parking gates, cashless canteens): there a SAM
 *   failure stops every sale, so it is critical rather than the usual major.
 * Four topic cues do the same for the category (sixth round): the part of the terminal a
 * message names, so a rare word borrows the weight of the common ones — `net` (the terminal's
 * LAN, Wi-Fi, router, modem, GPRS, APN: network card, not device), `paper` (rolls, thermal,
 * slips), `emoney` (SAM and e-money card names), `hw` (screen, printer, keys, battery,
 * charger, reader). Unlike the impact cues they are normalized with the words (they name a
 * topic rather than an amount of impact, and a long text names many).
 */
const CUE_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    all: 'semua seluruh seluruhnya all every everything any anything none nothing total totally completely lumpuh berhenti stop stopped nol zero satupun apapun sekali tunai cash mampet lumpuhkan blas babar',
    part: 'jarang rarely terkadang kadangkala kerap acap galak kdg srg kadang sometimes sesekali occasionally intermittent intermittently sering often sebagian beberapa some few hanya cuma only masih still tertentu certain lambat slow lemot lain lainnya others rest sisanya suka mung',
    many: 'cabang outlet outlets branches branch stores gerai puluhan ratusan dozens hundreds grup group franchise merchants',
    ask: 'tanya nanya bertanya nanyain takon naros apakah gimana bagaimana kapan berapa prosedur caranya informasi info question ask asking wondering whether bolehkah when why how what which does #q',
    ok: 'normal normally lancar aman berfungsi works working fine oke ok okay ditutup closed resolved teratasi solved',
    net: 'lan ethernet wifi router modem gprs sinyal signal jaringan network koneksi konek connect connection disconnect disconnected offline apn dial simcard internet sambung nyambung tersambung terhubung hubung link server host reconnect sim',
    paper: 'kertas paper roll rolls rol gulungan thermal slip salesdraft',
    emoney: 'sam psam samcard emoney flazz brizzi tapcash jakcard prepaid',
    hw: 'layar screen display lcd printer keypad tombol button baterai batre battery charger adaptor casing reader',
    soon: 'akan bakal bakalan nanti depan next upcoming soon sebelum before takut',
    gate: 'parkir parking gerbang gate gates palang portal kantin canteen cashless turnstile wahana busway tol toll barrier parkiran',
  }).flatMap(([cue, words]) => words.split(' ').map((w) => [w, cue] as const)),
);

/**
 * The cue of token i. An all-word that a works-word follows ("semua normal", "everything
 * works", "semuanya lancar") says nothing stopped: `ok`, not `all`. "salah satu" / "one of" (one
 * terminal, one card type among several) is `part`.
 */
/** All-words that say "all of it" rather than "none of it" ("nothing works" stays `all`). */
const ALL_POSITIVE = new Set('semua seluruh seluruhnya all every everything'.split(' '));

function cueOf(tokens: readonly string[], i: number): string | undefined {
  const tok = tokens[i]!;
  const next = tokens[i + 1];
  if ((tok === 'salah' && next === 'satu') || (tok === 'one' && next === 'of')) return 'part';
  if (ONLY_WORDS.has(tok) && isOnlyOneTerminal(tokens, i)) return 'all';
  // screen texts of a lost connection: "NO SERVICE", "TIDAK ADA LAYANAN"
  if (
    (tok === 'no' && next === 'service') ||
    (tok === 'layanan' && tokens[i - 1] === 'ada' && tokens[i - 2] === 'tidak')
  )
    return 'net';
  const cue = CUE_WORDS.get(tok);
  if (cue === 'all' && ALL_POSITIVE.has(tok)) {
    for (let j = i + 1; j <= i + 2 && j < tokens.length; j++) {
      if (CUE_WORDS.get(tokens[j]!) === 'ok') return 'ok';
    }
  }
  return cue;
}

/**
 * "kami cuma punya 1 mesin", "hanya satu edc", "we only have one terminal", "the only one at
 * reception": the merchant has no second terminal to sell with. An only-word is otherwise a
 * `part` word ("cuma kartu kredit yang gagal"); here it says the opposite — whatever failed
 * stopped all card sales (DESIGN section 3: a second terminal that still works makes it
 * major, so having none keeps it critical).
 */
const ONE_WORDS = new Set(['1', 'satu', 'one', 'sebiji', 'sebuah', 'single', 'satunya']);
const HAVE_WORDS = new Set(['punya', 'have', 'has', 'got']);
const TERMINAL_WORDS = new Set('mesin edc terminal terminals unit machine device alat'.split(' '));
function isOnlyOneTerminal(tokens: readonly string[], i: number): boolean {
  const prev = tokens[i - 1] ?? '';
  for (let j = i + 1; j <= i + 4 && j < tokens.length; j++) {
    if (!ONE_WORDS.has(tokens[j]!)) continue;
    if (prev === 'the' || prev === 'our') return true;
    for (let k = i + 1; k < j; k++) if (HAVE_WORDS.has(tokens[k]!)) return true;
    for (let k = j + 1; k <= j + 2 && k < tokens.length; k++) if (TERMINAL_WORDS.has(tokens[k]!)) return true;
    return false;
  }
  return false;
}

/**
 * `stop` cue: a failure or negation word with a selling word at most STOP_WINDOW tokens
 * later ("tidak bisa transaksi", "gagal semua transaksi", "cannot take payments", "no sales"),
 * or an all-word next to a failure word ("semua ditolak", "every card declined"): the
 * merchant says selling stopped, in whatever words (seed 003 critical).
 */
const STOP_NEGATION = new Set(
  'tidak gagal cannot unable no not never zero nol failed fail fails declined ditolak tolak rejected error'.split(
    ' ',
  ),
);
const STOP_SELLING = new Set(
  'transaksi bayar membayar pembayaran jualan jual sale sales transact payment payments approved approve dagang terima nerima menerima accept'.split(
    ' ',
  ),
);
const STOP_ALL = new Set('semua seluruh every all any satupun none tiap setiap each'.split(' '));
const STOP_FAIL = new Set('gagal ditolak tolak failed fail fails declined rejected error'.split(' '));
const STOP_WINDOW = 3;
const CLOSING_TRADE = new Set('jualan jual dagang'.split(' '));

/**
 * Features that only the urgency head reads: the cues that say how much selling stopped
 * (`ask`, `ok`, `gate`, `stop`) and the question mark. For the category they would mislead —
 * "gimana cara…?" is a merchant-data request as often as an `other` question — so the trainer
 * keeps them out of the category and subcase heads (their weights there stay 0).
 */
export const URGENCY_ONLY_FEATURES: ReadonlySet<number> = new Set(
  ['k|ask', 'k|ok', 'k|gate', 'k|stop', 'k|lost', 'k|soon', 'w|#q'].map((key) => hashFeature(key)),
);

/**
 * The category as an input of the urgency head (`u|<category>`, value CUE_VALUE): the trainer
 * adds the labelled category to each urgency example, classify() the predicted one. The same
 * words weigh differently by category — a bare "gagal" is a sale that cannot go through for a
 * network card, a settlement that can be retried for settlement — and this lets the head learn
 * a default urgency per category (a bias) on top of the words. Never a category-head input.
 */
export function urgencyCategoryFeature(category: string): number {
  return hashFeature(`u|${category}`);
}

const IMPACT_CUES = ['all', 'part', 'many', 'ask', 'ok', 'gate', 'stop', 'lost', 'soon'] as const;
const IMPACT_CUE_IDS = IMPACT_CUES.map((c) => hashFeature(`k|${c}`));

/**
 * The urgency head's category inputs for one text: the category feature, and each impact cue of
 * `vector` conjoined with the category (`u|<category>|<cue>`). A cue means different things in
 * different categories — "masih" beside a SAM that expires is no impairment, beside a reader
 * that fails half the cards it is — and the conjunction lets the head weigh it per category.
 */
export function urgencyCategoryFeatures(vector: FeatureVector, category: string): number[] {
  const out = [urgencyCategoryFeature(category)];
  IMPACT_CUES.forEach((cue, k) => {
    if (vector.ids.includes(IMPACT_CUE_IDS[k]!)) out.push(hashFeature(`u|${category}|${cue}`));
  });
  return out;
}

/** Every id urgencyCategoryFeatures can give for `categories`. */
export function allUrgencyCategoryFeatures(categories: readonly string[]): number[] {
  return categories.flatMap((c) => [
    urgencyCategoryFeature(c),
    ...IMPACT_CUES.map((cue) => hashFeature(`u|${c}|${cue}`)),
  ]);
}

/** Ids of the cue features, which keep CUE_VALUE instead of being normalized with the rest. */
const CUE_IDS: ReadonlySet<number> = new Set(
  ['all', 'part', 'many', 'ask', 'ok', 'gate', 'stop', 'lost', 'soon'].map((cue) => hashFeature(`k|${cue}`)),
);

/**
 * The cues that state an impact on selling (`stop`: selling stopped; `lost`: customers or sales
 * are lost). Other complaints are minor unless they carry one of these (DESIGN section 3: urgency
 * by the impact on selling), and the trainer shows the urgency head exactly those `other` lines
 * (merchant data too until the eleventh round; since the twelfth the head reads all its lines).
 */
const STOP_ID = hashFeature('k|stop');
const LOST_ID = hashFeature('k|lost');

/**
 * The selling impact a feature vector states: `stop` (selling stopped: critical or major, the
 * urgency head decides), `lost` without `stop` (some buyers walk away: part of the selling is
 * impaired, major), or undefined (none stated).
 */
export function statedSellingImpact(vector: FeatureVector): 'stop' | 'lost' | undefined {
  if (vector.ids.includes(STOP_ID)) return 'stop';
  return vector.ids.includes(LOST_ID) ? 'lost' : undefined;
}

/**
 * `lost` cue: the text says sales or customers are being lost — a buyer cancels or walks away
 * ("pembeli batal beli", "pelanggan pada pergi", "turn customers away", "lost sales",
 * "kehilangan penjualan", "omzet hilang"). A cancel word needs a buyer or buying word within
 * three tokens either side, so "mau batal langganan" (ending a contract) is not one.
 */
const LOST_CANCEL = new Set('batal membatalkan cancel cancelled canceled'.split(' '));
const LOST_BUYING = new Set(
  'beli membeli belanja pembeli pelanggan customer customers buyer buyers tamu konsumen bayar'.split(' '),
);
const LOST_PHRASES: readonly (readonly [string, ReadonlySet<string>])[] = [
  ['turn', new Set(['away'])],
  ['turned', new Set(['away'])],
  ['turning', new Set(['away'])],
  ['lost', new Set(['sales', 'customers', 'business', 'revenue'])],
  ['losing', new Set(['sales', 'customers', 'business', 'revenue'])],
  ['kehilangan', new Set(['pelanggan', 'penjualan', 'pembeli', 'omzet', 'omset'])],
  ['omzet', new Set(['hilang', 'anjlok', 'turun'])],
  ['omset', new Set(['hilang', 'anjlok', 'turun'])],
  ['pelanggan', new Set(['pergi', 'kabur', 'pulang'])],
  ['pembeli', new Set(['pergi', 'kabur', 'pulang'])],
  ['customers', new Set(['leave', 'left', 'leaving', 'walk', 'walked', 'walking'])],
];
function hasLostCue(tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (LOST_CANCEL.has(t)) {
      for (let j = Math.max(0, i - 3); j <= i + 3 && j < tokens.length; j++) {
        if (j !== i && LOST_BUYING.has(tokens[j]!)) return true;
      }
    }
    for (const [first, then] of LOST_PHRASES) {
      if (t !== first) continue;
      for (let j = i + 1; j <= i + 2 && j < tokens.length; j++) if (then.has(tokens[j]!)) return true;
    }
  }
  return false;
}

function hasStopCue(tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const neg = STOP_NEGATION.has(t);
    const all = STOP_ALL.has(t);
    if (!neg && !all) continue;
    for (let j = i + 1; j <= i + STOP_WINDOW && j < tokens.length; j++) {
      const u = tokens[j]!;
      // "sudah tidak jualan (lagi)": the merchant stopped trading by choice (closing), not
      // "tidak bisa jualan" (cannot sell): a trading word right after the negation is no stop.
      if (neg && j === i + 1 && CLOSING_TRADE.has(u)) break;
      if (
        (neg && STOP_SELLING.has(u)) ||
        (all && STOP_FAIL.has(u)) ||
        (all && j === i + 1 && STOP_SELLING.has(u)) ||
        (STOP_FAIL.has(t) && STOP_ALL.has(u))
      ) {
        return true;
      }
    }
  }
  return false;
}

/**
 * "2 dari 5 transaksi gagal", "1 in 4 payments", "0 of 15": a count of failures out of the
 * attempts. None out of many (or "0 transaksi") says nothing went through (`all`, or `stop`
 * before a selling word); some out of more says part of the payments fail (`part`).
 */
const RATIO_WORDS = new Set(['dari', 'of', 'in', 'per']);
/** Small counts written as words ("satu dari tiga", "one in four"), read as digits by ratioCue. */
const NUMBER_WORDS: ReadonlyMap<string, string> = new Map(
  [
    'nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh',
    'zero one two three four five six seven eight nine ten',
  ].flatMap((list) => list.split(' ').map((w, n) => [w, String(n)] as const)),
);

function ratioCue(allTokens: readonly string[]): 'all' | 'part' | 'stop' | undefined {
  const tokens = allTokens.map((t) => NUMBER_WORDS.get(t) ?? t);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!/^\d{1,3}$/.test(t)) continue;
    if (t === '0' && STOP_SELLING.has(tokens[i + 1] ?? '')) return 'stop';
    let j = i + 1;
    if (tokens[j] === 'out') j++;
    if (!RATIO_WORDS.has(tokens[j] ?? '')) continue;
    const m = tokens[j + 1] ?? '';
    if (!/^\d{1,3}$/.test(m)) continue;
    const a = Number(t);
    const b = Number(m);
    if (a === 0 && b > 0) return 'all';
    if (a < b) return 'part';
  }
  return undefined;
}

/**
 * "kalau sore", "pas jam sibuk", "tiap malam", "during rush hour": a failure tied to a time of
 * day happens some of the time, so selling is partly impaired (`part`), however bare the rest
 * of the text is.
 */
const WHEN_WORDS = new Set('kalau pas tiap setiap waktu saat kalo during at in every'.split(' '));
const DAYTIME_WORDS = new Set(
  'pagi siang sore malam subuh sibuk rame ramai hujan evening evenings morning mornings night nights afternoon afternoons peak rush'.split(
    ' ',
  ),
);
function hasTimeWindowCue(tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!DAYTIME_WORDS.has(t)) continue;
    const prev = tokens[i - 1] ?? '';
    if (
      WHEN_WORDS.has(prev) ||
      (prev === 'jam' && WHEN_WORDS.has(tokens[i - 2] ?? '')) ||
      (t === 'sibuk' && prev === 'jam')
    )
      return true;
    if ((t === 'hour' || t === 'rush' || t === 'peak') && WHEN_WORDS.has(prev)) return true;
  }
  return false;
}

/**
 * "14 TID", "7 outlet", "37 pelanggan", "12 stores": a count of five or more outlets, terminals
 * or customers is money or selling affected at scale (`many`), like "puluhan" or "semua cabang".
 * Not a count of attempts ("3 dari 10 transaksi": ratioCue) — transactions are not counted here.
 */
const COUNTED_UNITS = new Set(
  'outlet outlets cabang gerai toko store stores branch branches tid terminal terminals edc mesin merchant merchants pelanggan customer customers orang nasabah unit units'.split(
    ' ',
  ),
);
function hasCountedManyCue(tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!/^\d{1,4}$/.test(t) || Number(t) < 5) continue;
    if (RATIO_WORDS.has(tokens[i - 1] ?? '')) continue;
    if (COUNTED_UNITS.has(tokens[i + 1] ?? '')) return true;
  }
  return false;
}

/**
 * "loket cuma nerima e-money", "our barrier only takes e-money": a business that accepts only
 * one kind of payment; when that kind fails, nothing sells (the `gate` cue).
 */
const ONLY_WORDS = new Set(['cuma', 'hanya', 'only', 'mung', 'just']);
const ACCEPT_WORDS = new Set(
  'terima nerima menerima accept accepts accepting take takes pakai dipakai jual'.split(' '),
);
function hasOnlyAcceptsCue(tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    if (!ONLY_WORDS.has(tokens[i]!)) continue;
    for (let j = i + 1; j <= i + 2 && j < tokens.length; j++) {
      if (ACCEPT_WORDS.has(tokens[j]!)) return true;
    }
  }
  return false;
}

/**
 * Greetings, forms of address and letter frames ("Hello Merchant Care, … Atas perhatiannya…,
 * Owner"): they say nothing about the complaint, yet e-mail-shaped texts carry many of them
 * and they pulled such texts towards `other`. They get no features of their own (a text made
 * only of them is answered by classify() with a fixed low confidence before features are made).
 */
const FRAME_WORDS: ReadonlySet<string> = new Set(
  (
    'halo hallo helo hello hai hi hey hei selamat pagi siang sore malam good morning afternoon evening ' +
    'assalamualaikum asalamualaikum wr wb permisi punten dear yth kepada tim team helpdesk cs admin min ' +
    'kak kakak mas mbak pak bu ibu bapak bang gan sis bro dengan hormat regards sincerely hormat kami ' +
    'perhatian perhatiannya ucapkan terimakasih owner senior thanks thank please pls assist'
  ).split(' '),
);

/** A sparse feature vector, L2-normalized except for the cue features (CUE_VALUE); `ids` are unique. */
export interface FeatureVector {
  ids: number[];
  values: number[];
}

/** FNV-1a over UTF-16 code units with Math.imul: identical in every JS engine. */
export function hashFeature(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & HASH_MASK;
}

/** Extracts the hashed feature vector of a raw text (normalization included). */
export function extractFeatures(text: string): FeatureVector {
  return featuresFromTokens(normalizeTokens(text));
}

/** Extracts the hashed feature vector of already-normalized tokens. */
export function featuresFromTokens(allTokens: readonly string[]): FeatureVector {
  const tokens = allTokens.filter((t) => !FRAME_WORDS.has(t));
  const acc = new Map<number, number>();
  // Presence, not counts: a repeated word in a rant is not stronger evidence.
  const add = (key: string, weight: number): void => {
    const id = hashFeature(key);
    if (!acc.has(id)) acc.set(id, weight);
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    add(`w|${tok}`, WORD_WEIGHT);
    const next = tokens[i + 1];
    if (next !== undefined) add(`b|${tok} ${next}`, BIGRAM_WEIGHT);
    const after = tokens[i + 2];
    if (after !== undefined) add(`s|${tok} ${after}`, SKIP_BIGRAM_WEIGHT);
    const cue = cueOf(tokens, i);
    if (cue !== undefined) add(`k|${cue}`, CUE_VALUE);
    if (tok.startsWith('#')) continue;
    const padded = `<${tok}>`;
    for (let s = 0; s + CHAR_N <= padded.length; s++) add(`c|${padded.slice(s, s + CHAR_N)}`, CHAR_WEIGHT);
  }
  if (hasStopCue(tokens)) add('k|stop', CUE_VALUE);
  if (hasLostCue(tokens)) add('k|lost', CUE_VALUE);
  const ratio = ratioCue(tokens);
  if (ratio !== undefined) add(`k|${ratio}`, CUE_VALUE);
  if (hasOnlyAcceptsCue(tokens)) add('k|gate', CUE_VALUE);
  if (hasCountedManyCue(tokens)) add('k|many', CUE_VALUE);
  if (ratio === undefined && hasTimeWindowCue(allTokens)) add('k|part', CUE_VALUE);
  const ids = [...acc.keys()].sort((a, b) => a - b);
  const values = ids.map((id) => acc.get(id)!);
  let norm = 0;
  ids.forEach((id, i) => {
    if (!CUE_IDS.has(id)) norm += values[i]! ** 2;
  });
  norm = Math.sqrt(norm);
  if (norm > 0) {
    for (let i = 0; i < values.length; i++) if (!CUE_IDS.has(ids[i]!)) values[i] = values[i]! / norm;
  }
  return { ids, values };
}
