/**
 * Server-clock estimation for live clients. A phone's clock can be minutes off,
 * so countdowns run on `clientNow + offset`, never on the phone's own time.
 *
 * Each `time:sync` round trip gives an offset that is wrong by at most half the
 * asymmetry of the round trip, so the sample with the lowest round trip is the
 * most trustworthy (the NTP "minimum filter").
 */

/** One `time:sync` exchange, all times in ms since epoch. */
export interface ClockSample {
  /** Client clock when the request left. */
  clientSentAt: number;
  /** Server clock when it answered. */
  serverNow: number;
  /** Client clock when the answer arrived. */
  clientReceivedAt: number;
}

export interface ClockEstimate {
  /** Add to the client clock to get the server clock. */
  offsetMs: number;
  /** The round trip of the sample the offset came from. */
  rttMs: number;
}

/** How many recent samples the minimum filter looks at: old ones may predate a network change. */
export const CLOCK_SAMPLES_KEPT = 8;

/** The offset and round trip of one exchange, assuming the answer spent half the round trip in flight. */
export function estimateFromSample(s: ClockSample): ClockEstimate {
  const rttMs = Math.max(0, s.clientReceivedAt - s.clientSentAt);
  return { offsetMs: s.serverNow - (s.clientSentAt + rttMs / 2), rttMs };
}

/** The estimate of the lowest-round-trip sample among the last `keep`, or null with no samples. */
export function bestEstimate(samples: readonly ClockSample[], keep = CLOCK_SAMPLES_KEPT): ClockEstimate | null {
  let best: ClockEstimate | null = null;
  for (const s of samples.slice(-keep)) {
    const e = estimateFromSample(s);
    if (!best || e.rttMs < best.rttMs) best = e;
  }
  return best;
}

/**
 * A stand-in offset before any `time:sync` has answered, from a server timestamp
 * on a pushed message: the server clock at arrival is at least `serverNow`, so
 * this errs by the one-way delay (late by a few hundred ms at worst), not by the
 * phone's clock error.
 */
export function offsetFromServerStamp(serverNow: number, clientReceivedAt: number): number {
  return serverNow - clientReceivedAt;
}

/** Keep the last `keep` samples, oldest first. */
export function addSample(samples: readonly ClockSample[], s: ClockSample, keep = CLOCK_SAMPLES_KEPT): ClockSample[] {
  return [...samples, s].slice(-keep);
}
