/**
 * Live-contest scoring, Kahoot style with civiq's latency-fair option.
 * The formulas and the reasons behind them are in docs/scoring.md; the state
 * machine calls these and nothing else decides points.
 */
import type { Grade } from '../banks/grading.ts';

/** Points of a standard question; the question's multiplier (0, 1 or 2) scales it. */
export const BASE_POINTS = 1000;
/** Answers faster than this earn full points: nobody reads and taps in under half a second, so it is reaction noise. */
export const FULL_POINTS_WINDOW_MS = 500;
export const STREAK_STEP = 100;
export const STREAK_CAP = 500;


/**
 * An answer earns streak credit, survives elimination and counts as "correct"
 * in statistics only with full credit: partial credit is worth points, not a streak.
 */
export function isFullyCorrect(grade: Grade): boolean {
  return grade.correct && grade.fraction >= 1;
}

export interface ElapsedInput {
  /** Server receive time of the answer. */
  receivedAt: number;
  opensAt: number;
  closesAt: number;
  /** The question's nominal time limit `T` (extensions do not change it). */
  timeLimitMs: number;
  /** Round-trip time the shell measured for this player's connection, if any. */
  rttMs?: number | undefined;
  latencyFair: boolean;
  latencyCapMs: number;
}

/**
 * Elapsed answer time `t` used for scoring, in 0..T.
 * Inside the window: `t = receivedAt − opensAt`, minus `min(rtt/2, cap)` when
 * latency-fair. In the grace period after `closesAt`: `t = T` (the answer was
 * late; it scores as the slowest on-time answer). Time added by `extend` runs
 * past `T` and is clamped to `T` too, so an extension never changes the value
 * of an answer already given.
 */
export function effectiveElapsedMs(input: ElapsedInput): number {
  const T = input.timeLimitMs;
  if (input.receivedAt > input.closesAt) return T;
  let t = input.receivedAt - input.opensAt;
  if (input.latencyFair) t -= latencyAllowanceMs(input.rttMs, input.latencyCapMs);
  return Math.min(T, Math.max(0, t));
}

/** Half the round trip (the return leg is not the player's), capped so a faked slow link buys little. */
export function latencyAllowanceMs(rttMs: number | undefined, capMs: number): number {
  if (rttMs === undefined || !Number.isFinite(rttMs) || rttMs <= 0) return 0;
  return Math.min(rttMs / 2, Math.max(0, capMs));
}

export interface PointsInput {
  /** Question multiplier: 0, 1 or 2. */
  multiplier: number;
  /** Credit in 0..1; values outside are clamped. */
  fraction: number;
  /** Effective elapsed time from `effectiveElapsedMs`. */
  elapsedMs: number;
  timeLimitMs: number;
  speedScoring: boolean;
}

/**
 * Points for one answer before the streak bonus:
 * `round(P × f × (1 − (t/T)/2))` with `P = 1000 × multiplier`, `f` the credit;
 * `round(P × f)` when `t < 500 ms` or speed scoring is off. One rounding, at the end.
 */
export function answerPoints(input: PointsInput): number {
  const f = Math.min(1, Math.max(0, input.fraction));
  const P = BASE_POINTS * input.multiplier;
  if (f === 0 || P <= 0) return 0;
  if (!input.speedScoring || input.elapsedMs < FULL_POINTS_WINDOW_MS || input.timeLimitMs <= 0) return Math.round(P * f);
  const ratio = Math.min(1, Math.max(0, input.elapsedMs / input.timeLimitMs));
  return Math.round(P * f * (1 - ratio / 2));
}

/**
 * Bonus for a run of `streak` consecutive fully correct answers (the current one
 * included): nothing for the first, +100 from the second, +100 more each time, at most +500.
 */
export function streakBonus(streak: number, enabled: boolean): number {
  if (!enabled || streak < 2) return 0;
  return Math.min(STREAK_CAP, STREAK_STEP * (streak - 1));
}
