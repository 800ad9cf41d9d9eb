import { describe, expect, it } from 'vitest';
import { applySuppression, suppressionMask } from '../../src/reports/suppression.ts';
import { wilsonInterval, round, ratio } from '../../src/reports/stats.ts';

describe('small-cell suppression', () => {
  it('suppresses 1–4, never 0 or 5+', () => {
    expect(suppressionMask([0, 1, 4, 5, 100, 3])).toEqual([false, true, true, false, false, true]);
  });

  it('adds the smallest other cell when one cell alone is suppressed (the total would give it away)', () => {
    expect(suppressionMask([3, 50, 7, 20])).toEqual([true, false, true, false]);
  });

  it('keeps adding cells until the suppressed cells describe at least 5 together', () => {
    // 1 + 2 = 3 < 5: the next smallest (6) joins them.
    expect(suppressionMask([1, 2, 6, 40])).toEqual([true, true, true, false]);
    expect(suppressionMask([2, 4, 40])).toEqual([true, true, false]);
  });

  it('needs nothing more when nothing is small, and stops when every cell is suppressed', () => {
    expect(suppressionMask([5, 9, 12])).toEqual([false, false, false]);
    expect(suppressionMask([2])).toEqual([true]);
    expect(suppressionMask([])).toEqual([]);
    expect(suppressionMask([0, 3])).toEqual([false, true]);
  });

  it('no suppressed cell can be recovered from the total and the shown cells', () => {
    // Brute force: for random small tables, the suppressed cells number 0 or ≥ 2 (or all), and sum to ≥ 5 when possible.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 500; k++) {
      const counts = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => Math.floor(rnd() * 12));
      const mask = suppressionMask(counts);
      const hidden = counts.filter((_, i) => mask[i]);
      const positive = counts.filter((n) => n > 0).length;
      if (hidden.length > 0 && hidden.length < positive) {
        expect(hidden.length).toBeGreaterThanOrEqual(2);
        expect(hidden.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
      }
      counts.forEach((n, i) => {
        if (n > 0 && n < 5) expect(mask[i]).toBe(true);
      });
    }
  });

  it('applySuppression nulls the listed figures and marks the row', () => {
    const rows = [{ d: 'a', n: 2, mean: 50 }, { d: 'b', n: 30, mean: 70 }, { d: 'c', n: 9, mean: 10 }];
    expect(applySuppression(rows, rows.map((r) => r.n), ['n', 'mean'])).toEqual([
      { d: 'a', n: null, mean: null, suppressed: true },
      { d: 'b', n: 30, mean: 70, suppressed: false },
      { d: 'c', n: null, mean: null, suppressed: true },
    ]);
  });
});

describe('stats', () => {
  it('Wilson interval: inside [0, 1], around p, narrower with more data', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    const [lo, hi] = wilsonInterval(8, 10)!;
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
    const [lo2, hi2] = wilsonInterval(800, 1000)!;
    expect(hi2 - lo2).toBeLessThan(hi - lo);
    expect(wilsonInterval(0, 5)![0]).toBe(0);
    expect(wilsonInterval(5, 5)![1]).toBe(1);
  });

  it('round and ratio keep nulls', () => {
    expect(round(12.345)).toBe(12.3);
    expect(round(null)).toBeNull();
    expect(round(Number.NaN)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(3, 4)).toBe(0.75);
  });
});
