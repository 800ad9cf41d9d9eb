/**
 * The state of a scheduled contest's time window, and whether a participant may
 * start an attempt. Pure: the caller passes the clock.
 */

export type ContestState = 'draft' | 'upcoming' | 'open' | 'closed' | 'published';

export interface WindowFacts {
  draft: boolean;
  opensAt: number;
  closesAt: number;
  /** When the close step ran (results frozen); null until then. */
  closedAt: number | null;
  publishedAt: number | null;
}

/**
 * published > closed (frozen, or past `closesAt`) > draft > upcoming > open.
 * A draft past its window reads as closed: nobody can join it any more.
 */
export function contestState(c: WindowFacts, now: number): ContestState {
  if (c.publishedAt !== null) return 'published';
  if (c.closedAt !== null || now >= c.closesAt) return 'closed';
  if (c.draft) return 'draft';
  if (now < c.opensAt) return 'upcoming';
  return 'open';
}

export type StartRefusal = 'CONTEST_NOT_OPEN' | 'CONTEST_CLOSED' | 'NO_ATTEMPTS_LEFT' | 'ATTEMPT_IN_PROGRESS';

/**
 * Why a participant may not start an attempt now, or null when they may. The window
 * is checked first, so a closed contest says so even to someone out of attempts.
 */
export function startRefusal(c: WindowFacts, now: number, attempts: { used: number; max: number; inProgress: boolean }): StartRefusal | null {
  const state = contestState(c, now);
  if (state === 'draft' || state === 'upcoming') return 'CONTEST_NOT_OPEN';
  if (state !== 'open') return 'CONTEST_CLOSED';
  if (attempts.inProgress) return 'ATTEMPT_IN_PROGRESS';
  if (attempts.used >= attempts.max) return 'NO_ATTEMPTS_LEFT';
  return null;
}

/** Registration is possible while the contest is announced (upcoming) or open. */
export function mayRegister(c: WindowFacts, now: number): boolean {
  const s = contestState(c, now);
  return s === 'upcoming' || s === 'open';
}

/**
 * Whether the close step (results snapshot) is due: the window has ended and the
 * answer grace of the last attempts has passed too, so no late save can still land.
 */
export function closeDue(c: WindowFacts, now: number, graceMs: number): boolean {
  return c.closedAt === null && now >= c.closesAt + graceMs;
}
