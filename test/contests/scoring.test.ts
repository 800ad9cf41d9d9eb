import { describe, expect, it } from 'vitest';
import { answerPoints, effectiveElapsedMs, isFullyCorrect, latencyAllowanceMs, streakBonus } from '../../src/contests/scoring.ts';

const T = 20_000;
const points = (elapsedMs: number, over: Partial<Parameters<typeof answerPoints>[0]> = {}) =>
  answerPoints({ multiplier: 1, fraction: 1, elapsedMs, timeLimitMs: T, speedScoring: true, ...over });

describe('answerPoints', () => {
  it('gives full points under half a second', () => {
    expect(points(0)).toBe(1000);
    expect(points(499)).toBe(1000);
  });
  it('applies round(P × (1 − (t/T)/2)) from 500 ms', () => {
    expect(points(500)).toBe(988); // 987.5 rounds up
    expect(points(10_000)).toBe(750);
    expect(points(15_000)).toBe(625);
    expect(points(T)).toBe(500);
  });
  it('never goes below half points, even for t beyond T', () => {
    expect(points(T * 3)).toBe(500);
  });
  it('scales with the multiplier', () => {
    expect(points(10_000, { multiplier: 2 })).toBe(1500);
    expect(points(0, { multiplier: 0 })).toBe(0);
  });
  it('ignores speed when speed scoring is off', () => {
    expect(points(T, { speedScoring: false })).toBe(1000);
    expect(points(T, { speedScoring: false, multiplier: 2, fraction: 0.5 })).toBe(1000);
  });
  it('multiplies partial credit in before the one rounding', () => {
    expect(points(0, { fraction: 0.5 })).toBe(500);
    expect(points(10_000, { fraction: 1 / 3 })).toBe(250);
    expect(points(5000, { fraction: 0.5 })).toBe(438); // 437.5
  });
  it('gives nothing for no credit and clamps credit to 0..1', () => {
    expect(points(0, { fraction: 0 })).toBe(0);
    expect(points(0, { fraction: -0.5 })).toBe(0);
    expect(points(0, { fraction: 1.5 })).toBe(1000);
  });
});

describe('effectiveElapsedMs', () => {
  const base = { opensAt: 4000, closesAt: 24_000, timeLimitMs: T, latencyFair: false, latencyCapMs: 300 };
  it('measures from opensAt', () => {
    expect(effectiveElapsedMs({ ...base, receivedAt: 4000 })).toBe(0);
    expect(effectiveElapsedMs({ ...base, receivedAt: 14_000 })).toBe(10_000);
    expect(effectiveElapsedMs({ ...base, receivedAt: 24_000 })).toBe(T);
  });
  it('scores a grace-period answer as t = T', () => {
    expect(effectiveElapsedMs({ ...base, receivedAt: 24_001 })).toBe(T);
    expect(effectiveElapsedMs({ ...base, receivedAt: 24_250, latencyFair: true, rttMs: 600 })).toBe(T);
  });
  it('clamps time added by an extension to T', () => {
    expect(effectiveElapsedMs({ ...base, closesAt: 34_000, receivedAt: 30_000 })).toBe(T);
  });
  it('subtracts half the round trip when latency-fair, capped', () => {
    expect(effectiveElapsedMs({ ...base, latencyFair: true, receivedAt: 14_000, rttMs: 400 })).toBe(9800);
    expect(effectiveElapsedMs({ ...base, latencyFair: true, receivedAt: 14_000, rttMs: 2000 })).toBe(9700);
    expect(effectiveElapsedMs({ ...base, latencyFair: true, receivedAt: 4100, rttMs: 400 })).toBe(0);
    expect(effectiveElapsedMs({ ...base, latencyFair: true, receivedAt: 14_000 })).toBe(10_000);
  });
  it('ignores the round trip when latency-fair is off', () => {
    expect(effectiveElapsedMs({ ...base, receivedAt: 14_000, rttMs: 400 })).toBe(10_000);
  });
});

describe('latencyAllowanceMs', () => {
  it('is half the round trip up to the cap, and 0 for missing or nonsense values', () => {
    expect(latencyAllowanceMs(250, 300)).toBe(125);
    expect(latencyAllowanceMs(601, 300)).toBe(300);
    expect(latencyAllowanceMs(undefined, 300)).toBe(0);
    expect(latencyAllowanceMs(-50, 300)).toBe(0);
    expect(latencyAllowanceMs(Number.NaN, 300)).toBe(0);
    expect(latencyAllowanceMs(400, 0)).toBe(0);
  });
});

describe('streakBonus', () => {
  it('is +100 per consecutive answer from the second, capped at +500', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((s) => streakBonus(s, true))).toEqual([0, 0, 100, 200, 300, 400, 500, 500, 500]);
  });
  it('is 0 when disabled', () => {
    expect(streakBonus(4, false)).toBe(0);
  });
});

describe('isFullyCorrect', () => {
  it('requires full credit', () => {
    expect(isFullyCorrect({ correct: true, fraction: 1 })).toBe(true);
    expect(isFullyCorrect({ correct: false, fraction: 0.75 })).toBe(false);
    expect(isFullyCorrect({ correct: false, fraction: 1 })).toBe(false);
  });
});
