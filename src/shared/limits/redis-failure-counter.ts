import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RLWrapperTimeouts } from 'rate-limiter-flexible';
import type { FailureCounter, FailureLimit } from './failure-counter.ts';

/** A Redis that does not answer within this long is treated as down for that call. */
export const REDIS_LIMIT_TIMEOUT_MS = 500;

/**
 * Failure counts shared by every node through Redis (rate-limiter-flexible's
 * `RateLimiterRedis`: one atomic INCRBY + expiry per failure, under
 * `<keyPrefix>:<key>`). The window is fixed from the first failure of a key (the
 * library's model) rather than sliding: the limit holds per window, across nodes.
 *
 * While Redis is down or slow (over 500 ms), each node falls back to its own
 * in-memory counts (the `insuranceLimiter`): limits become per node — neither
 * open to everyone nor refusing everyone — and return to shared ones when Redis
 * answers again.
 */
export function redisFailureCounter(redis: Redis, keyPrefix: string, limit: FailureLimit): FailureCounter {
  const insurance = new RateLimiterMemory({ keyPrefix, points: limit.limit, duration: limit.windowSec });
  const shared = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points: limit.limit,
    duration: limit.windowSec,
    rejectIfRedisNotReady: true,
    insuranceLimiter: insurance,
  });
  const limiter = new RLWrapperTimeouts({ limiter: shared, timeoutMs: REDIS_LIMIT_TIMEOUT_MS, insuranceLimiter: insurance });
  return {
    async blocked(key) {
      const res = await limiter.get(key);
      return res !== null && res.consumedPoints >= limit.limit;
    },
    async record(key) {
      await limiter.penalty(key, 1);
    },
  };
}
