import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.ts';
import { DEFAULT_THROTTLE, LoginThrottle, type LoginAttempt, type LoginLimiter, type LoginThrottleOptions, type PendingReservation } from './login-throttle.ts';

/**
 * The login throttle of `login-throttle.ts`, shared by every node through Redis:
 * the same policy (per (account, address), per account, per (account, device),
 * the slowed address), the same "reserve before the hash" rule, so 24 parallel
 * guesses spread over any number of nodes still get 5 tries.
 *
 * The doubling delay and the attempts in flight do not fit a plain counter, so
 * each step is one Lua script (atomic in Redis) over these keys, under the prefix:
 *
 * - `c:<kind>|<account>[|<address or device>]` — hash `{f: failures, b: blocked-until ms}`,
 *   kept a day after the last failure, deleted on success;
 * - `i:<same>` — sorted set of reservations in flight (score: when the lease
 *   lapses, 60 s; a node dying mid-check cannot hold the budget for longer);
 * - `af:<address>` — sorted set of the address's failures in the last 15 minutes;
 * - `as:<address>` — when the slowed address admits its next untrusted attempt.
 *
 * While Redis is down or slow (over 500 ms) the node throttles with its own
 * in-memory `LoginThrottle` instead: per node, never open and never refusing
 * everyone. Time comes from the node's clock (injectable, as in the tests).
 */
export const LEASE_MS = 60_000;
const RETENTION_MS = 24 * 60 * 60 * 1000;
const TIMEOUT_MS = 500;

const RESERVE = `
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[4])
local wait = 0
for i = 1, n do
  local h, z = KEYS[2 * i - 1], KEYS[2 * i]
  local free = tonumber(ARGV[8 + i])
  redis.call('ZREMRANGEBYSCORE', z, '-inf', now)
  local inflight = redis.call('ZCARD', z)
  local failures = tonumber(redis.call('HGET', h, 'f')) or 0
  local blocked = tonumber(redis.call('HGET', h, 'b')) or 0
  local w = 0
  if blocked > now then w = blocked - now
  elseif failures + inflight < free then w = 0
  elseif failures >= free and inflight == 0 then w = 0
  else w = 1000 end
  if w > wait then wait = w end
end
local slowed = false
if ARGV[5] == '1' then
  local af, as = KEYS[2 * n + 1], KEYS[2 * n + 2]
  redis.call('ZREMRANGEBYSCORE', af, '-inf', now - tonumber(ARGV[7]))
  slowed = redis.call('ZCARD', af) >= tonumber(ARGV[6])
  local nextSlow = tonumber(redis.call('GET', as)) or 0
  if slowed and nextSlow > now and nextSlow - now > wait then wait = nextSlow - now end
end
if wait > 0 then return wait end
if slowed then
  local interval = tonumber(ARGV[8])
  redis.call('SET', KEYS[2 * n + 2], now + interval, 'PX', interval)
end
local lease = tonumber(ARGV[3])
for i = 1, n do
  redis.call('ZADD', KEYS[2 * i], now + lease, ARGV[2])
  redis.call('PEXPIRE', KEYS[2 * i], lease)
end
return 0
`;

const SETTLE = `
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[4])
local retention = tonumber(ARGV[7])
for i = 1, n do
  local h, z = KEYS[2 * i - 1], KEYS[2 * i]
  redis.call('ZREM', z, ARGV[2])
  if ARGV[3] == 'success' then
    redis.call('DEL', h)
  else
    local base = 7 + 3 * (i - 1)
    local free, baseMs, maxMs = tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
    local failures = redis.call('HINCRBY', h, 'f', 1)
    local over = failures - free
    if over >= 0 then
      redis.call('HSET', h, 'b', now + math.min(maxMs, baseMs * 2 ^ over))
    end
    redis.call('PEXPIRE', h, retention)
  end
end
if ARGV[3] == 'failure' and ARGV[5] == '1' then
  local af = KEYS[2 * n + 1]
  redis.call('ZADD', af, now, ARGV[2])
  redis.call('PEXPIRE', af, tonumber(ARGV[6]))
end
return 1
`;

interface Policy {
  key: string;
  free: number;
  baseSec: number;
  maxSec: number;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

export class RedisLoginThrottle implements LoginLimiter {
  private readonly opts: LoginThrottleOptions;
  /** The per-node throttle used while Redis is unreachable (the "insurance"). */
  private readonly local: LoginThrottle;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly now: () => number;
  private readonly logger: Logger | undefined;
  constructor(redis: Redis, prefix: string, opts: { throttle?: Partial<LoginThrottleOptions>; now?: () => number; logger?: Logger } = {}) {
    this.redis = redis;
    this.prefix = prefix;
    this.opts = { ...DEFAULT_THROTTLE, ...opts.throttle };
    this.now = opts.now ?? Date.now;
    this.logger = opts.logger;
    this.local = new LoginThrottle(this.opts, this.now);
  }

  async reserve(attempt: LoginAttempt): Promise<PendingReservation> {
    const { keys, argv } = this.layout(attempt);
    const id = randomBytes(9).toString('base64url');
    const now = this.now();
    let wait: number;
    try {
      const res = await withTimeout(
        this.redis.eval(RESERVE, keys.length, ...keys, now, id, LEASE_MS, argv.n, argv.address, this.opts.addressFreeFailures, this.opts.addressWindowSec * 1000, this.opts.addressSlowIntervalSec * 1000, ...argv.policies.map((p) => p.free)),
        TIMEOUT_MS,
      );
      wait = Number(res);
    } catch (err) {
      this.logger?.warn('login throttle: redis unavailable, throttling on this node only', { err: (err as Error).message });
      return this.local.reserve(attempt);
    }
    if (wait > 0) return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(wait / 1000)) };
    let settled = false;
    return {
      allowed: true,
      settle: async (outcome) => {
        if (settled) return;
        settled = true;
        const policyArgs = argv.policies.flatMap((p) => [p.free, p.baseSec * 1000, p.maxSec * 1000]);
        try {
          await withTimeout(this.redis.eval(SETTLE, keys.length, ...keys, this.now(), id, outcome, argv.n, argv.address, this.opts.addressWindowSec * 1000, RETENTION_MS, ...policyArgs), TIMEOUT_MS);
        } catch (err) {
          // The lease lapses by itself; the failure is not counted (logged so an operator sees it).
          this.logger?.warn('login throttle: could not settle an attempt in redis', { err: (err as Error).message, outcome });
        }
      },
    };
  }

  /** Redis keys and script arguments for one attempt (same policies as LoginThrottle). */
  private layout(attempt: LoginAttempt) {
    const o = this.opts;
    const policies: Policy[] = attempt.device
      ? [{ key: `d|${attempt.account}|${attempt.device}`, free: o.pairFreeFailures, baseSec: o.pairBaseDelaySec, maxSec: o.pairMaxDelaySec }]
      : [
          { key: `p|${attempt.account}|${attempt.address}`, free: o.pairFreeFailures, baseSec: o.pairBaseDelaySec, maxSec: o.pairMaxDelaySec },
          { key: `a|${attempt.account}`, free: o.accountFreeFailures, baseSec: o.accountBaseDelaySec, maxSec: o.accountMaxDelaySec },
        ];
    const keys = policies.flatMap((p) => [`${this.prefix}c:${p.key}`, `${this.prefix}i:${p.key}`]);
    if (!attempt.device) keys.push(`${this.prefix}af:${attempt.address}`, `${this.prefix}as:${attempt.address}`);
    return { keys, argv: { n: policies.length, address: attempt.device ? '0' : '1', policies } };
  }
}
