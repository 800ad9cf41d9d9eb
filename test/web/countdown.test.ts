import { describe, expect, it } from 'vitest';
import type { Timing } from '../../src/contests/protocol.ts';
import { announcement, ANNOUNCE_AT_SECONDS, countdownAt, displaySeconds, fractionLeft } from '../../src/web/client/countdown.ts';

const S = 1_700_000_000_000; // server time when the question was shown
const timing: Timing = { serverNow: S, shownAt: S, opensAt: S + 3000, closesAt: S + 23_000, pausedRemainingMs: null };
const FIVE_MIN = 5 * 60_000;

/** The countdown on a phone whose clock reads `skew` ms off, with its offset correctly estimated. */
const onPhone = (serverTime: number, skew: number, t: Timing = timing) => countdownAt(t, serverTime + skew, -skew);

describe('countdown from server timestamps', () => {
  it('reads, then counts down the answer window, then closes', () => {
    expect(onPhone(S + 1000, 0)).toEqual({ phase: 'reading', remainingMs: 20_000, untilOpenMs: 2000, totalMs: 20_000 });
    expect(onPhone(S + 3000, 0)).toEqual({ phase: 'open', remainingMs: 20_000, untilOpenMs: 0, totalMs: 20_000 });
    expect(onPhone(S + 15_500, 0)).toEqual({ phase: 'open', remainingMs: 7500, untilOpenMs: 0, totalMs: 20_000 });
    expect(onPhone(S + 23_000, 0)).toEqual({ phase: 'closed', remainingMs: 0, untilOpenMs: 0, totalMs: 20_000 });
    expect(onPhone(S + 99_000, 0).phase).toBe('closed');
  });

  it('shows the same countdown on phones five minutes fast or slow', () => {
    for (const at of [S + 500, S + 3000, S + 12_345, S + 22_999, S + 30_000]) {
      const truth = onPhone(at, 0);
      expect(onPhone(at, FIVE_MIN)).toEqual(truth);
      expect(onPhone(at, -FIVE_MIN)).toEqual(truth);
    }
  });

  it('would be wrong without the offset (the reason it exists)', () => {
    // A phone five minutes slow that trusted its own clock would think answers had not opened.
    expect(countdownAt(timing, S + 10_000 - FIVE_MIN, 0).phase).toBe('reading');
    expect(onPhone(S + 10_000, -FIVE_MIN)).toMatchObject({ phase: 'open', remainingMs: 13_000 });
  });

  it('freezes while paused, whatever the clock says', () => {
    const paused: Timing = { ...timing, pausedRemainingMs: 8200 };
    expect(onPhone(S + 5000, FIVE_MIN, paused)).toEqual({ phase: 'paused', remainingMs: 8200, untilOpenMs: 0, totalMs: 20_000 });
    expect(onPhone(S + 60_000, -FIVE_MIN, paused).remainingMs).toBe(8200);
  });

  it('follows an extension (a later closesAt)', () => {
    const extended: Timing = { ...timing, closesAt: timing.closesAt + 10_000 };
    expect(onPhone(S + 25_000, FIVE_MIN, extended)).toEqual({ phase: 'open', remainingMs: 8000, untilOpenMs: 0, totalMs: 30_000 });
  });

  it('rounds seconds up, so 0 appears only when time is up', () => {
    expect([20_000, 19_001, 19_000, 999, 1, 0, -50].map(displaySeconds)).toEqual([20, 20, 19, 1, 1, 0, 0]);
  });

  it('gives the fraction left for the progress bar', () => {
    expect(fractionLeft(onPhone(S + 1000, 0))).toBe(1);
    expect(fractionLeft(onPhone(S + 8000, 0))).toBe(0.75);
    expect(fractionLeft(onPhone(S + 40_000, 0))).toBe(0);
    expect(fractionLeft({ phase: 'closed', remainingMs: 0, untilOpenMs: 0, totalMs: 0 })).toBe(0);
  });
});

describe('what the live region announces', () => {
  it('announces every phase change, including the first state', () => {
    expect(announcement(null, { phase: 'reading', seconds: 3 })).toEqual({ kind: 'phase', phase: 'reading', seconds: 3 });
    expect(announcement({ phase: 'reading', seconds: 1 }, { phase: 'open', seconds: 20 })).toEqual({ kind: 'phase', phase: 'open', seconds: 20 });
    expect(announcement({ phase: 'open', seconds: 1 }, { phase: 'closed', seconds: 0 })).toEqual({ kind: 'phase', phase: 'closed', seconds: 0 });
    expect(announcement({ phase: 'open', seconds: 9 }, { phase: 'paused', seconds: 9 })).toEqual({ kind: 'phase', phase: 'paused', seconds: 9 });
  });

  it('announces seconds only at the marks, once each, and never every tick', () => {
    const said: number[] = [];
    let prev = { phase: 'open' as const, seconds: 31 };
    // Ticks every 200 ms from 31 s down to 1 s.
    for (let ms = 31_000; ms > 0; ms -= 200) {
      const next = { phase: 'open' as const, seconds: displaySeconds(ms) };
      const a = announcement(prev, next);
      if (a?.kind === 'seconds') said.push(a.seconds);
      prev = next;
    }
    expect(said).toEqual([30, 20, 10, 5]);
    expect(ANNOUNCE_AT_SECONDS).toEqual([60, 30, 20, 10, 5]);
  });

  it('stays silent while reading or paused, even at a mark', () => {
    expect(announcement({ phase: 'paused', seconds: 11 }, { phase: 'paused', seconds: 10 })).toBeNull();
    expect(announcement({ phase: 'reading', seconds: 6 }, { phase: 'reading', seconds: 5 })).toBeNull();
  });
});
