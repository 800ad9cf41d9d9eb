import { SlidingWindowCounter } from './sliding-window.ts';

/**
 * The port every "too many failures from here" limit goes through (failed live
 * joins and PIN look-ups by address, failed resume codes by address): ask
 * before the attempt, record after it failed. Asynchronous, because on several
 * nodes the counts live in Redis (`redis-failure-counter.ts`), so a scanner
 * gains nothing by spreading its attempts over the nodes.
 */
export interface FailureCounter {
  /** Whether `key` has used up its failures for the current window. */
  blocked(key: string): Promise<boolean>;
  /** Count one failure for `key`. */
  record(key: string): Promise<void>;
}

export interface FailureLimit {
  /** Failures allowed per window; the next attempt is refused. */
  limit: number;
  windowSec: number;
}

/** One process's counts (the default: one node, PGlite, tests): a sliding window. */
export function memoryFailureCounter(limit: FailureLimit, now: () => number = Date.now): FailureCounter {
  const window = new SlidingWindowCounter(limit.limit, limit.windowSec * 1000);
  return {
    blocked: async (key) => window.blocked(key, now()),
    record: async (key) => window.record(key, now()),
  };
}
