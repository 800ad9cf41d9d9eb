import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { LoginThrottle, type LoginLimiter, type PendingReservation } from '../../src/auth/login-throttle.ts';
import { RedisLoginThrottle } from '../../src/auth/redis-login-throttle.ts';
import { memoryFailureCounter, type FailureCounter } from '../../src/shared/limits/failure-counter.ts';
import { redisFailureCounter } from '../../src/shared/limits/redis-failure-counter.ts';
import { connectRedis, describeRedis, dropPrefix, REDIS_URL, uniqueRedisPrefix } from '../support/redis.ts';

/**
 * The limits' semantics, asserted alike on the in-memory implementations (one
 * node) and the Redis ones (several nodes; run with REDIS_URL), and the
 * fallback to per-node limits while Redis is unreachable.
 */
const fail = async (r: PendingReservation) => {
  if (!r.allowed) throw new Error('expected allowed');
  await r.settle('failure');
};

type Clock = { now: number };
type ThrottleFactory = (clock: Clock) => LoginLimiter;

function loginThrottleSemantics(make: () => ThrottleFactory) {
  it('reserves before the hash: 24 parallel attempts share the 5 free tries', async () => {
    const t = make()({ now: 0 });
    const held = await Promise.all(Array.from({ length: 24 }, () => t.reserve({ account: 'a@x', address: '1.1.1.1' })));
    expect(held.filter((r) => r.allowed)).toHaveLength(5);
    expect(held.find((r) => !r.allowed)).toEqual({ allowed: false, retryAfterSec: 1 });
  });

  it('per (account, address): 5 free failures, then one at a time after a doubling delay; success clears', async () => {
    const clock = { now: 1_000_000 };
    const t = make()(clock);
    for (let i = 0; i < 5; i++) await fail(await t.reserve({ account: 'a@x', address: '1.1.1.1' }));
    expect(await t.reserve({ account: 'a@x', address: '1.1.1.1' })).toEqual({ allowed: false, retryAfterSec: 30 });
    expect((await t.reserve({ account: 'a@x', address: '9.9.9.9' })).allowed).toBe(true);
    clock.now += 30_000;
    await fail(await t.reserve({ account: 'a@x', address: '1.1.1.1' }));
    expect(await t.reserve({ account: 'a@x', address: '1.1.1.1' })).toEqual({ allowed: false, retryAfterSec: 60 });
    clock.now += 60_000;
    const ok = await t.reserve({ account: 'a@x', address: '1.1.1.1' });
    if (!ok.allowed) throw new Error('expected allowed');
    await ok.settle('success');
    expect((await t.reserve({ account: 'a@x', address: '1.1.1.1' })).allowed).toBe(true);
  });

  it('per account across addresses: 20 free failures, then delayed for untrusted browsers only', async () => {
    const t = make()({ now: 5_000 });
    for (let i = 0; i < 20; i++) await fail(await t.reserve({ account: 'a@x', address: `10.0.0.${i}` }));
    expect((await t.reserve({ account: 'a@x', address: '10.0.1.1' })).allowed).toBe(false);
    expect((await t.reserve({ account: 'a@x', address: '10.0.1.1', device: 'dev1' })).allowed).toBe(true);
  });

  it('a flooded address is slowed to one untrusted attempt per 2 s, never locked; trusted devices pass', async () => {
    const clock = { now: 10_000 };
    const t = make()(clock);
    for (let i = 0; i < 120; i++) {
      const r = await t.reserve({ account: `u${i}@x`, address: '10.0.0.1' });
      if (r.allowed) await r.settle('failure');
      clock.now += 1;
    }
    // The 101st failure made the address slow: the next untrusted attempt waits seconds, not minutes.
    expect(await t.reserve({ account: 'teacher@x', address: '10.0.0.1' })).toEqual({ allowed: false, retryAfterSec: 2 });
    expect((await t.reserve({ account: 'admin@x', address: '10.0.0.1', device: 'admin-browser' })).allowed).toBe(true);
    clock.now += 2000;
    expect((await t.reserve({ account: 'teacher@x', address: '10.0.0.1' })).allowed).toBe(true);
    expect(await t.reserve({ account: 'teacher2@x', address: '10.0.0.1' })).toEqual({ allowed: false, retryAfterSec: 2 });
  });

  it('a trusted device is limited on its own (account, device) budget', async () => {
    const t = make()({ now: 0 });
    for (let i = 0; i < 5; i++) await fail(await t.reserve({ account: 'a@x', address: '1.1.1.1', device: 'd' }));
    expect((await t.reserve({ account: 'a@x', address: '1.1.1.1', device: 'd' })).allowed).toBe(false);
    expect((await t.reserve({ account: 'a@x', address: '1.1.1.1', device: 'other' })).allowed).toBe(true);
  });
}

function failureCounterSemantics(make: (limit: number) => FailureCounter) {
  it('blocks a key once its failures reach the limit; other keys are unaffected', async () => {
    const c = make(3);
    for (let i = 0; i < 3; i++) {
      expect(await c.blocked('10.0.0.1')).toBe(false);
      await c.record('10.0.0.1');
    }
    expect(await c.blocked('10.0.0.1')).toBe(true);
    expect(await c.blocked('10.0.0.2')).toBe(false);
  });
}

describe('in memory (one node)', () => {
  describe('LoginThrottle', () => loginThrottleSemantics(() => (clock) => new LoginThrottle({}, () => clock.now)));
  describe('memoryFailureCounter', () => {
    failureCounterSemantics((limit) => memoryFailureCounter({ limit, windowSec: 60 }));
    it('is a sliding window: a failure leaves the count a window after it was made', async () => {
      let now = 1000;
      const c = memoryFailureCounter({ limit: 2, windowSec: 60 }, () => now);
      await c.record('a');
      now += 30_000;
      await c.record('a');
      expect(await c.blocked('a')).toBe(true);
      now += 30_001;
      expect(await c.blocked('a')).toBe(false);
    });
  });
});

