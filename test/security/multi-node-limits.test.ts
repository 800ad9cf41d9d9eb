import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { MAX_FAILED_JOINS_PER_ADDRESS } from '../../src/contests/address-limiter.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { api, closeAll, codeOf, connectLive, signIn, type LiveConn } from '../support/live-bots.ts';
import { createTestDatabase } from '../support/db.ts';
import { connectRedis, describeRedis, dropPrefix, REDIS_URL, uniqueRedisPrefix } from '../support/redis.ts';
import { startInProcess, type InProcessServer } from './in-process.ts';

/**
 * Issue 14, "Several nodes": every limit that protects a contest holds across
 * nodes. Two servers (A and B) share one database and one Redis, as nodes
 * behind a load balancer do; an attacker spreading over both gets exactly what
 * one node would give, and a logout on A closes the user's socket on B.
 */
describeRedis('limits and logouts hold across two nodes sharing Redis', () => {
  let database: DatabaseHandle;
  let redis: Redis;
  let a: InProcessServer;
  let b: InProcessServer;
  const prefix = uniqueRedisPrefix('nodes');
  const conns: LiveConn[] = [];
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    // Both nodes use the one database; this file closes it once, at the end.
    const shared: DatabaseHandle = { ...database, close: async () => {} };
    const node = () => startInProcess({ database: shared, seed: false, env: { REDIS_URL: REDIS_URL!, REDIS_PREFIX: prefix } });
    a = await node();
    b = await node();
    redis = await connectRedis();
  });
  afterAll(async () => {
    closeAll(conns);
    await a?.close();
    await b?.close();
    await database?.close();
    if (redis) {
      await dropPrefix(redis, prefix);
      await redis.quit();
    }
  });
  const live = async (srv: InProcessServer, as: { token?: string; cookie?: string } = {}) => {
    const c = await connectLive(srv.url, as);
    conns.push(c);
    return c;
  };
  let n = 0;
  const teacher = async () => {
    const email = `nodes${++n}@sec.test.vn`;
    const password = 'teacher password 123456';
    const r = await api<{ id: string }>(a.url, 'POST', '/api/users', { account: a.admin, body: { email, password, role: 'teacher' } });
    expect(r.status).toBe(201);
    return { email, password, id: r.json.id };
  };
  const login = (srv: InProcessServer, email: string, password: string) => api(srv.url, 'POST', '/api/auth/login', { body: { email, password } });

  it('login guesses spread over both nodes: 24 parallel guesses still get 5 tries, and the lock holds on both', async () => {
    const victim = await teacher();
    const all = await Promise.all(Array.from({ length: 24 }, (_, i) => login(i % 2 ? a : b, victim.email, `guess-${i}`)));
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(19);
    // Five failures used the (account, address) budget everywhere: even the right password waits, on either node.
    expect((await login(a, victim.email, victim.password)).status).toBe(429);
    const onB = await login(b, victim.email, victim.password);
    expect(onB.status).toBe(429);
    expect(Number(onB.headers.get('retry-after'))).toBeGreaterThan(1);
  });

  it('failed PIN look-ups spread over both nodes lock the address at the same total as on one node', async () => {
    const pin = (i: number) => String(20_000_000 + i);
    let failures = 0;
    // A scanner alternating nodes and opening a fresh socket every 4 guesses (the spin limit per socket).
    for (let round = 0; failures < MAX_FAILED_JOINS_PER_ADDRESS - 1; round++) {
      const s = await live(round % 2 ? b : a);
      for (let i = 0; i < 4 && failures < MAX_FAILED_JOINS_PER_ADDRESS - 1; i++, failures++) {
        expect(codeOf(await s.request('nickname:suggest', { pin: pin(failures) }))).toBe('CONTEST_UNAVAILABLE');
      }
      s.close();
    }
    // Each node saw about 30: per node, neither would block. Together they reach the limit.
    const last = await live(a);
    expect(codeOf(await last.request('nickname:suggest', { pin: pin(failures) }))).toBe('CONTEST_UNAVAILABLE');
    const onB = await live(b);
    expect(codeOf(await onB.request('nickname:suggest', { pin: pin(failures + 1) }))).toBe('RATE_LIMITED');
    expect(codeOf(await onB.request('player:join', { pin: pin(failures + 2), district: 'x', nickname: 'Kẻ Dò' }))).toBe('RATE_LIMITED');
    const onA = await live(a);
    expect(codeOf(await onA.request('nickname:suggest', { pin: pin(failures + 3) }))).toBe('RATE_LIMITED');
    // The /play page on either node shares the count too.
    const page = await (await fetch(`${b.url}/play?pin=${pin(failures + 4)}&lang=en`)).text();
    expect(page).toContain('Too fast. Wait a moment and try again.');
  });

  it('a logout on node A closes the user\u2019s socket on node B, and only the one opened with that session', async () => {
    const t = await teacher();
    const account = await signIn(a.url, t.email, t.password);
    const viaCookie = await live(b, { cookie: account.cookie! });
    const viaToken = await live(b, { token: account.token });
    const out = await fetch(`${a.url}/api/auth/logout`, { method: 'POST', headers: { Cookie: account.cookie! } });
    expect(out.status).toBe(204);
    expect(await viaCookie.waitFor('$disconnect', undefined, { timeoutMs: 5000 })).toBe('io server disconnect');
    expect(viaToken.socket.connected).toBe(true);
  });

  it('disabling an account on node B closes its sockets on node A', async () => {
    const t = await teacher();
    const account = await signIn(b.url, t.email, t.password);
    const s = await live(a, { token: account.token });
    const r = await api<{ disabled: boolean }>(b.url, 'PATCH', `/api/users/${t.id}`, { account: b.admin, body: { disabled: true } });
    expect(r.status).toBe(200);
    expect(await s.waitFor('$disconnect', undefined, { timeoutMs: 5000 })).toBe('io server disconnect');
  });

  it('the relay ignores malformed messages and keeps serving: a valid one from another node still closes sockets', async () => {
    const t = await teacher();
    const account = await signIn(a.url, t.email, t.password);
    const s = await live(b, { token: account.token });
    const channel = `${prefix}:credential-ended`;
    for (const junk of ['not json', '{}', JSON.stringify({ node: 'x', event: { kind: 'user' } }), JSON.stringify({ node: 'x', event: { kind: 'nope', id: 'y' } })]) await redis.publish(channel, junk);
    expect(codeOf(await s.request('time:sync', { clientSentAt: Date.now() }))).toBe('OK');
    await redis.publish(channel, JSON.stringify({ node: 'another-node', event: { kind: 'user', userId: t.id } }));
    expect(await s.waitFor('$disconnect', undefined, { timeoutMs: 5000 })).toBe('io server disconnect');
  });
});
