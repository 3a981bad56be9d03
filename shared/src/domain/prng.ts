/**
 * mulberry32: a tiny seeded PRNG — same seed, same stream on every platform. Used wherever
 * "random" must be reproducible: classifier training shuffles, the demo data generator and
 * the barcode sticker fixtures. Not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
