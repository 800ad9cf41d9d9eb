/**
 * Seeded pseudo-randomness for draws that must be reproducible: a contest's
 * question draw is recomputed from its stored seed, so the generator and the
 * seed hashing must never change once contests exist (the tests pin outputs).
 * Not for secrets: use `node:crypto` for those.
 */

/** A generator of floats in [0, 1), like `Math.random`. */
export type Rng = () => number;

/**
 * A deterministic generator for a string seed: xmur3 hashes the seed into the
 * 128-bit state of sfc32 (PractRand-clean, fast in 32-bit integer arithmetic).
 * The seed is NFC-normalised so the same text typed on different systems draws alike.
 */
export function seededRandom(seed: string): Rng {
  const hash = xmur3(seed.normalize('NFC'));
  const next = sfc32(hash(), hash(), hash(), hash());
  // The first outputs of sfc32 still correlate with the seed bits; discard them.
  for (let i = 0; i < 15; i++) next();
  return next;
}

/**
 * Fisher–Yates shuffle of `arr` in place (and returned for chaining). Robust to an
 * `rng` that returns exactly 1: the index is clamped rather than running off the end.
 */
export function shuffleInPlace<T>(arr: T[], rng: Rng): T[] {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(rng() * (i + 1)));
    const tmp = arr[i] as T;
    arr[i] = arr[j] as T;
    arr[j] = tmp;
  }
  return arr;
}

function xmur3(str: string): () => number {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) {
    h = Math.imul(h ^ str.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

function sfc32(a: number, b: number, c: number, d: number): Rng {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