describe('while Redis is unreachable: per-node limits, neither open nor refusing everyone', () => {
  let down: Redis;
  beforeAll(() => {
    down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    down.on('error', () => {});
  });
  afterAll(() => down.disconnect());
  describe('RedisLoginThrottle falls back to the in-memory throttle', () =>
    loginThrottleSemantics(() => (clock) => new RedisLoginThrottle(down, 'civiq-test:down:', { now: () => clock.now })));
  describe('redisFailureCounter falls back to in-memory counts', () => failureCounterSemantics((limit) => redisFailureCounter(down, `civiq-test:down:${limit}:`, { limit, windowSec: 60 })));
});

describe('while Redis accepts connections but never answers: the 500 ms bound, then per-node limits', () => {
  // A TCP peer that completes the client's handshake (HELLO refused, so RESP2; CLIENT SETINFO OK)
  // and then answers nothing: a Redis stalled mid-session. (The shared Redis cannot be paused:
  // other test files use it.)
  let hole: Server;
  let stalled: Redis;
  const peers: Socket[] = [];
  beforeAll(async () => {
    hole = createServer((s) => {
      peers.push(s);
      s.on('data', (d) => {
        for (const m of String(d).toLowerCase().matchAll(/\$5\r\nhello\r\n|\$7\r\nsetinfo\r\n/g)) s.write(m[0].includes('hello') ? "-ERR unknown command 'HELLO'\r\n" : '+OK\r\n');
      });
    });
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', () => resolve()));
    stalled = new Redis({ port: (hole.address() as AddressInfo).port, host: '127.0.0.1', enableReadyCheck: false, enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    stalled.on('error', () => {});
    await stalled.connect();
  });
  afterAll(async () => {
    stalled?.disconnect();
    for (const p of peers) p.destroy();
    await new Promise<void>((resolve) => hole?.close(() => resolve()));
  });

  it('the login throttle answers from the node\u2019s own counts', async () => {
    const t = new RedisLoginThrottle(stalled, 'civiq-test:stalled:');
    const first = await t.reserve({ account: 'a@x', address: '1.1.1.1' });
    expect(first.allowed).toBe(true);
    if (first.allowed) await first.settle('failure');
    const held = await Promise.all(Array.from({ length: 6 }, () => t.reserve({ account: 'a@x', address: '1.1.1.1' })));
    expect(held.filter((r) => r.allowed)).toHaveLength(4);
  });

  it('a failure counter answers from the node\u2019s own counts', async () => {
    const c = redisFailureCounter(stalled, 'civiq-test:stalled', { limit: 2, windowSec: 60 });
    await c.record('10.0.0.9');
    expect(await c.blocked('10.0.0.9')).toBe(false);
    await c.record('10.0.0.9');
    expect(await c.blocked('10.0.0.9')).toBe(true);
  });
});

describeRedis('in Redis (shared by every node)', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const prefix = (name: string) => {
    const p = uniqueRedisPrefix(name);
    prefixes.push(p);
    return p;
  };
  beforeAll(async () => {
    redis = await connectRedis(REDIS_URL);
  });
  afterAll(async () => {
    for (const p of prefixes) await dropPrefix(redis, p);
    await redis?.quit();
  });

  describe('RedisLoginThrottle', () => {
    loginThrottleSemantics(() => (clock) => new RedisLoginThrottle(redis, `${prefix('login')}:`, { now: () => clock.now }));

    it('two throttles on one prefix (two nodes) share one budget, also for attempts in flight', async () => {
      const p = `${prefix('login-two')}:`;
      const a = new RedisLoginThrottle(redis, p);
      const b = new RedisLoginThrottle(redis, p);
      const held = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).reserve({ account: 'v@x', address: '7.7.7.7' })));
      expect(held.filter((r) => r.allowed)).toHaveLength(5);
      for (const r of held) if (r.allowed) await r.settle('failure');
      expect((await a.reserve({ account: 'v@x', address: '7.7.7.7' })).allowed).toBe(false);
      expect((await b.reserve({ account: 'v@x', address: '7.7.7.7' })).allowed).toBe(false);
      // Its keys live under the prefix and expire.
      const keys = await redis.keys(`${p}*`);
      expect(keys.sort()).toEqual([`${p}af:7.7.7.7`, `${p}c:a|v@x`, `${p}c:p|v@x|7.7.7.7`]);
      for (const k of keys) expect(await redis.pttl(k)).toBeGreaterThan(0);
    });
  });

  describe('redisFailureCounter', () => {
    failureCounterSemantics((limit) => redisFailureCounter(redis, prefix('fails'), { limit, windowSec: 60 }));

    it('two counters on one prefix (two nodes) add up, under one expiring key', async () => {
      const p = prefix('fails-two');
      const a = redisFailureCounter(redis, p, { limit: 4, windowSec: 60 });
      const b = redisFailureCounter(redis, p, { limit: 4, windowSec: 60 });
      await a.record('10.1.1.1');
      await b.record('10.1.1.1');
      await a.record('10.1.1.1');
      expect(await b.blocked('10.1.1.1')).toBe(false);
      await b.record('10.1.1.1');
      expect(await a.blocked('10.1.1.1')).toBe(true);
      expect(await b.blocked('10.1.1.1')).toBe(true);
      expect(await redis.get(`${p}:10.1.1.1`)).toBe('4');
      const ttl = await redis.pttl(`${p}:10.1.1.1`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    });
  });
});
