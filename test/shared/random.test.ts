import { describe, expect, it } from 'vitest';
import { seededRandom, shuffleInPlace } from '../../src/shared/random.ts';

describe('seededRandom', () => {
  it('is pinned: stored contest seeds must keep drawing the same questions', () => {
    const r = seededRandom('civiq');
    expect([r(), r(), r()]).toEqual([0.15957738156430423, 0.053059212397783995, 0.40599060617387295]);
    expect(shuffleInPlace([1, 2, 3, 4, 5, 6, 7, 8], seededRandom('contest-42'))).toEqual([3, 7, 5, 6, 8, 4, 1, 2]);
  });

  it('repeats for the same seed and differs between seeds', () => {
    const take = (seed: string) => {
      const r = seededRandom(seed);
      return Array.from({ length: 20 }, () => r());
    };
    expect(take('hội thi 2025')).toEqual(take('hội thi 2025'));
    expect(take('a')).not.toEqual(take('b'));
    expect(take('')).not.toEqual(take(' '));
  });

  it('treats NFC and NFD spellings of a seed alike', () => {
    const nfc = seededRandom('Đắk Lắk'.normalize('NFC'));
    const nfd = seededRandom('Đắk Lắk'.normalize('NFD'));
    expect([nfc(), nfc()]).toEqual([nfd(), nfd()]);
  });

  it('returns floats in [0, 1) spread evenly over ten buckets', () => {
    const r = seededRandom('uniform');
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
      buckets[Math.floor(x * 10)]!++;
    }
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(400);
  });
});

describe('shuffleInPlace', () => {
  it('shuffles the given array in place and returns it', () => {
    const arr = ['a', 'b', 'c', 'd', 'e'];
    const out = shuffleInPlace(arr, seededRandom('x'));
    expect(out).toBe(arr);
    expect([...arr].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('leaves empty and one-element arrays alone', () => {
    expect(shuffleInPlace([], () => 0.3)).toEqual([]);
    expect(shuffleInPlace([7], () => 0.3)).toEqual([7]);
  });

  it('clamps an rng that returns exactly 1 instead of reading past the end', () => {
    expect(shuffleInPlace([1, 2, 3], () => 1)).toEqual([1, 2, 3]);
    expect(shuffleInPlace([1, 2, 3], () => 0)).toEqual([2, 3, 1]);
  });

  it('gives every permutation of three items about equally often', () => {
    const rng = seededRandom('perms');
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = shuffleInPlace([1, 2, 3], rng).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['123', '132', '213', '231', '312', '321']);
    for (const n of counts.values()) expect(Math.abs(n - 10_000)).toBeLessThan(400);
  });
});
