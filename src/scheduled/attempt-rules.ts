/**
 * The timing rules of one attempt. Pure; every function takes the server clock.
 * docs/scheduled.md explains them for organisers.
 */

/**
 * Answers saved up to this long after the deadline still count: a save sent in the
 * last second crosses the network after the timer hits zero. The deadline the
 * participant sees is unchanged; duration never counts the grace.
 */
export const ANSWER_GRACE_MS = 5_000;

/** deadline = min(start + attemptMinutes, closesAt). */
export function deadlineFor(startedAt: number, attemptMinutes: number, closesAt: number): number {
  return Math.min(startedAt + attemptMinutes * 60_000, closesAt);
}

export interface AttemptTiming {
  startedAt: number;
  deadline: number;
  /** When the attempt ended (submitted or closed); null while it runs. */
  endedAt: number | null;
}

/** Saves and submits are accepted while the attempt runs and the grace has not run out. */
export function acceptsAnswers(a: AttemptTiming, now: number, graceMs = ANSWER_GRACE_MS): boolean {
  return a.endedAt === null && now <= a.deadline + graceMs;
}

/** An attempt still open past its deadline and grace must be closed with what was saved. */
export function isOverdue(a: AttemptTiming, now: number, graceMs = ANSWER_GRACE_MS): boolean {
  return a.endedAt === null && now > a.deadline + graceMs;
}

/** Milliseconds left on the participant's timer (0 once the deadline passed). */
export function remainingMs(a: AttemptTiming, now: number): number {
  if (a.endedAt !== null) return 0;
  return Math.max(0, a.deadline - now);
}

/**
 * Server-measured duration from start to the end, never past the deadline: a submit
 * inside the grace counts as at the deadline, an automatic close as the deadline.
 */
export function durationMs(a: { startedAt: number; deadline: number }, end: number): number {
  return Math.max(0, Math.min(end, a.deadline) - a.startedAt);
}

/** When an automatically closed attempt is recorded as ended: its deadline (or the early close, if sooner). */
export function autoEndAt(a: { deadline: number }, contestClosedAt: number | null): number {
  return contestClosedAt === null ? a.deadline : Math.min(a.deadline, contestClosedAt);
}

export type KeysVisible = 'afterSubmit' | 'afterClose';

/** Whether a participant may see keys and explanations of an attempt. */
export function keysVisibleNow(mode: KeysVisible, attemptEnded: boolean, contestClosed: boolean): boolean {
  if (contestClosed) return attemptEnded;
  return mode === 'afterSubmit' && attemptEnded;
}

/** Points per question: a full answer earns this much, a partial one its share, rounded. */
export const POINTS_PER_QUESTION = 10;

export function pointsFor(fraction: number): number {
  return Math.round(Math.max(0, Math.min(1, fraction)) * POINTS_PER_QUESTION);
}
