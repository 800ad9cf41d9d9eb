import type { Timing } from '../../contests/protocol.ts';

/**
 * The answer countdown, computed from the server's timestamps and the estimated
 * clock offset (see src/contests/clock-offset.ts), so a phone whose clock is
 * minutes off still shows the right time. Pure: the caller passes its clock.
 */

export type CountdownPhase = 'reading' | 'open' | 'closed' | 'paused';

export interface Countdown {
  phase: CountdownPhase;
  /** Answer time left: the full window while reading, frozen while paused, 0 once closed. */
  remainingMs: number;
  /** Until answers open (reading phase), else 0. */
  untilOpenMs: number;
  /** The answer window, for progress bars. */
  totalMs: number;
}

/** Where the countdown stands at client time `clientNow`, given `offsetMs` (server = client + offset). */
export function countdownAt(timing: Timing, clientNow: number, offsetMs: number): Countdown {
  const totalMs = Math.max(0, timing.closesAt - timing.opensAt);
  if (timing.pausedRemainingMs !== null) {
    return { phase: 'paused', remainingMs: Math.max(0, timing.pausedRemainingMs), untilOpenMs: 0, totalMs };
  }
  const serverNow = clientNow + offsetMs;
  if (serverNow < timing.opensAt) return { phase: 'reading', remainingMs: totalMs, untilOpenMs: timing.opensAt - serverNow, totalMs };
  if (serverNow < timing.closesAt) return { phase: 'open', remainingMs: timing.closesAt - serverNow, untilOpenMs: 0, totalMs };
  return { phase: 'closed', remainingMs: 0, untilOpenMs: 0, totalMs };
}

/** Whole seconds to show: rounded up, so "0" appears only when time is really up. */
export function displaySeconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}

/** Fraction of the answer window left, 0..1, for a progress bar. */
export function fractionLeft(c: Countdown): number {
  return c.totalMs === 0 ? 0 : Math.min(1, Math.max(0, c.remainingMs / c.totalMs));
}

/** Seconds at which a screen reader hears the time left: often enough to plan, rarely enough to not drown the question. */
export const ANNOUNCE_AT_SECONDS: readonly number[] = [60, 30, 20, 10, 5];

/**
 * What the ARIA live region should say when the countdown moves from `prev` to
 * `next`, or null for silence. Phase changes are always announced; seconds only
 * at the `ANNOUNCE_AT_SECONDS` marks, once each.
 */
export function announcement(
  prev: { phase: CountdownPhase; seconds: number } | null,
  next: { phase: CountdownPhase; seconds: number },
): { kind: 'phase'; phase: CountdownPhase; seconds: number } | { kind: 'seconds'; seconds: number } | null {
  if (!prev || prev.phase !== next.phase) return { kind: 'phase', phase: next.phase, seconds: next.seconds };
  if (next.phase === 'open' && next.seconds !== prev.seconds && ANNOUNCE_AT_SECONDS.includes(next.seconds)) return { kind: 'seconds', seconds: next.seconds };
  return null;
}
