import { describe, expect, it } from 'vitest';
import { addSample, bestEstimate, CLOCK_SAMPLES_KEPT, estimateFromSample, offsetFromServerStamp, type ClockSample } from '../../src/contests/clock-offset.ts';

/** An exchange with a phone whose clock is `skew` ms off the server's, with the given one-way delays. */
function exchange(serverSentAt: number, skew: number, up: number, down: number): ClockSample {
  // Client time = server time + skew.
  const clientSentAt = serverSentAt - up + skew;
  return { clientSentAt, serverNow: serverSentAt, clientReceivedAt: serverSentAt + down + skew };
}

describe('clock offset from time:sync samples', () => {
  it('takes the offset at the midpoint of the round trip', () => {
    expect(estimateFromSample({ clientSentAt: 1000, serverNow: 5000, clientReceivedAt: 1100 })).toEqual({ offsetMs: 3950, rttMs: 100 });
  });

  it('recovers a phone clock five minutes fast or slow exactly when the path is symmetric', () => {
    for (const skew of [5 * 60_000, -5 * 60_000]) {
      const e = estimateFromSample(exchange(1_700_000_000_000, skew, 40, 40));
      expect(e).toEqual({ offsetMs: -skew, rttMs: 80 });
    }
  });

  it('errs by at most half the asymmetry, and the lowest-RTT sample wins', () => {
    const skew = 300_000;
    const samples = [exchange(1e12, skew, 900, 100), exchange(1e12 + 5000, skew, 30, 10), exchange(1e12 + 9000, skew, 400, 450)];
    const best = bestEstimate(samples)!;
    expect(best.rttMs).toBe(40);
    // Up 30 ms, down 10 ms: the estimate is off by (30 − 10) / 2 = 10 ms.
    expect(best.offsetMs).toBe(-skew + 10);
    // The congested first sample alone would have been 400 ms off.
    expect(estimateFromSample(samples[0]!).offsetMs).toBe(-skew + 400);
  });

  it('has no estimate without samples, and only looks at the last `keep`', () => {
    expect(bestEstimate([])).toBeNull();
    const old = exchange(0, 0, 1, 1); // the best, but too old
    const recent = Array.from({ length: 3 }, (_, i) => exchange(1000 * (i + 1), 7, 50, 50));
    expect(bestEstimate([old, ...recent], 3)).toEqual({ offsetMs: -7, rttMs: 100 });
    expect(bestEstimate([old, ...recent], 4)).toEqual({ offsetMs: 0, rttMs: 2 });
  });

  it('treats a clock that went backwards during a sample as a zero round trip', () => {
    expect(estimateFromSample({ clientSentAt: 2000, serverNow: 10_000, clientReceivedAt: 1990 })).toEqual({ offsetMs: 8000, rttMs: 0 });
  });

  it('keeps the last CLOCK_SAMPLES_KEPT samples, oldest first', () => {
    let samples: ClockSample[] = [];
    for (let i = 0; i < CLOCK_SAMPLES_KEPT + 3; i++) samples = addSample(samples, { clientSentAt: i, serverNow: i, clientReceivedAt: i });
    expect(samples.map((s) => s.clientSentAt)).toEqual(Array.from({ length: CLOCK_SAMPLES_KEPT }, (_, i) => i + 3));
  });

  it('uses a pushed server timestamp as a stand-in: late by the one-way delay, not by the phone clock error', () => {
    const skew = -300_000;
    const serverNow = 1e12;
    const receivedAt = serverNow + 120 + skew; // arrived 120 ms later on a phone 5 min slow
    expect(offsetFromServerStamp(serverNow, receivedAt)).toBe(-skew - 120);
  });
});
