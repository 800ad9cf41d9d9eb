import type { Redis } from 'ioredis';
import type { Logger } from './shared/logger.ts';
import { memoryFailureCounter, type FailureCounter } from './shared/limits/failure-counter.ts';
import { redisFailureCounter } from './shared/limits/redis-failure-counter.ts';
import { FAILED_JOINS_LIMIT } from './contests/address-limiter.ts';
import { FAILED_RESUMES_LIMIT } from './scheduled/scheduled-module.ts';
import { LoginThrottle, type LoginLimiter } from './auth/login-throttle.ts';
import { RedisLoginThrottle } from './auth/redis-login-throttle.ts';

/**
 * Every limit that protects a contest or an account and counts per address or
 * per account: in memory on one node, in Redis (shared by every node) when
 * `REDIS_URL` is set, so an attacker gains nothing by spreading over nodes.
 * Keys: `<prefix>:limit:fj:<address>` (failed joins and PIN look-ups),
 * `<prefix>:limit:fr:<address>` (failed resume codes), `<prefix>:limit:login:…` (the login
 * throttle, see redis-login-throttle.ts). docs/security.md lists them.
 */
export interface Limits {
  /** Failed live joins and PIN look-ups by address (socket and /play). */
  failedJoins: FailureCounter;
  /** Failed scheduled-contest resume codes by address. */
  resumeFailures: FailureCounter;
  loginThrottle: LoginLimiter;
}

/** `keyPrefix`: REDIS_PREFIX (`civiq` by default). */
export function createLimits(opts: { redis: Redis | null; keyPrefix: string; logger: Logger; now?: () => number }): Limits {
  const now = opts.now ?? Date.now;
  if (!opts.redis) {
    return {
      failedJoins: memoryFailureCounter(FAILED_JOINS_LIMIT),
      resumeFailures: memoryFailureCounter(FAILED_RESUMES_LIMIT, now),
      loginThrottle: new LoginThrottle(),
    };
  }
  const prefix = `${opts.keyPrefix}:limit:`;
  return {
    failedJoins: redisFailureCounter(opts.redis, `${prefix}fj`, FAILED_JOINS_LIMIT),
    resumeFailures: redisFailureCounter(opts.redis, `${prefix}fr`, FAILED_RESUMES_LIMIT),
    loginThrottle: new RedisLoginThrottle(opts.redis, `${prefix}login:`, { logger: opts.logger }),
  };
}
