import { SlidingWindowCounter } from '../shared/limits/sliding-window.ts';
import type { FailureLimit } from '../shared/limits/failure-counter.ts';

/**
 * Failed joins per network address per minute. Generous, because a whole school
 * may share one NAT address and children mistype PINs; a scanner opening fresh
 * sockets or reloading /play still hits it long before it covers a meaningful part
 * of the 9 million PINs. Counted across nodes when Redis is configured (src/limits.ts).
 */
export const MAX_FAILED_JOINS_PER_ADDRESS = 60;

/** The failed-join limit as the shared limits take it. */
export const FAILED_JOINS_LIMIT: FailureLimit = { limit: MAX_FAILED_JOINS_PER_ADDRESS, windowSec: 60 };

/** Sliding one-minute counters of failed joins by address (the in-memory counter, src/shared/limits). */
export class AddressLimiter extends SlidingWindowCounter {}
