import { describe, expect, it } from 'vitest';
import { extractFeatures, hashFeature, URGENCY_ONLY_FEATURES } from './features.ts';

/** Feature ids present in every text of `same` and in none of `other`. */
function sharedOnly(same: readonly string[], other: readonly string[]): number[] {
  const sets = same.map((t) => new Set(extractFeatures(t).ids));
  const excluded = new Set(other.flatMap((t) => extractFeatures(t).ids));
  return [...sets[0]!].filter((id) => sets.every((s) => s.has(id)) && !excluded.has(id));
}

describe('extractFeatures impact cues (seed 003 urgency)', () => {
  it.each([
    ['all', ['toko lumpuh', 'semua gagal', 'nothing works', 'cash only']],
    ['part', ['kadang error', 'sometimes fails', 'sebagian gagal', 'masih bisa']],
    ['many', ['cabang kami', 'all outlets', 'puluhan gerai', 'franchise kami']],
    ['ask', ['cuma nanya', 'gimana prosedurnya', 'apakah aman', 'sim aktif?']],
    ['ok', ['masih normal', 'lancar jaya', 'works fine', 'aman kok']],
    ['gate', ['palang parkir', 'kantin cashless', 'parking gate', 'turnstile']],
    ['stop', ['tidak bisa transaksi', 'semua kartu ditolak', 'cannot take payments', 'no sales today']],
    ['soon', ['akan expired', 'habis bulan depan', 'expires next week', 'takut mati']],
    ['lost', ['pembeli batal beli', 'we turned customers away', 'kehilangan pelanggan', 'omzet turun']],
    ['net', ['kabel lan', 'router toko', 'ethernet port', 'apn kosong']],
    ['hw', ['keypad keras', 'adaptor panas', 'casing retak', 'lcd pecah']],
  ])('words of the %s cue share a feature that plain words lack', (_cue, texts) => {
    expect(sharedOnly(texts, ['toko kami', 'edc rusak', 'mau beli'])).toHaveLength(1);
  });

  it('reads a failure tied to a time of day, or a ratio written in words, as "part"', () => {
    const part = hashFeature('k|part');
    expect(extractFeatures('sinyal hilang kalau malam').ids).toContain(part);
    expect(extractFeatures('timeout pas jam sibuk').ids).toContain(part);
    expect(extractFeatures('one in four payments fail').ids).toContain(part);
    expect(extractFeatures('satu dari tiga mesin mati').ids).toContain(part);
    expect(extractFeatures('sinyal hilang dari pagi').ids).not.toContain(part);
    expect(extractFeatures('edc mati sejak malam').ids).not.toContain(part);
  });

  it('reads a count of five or more outlets, terminals or customers as "many", not a count of attempts', () => {
    const many = hashFeature('k|many');
    expect(extractFeatures('dana 14 TID belum cair').ids).toContain(many);
    expect(extractFeatures('37 pelanggan kena debit ganda').ids).toContain(many);
    expect(extractFeatures('dana 2 TID belum cair').ids).not.toContain(many);
    expect(extractFeatures('3 dari 10 transaksi gagal').ids).not.toContain(many);
    expect(extractFeatures('gagal 2 dari 12 terminal').ids).not.toContain(many);
  });

  it('reads "only one terminal" as "all", not the "part" an only-word usually gives', () => {
    const all = hashFeature('k|all');
    const part = hashFeature('k|part');
    for (const text of [
      'layar mati, kami cuma punya 1 mesin',
      'hanya satu edc di toko, sudah blank',
      'we only have one terminal and it is dead',
      'it is the only one at reception',
      'mesin rusak, cuma satu galo mesinnyo',
    ]) {
      expect(extractFeatures(text).ids).toContain(all);
      expect(extractFeatures(text).ids).not.toContain(part);
    }
    // one card, one failed try, one of several: still a limit
    expect(extractFeatures('cuma satu kartu yang gagal').ids).toContain(part);
    expect(extractFeatures('hanya ada 1 transaksi gagal').ids).toContain(part);
    expect(extractFeatures('only one card fails').ids).not.toContain(all);
  });

  it('reads connection screen texts as the "net" topic', () => {
    const net = hashFeature('k|net');
    for (const text of [
      'muncul NO SERVICE',
      'layar tulis TIDAK ADA LAYANAN',
      'gagal sambung',
      'tidak terhubung ke host',
    ]) {
      expect(extractFeatures(text).ids).toContain(net);
    }
    expect(extractFeatures('layanan helpdesk lambat').ids).not.toContain(net);
  });

  it('reads word pairs across one word between them', () => {
    const skip = hashFeature('s|tidak transaksi');
    expect(extractFeatures('tidak bisa transaksi').ids).toContain(skip);
    expect(extractFeatures('gk bs transaksi').ids).toContain(skip);
    expect(extractFeatures('tidak transaksi').ids).not.toContain(skip);
  });

  it('keeps the cues apart: "all" and "part" texts share no cue', () => {
    expect(sharedOnly(['semua gagal', 'kadang gagal'], ['gagal'])).toEqual([]);
  });

  it('marks every cue and the question mark as urgency-only', () => {
    for (const key of ['k|ask', 'k|ok', 'k|gate', 'k|stop', 'k|lost', 'k|soon', 'w|#q']) {
      expect(URGENCY_ONLY_FEATURES.has(hashFeature(key))).toBe(true);
    }
    expect(URGENCY_ONLY_FEATURES.has(hashFeature('k|all'))).toBe(false);
  });

  it('gives greetings and letter frames no features', () => {
    expect(extractFeatures('Dear team, selamat pagi pak, edc mati. Hormat kami')).toEqual(
      extractFeatures('edc mati'),
    );
  });

  it('gives unique ids, L2-normalized except for the cues, which keep their value in long texts', () => {
    const cueIds = new Set(
      ['all', 'part', 'many', 'ask', 'ok', 'gate', 'stop', 'lost', 'soon'].map((c) => hashFeature(`k|${c}`)),
    );
    const short = extractFeatures('edc lumpuh semua transaksi gagal');
    const long = extractFeatures(
      'edc lumpuh semua transaksi gagal sejak pagi tadi di toko kami yang di pasar baru dekat terminal bus, ' +
        'kasir sudah coba restart mesin dan cabut baterai tapi hasilnya tetap sama',
    );
    for (const { ids, values } of [short, long]) {
      expect(new Set(ids).size).toBe(ids.length);
      const plain = values.filter((_, i) => !cueIds.has(ids[i]!));
      expect(plain.reduce((a, v) => a + v * v, 0)).toBeCloseTo(1, 10);
    }
    const allId = hashFeature('k|all');
    const weightOf = (v: { ids: number[]; values: number[] }, id: number) => v.values[v.ids.indexOf(id)];
    expect(weightOf(short, allId)).toBeGreaterThan(0);
    expect(weightOf(long, allId)).toBe(weightOf(short, allId));
    // A plain word shrinks as the text grows; the cue does not.
    const word = hashFeature('w|lumpuh');
    expect(weightOf(long, word)!).toBeLessThan(weightOf(short, word)!);
  });

  const has = (text: string, cue: string): boolean =>
    extractFeatures(text).ids.includes(hashFeature(`k|${cue}`));

  it('reads a count of failures out of attempts: some of them is part, none of them is all', () => {
    expect(has('2 dari 5 transaksi gagal', 'part')).toBe(true);
    expect(has('about 1 in 4 payments time out', 'part')).toBe(true);
    expect(has('0 dari 15 percobaan berhasil', 'all')).toBe(true);
    expect(has('0 dari 15 percobaan berhasil', 'part')).toBe(false);
    expect(has('0 transaksi hari ini', 'stop')).toBe(true);
    expect(has('tid 81204417 mid 000885012345671', 'part')).toBe(false);
  });

  it('tells "cannot sell" from "no longer trading" and a cancelled purchase from a cancelled contract', () => {
    expect(has('sekarang tidak bisa jualan pakai kartu', 'stop')).toBe(true);
    expect(has('kami sudah tidak jualan lagi, ambil mesinnya', 'stop')).toBe(false);
    expect(has('tidak bisa terima kartu sama sekali', 'stop')).toBe(true);
    expect(has('dua pembeli batal beli', 'lost')).toBe(true);
    expect(has('mau batal langganan edc', 'lost')).toBe(false);
  });

  it('reads "every transaction" as stopped selling and "everything works" as ok, not all', () => {
    expect(has('tiap transaksi muncul host error', 'stop')).toBe(true);
    expect(has('semua normal, cuma mau tanya', 'ok')).toBe(true);
    expect(has('semua normal, cuma mau tanya', 'all')).toBe(false);
    expect(has('everything works for now', 'all')).toBe(false);
    expect(has('nothing works', 'all')).toBe(true);
    expect(has('salah satu edc mati', 'part')).toBe(true);
  });

  it('marks a business that accepts only one kind of payment as gate', () => {
    expect(has('loket kami cuma nerima uang elektronik', 'gate')).toBe(true);
    expect(has('our barrier only takes e-money', 'gate')).toBe(true);
    expect(has('hanya e-money yang gagal, debit aman', 'gate')).toBe(false);
    expect(has('cuma terima kasih saja', 'gate')).toBe(false);
  });

  it('gives e-mail closings no features', () => {
    expect(extractFeatures('edc mati. Atas perhatiannya kami ucapkan terima kasih. Thanks, Owner')).toEqual(
      extractFeatures('edc mati. Atas kami terima kasih.'),
    );
  });
});
