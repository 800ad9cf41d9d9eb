import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisContestLeases } from '../../../src/contests/cluster/contest-leases.ts';
import { redisNodeRpc } from '../../../src/contests/cluster/node-rpc.ts';
import { SocketError } from '../../../src/realtime/ack.ts';
import { silentLogger } from '../../../src/shared/logger.ts';

/**
 * The two Redis parts of several nodes, against a real Redis: contest leases
 * (one owner, renewal, expiry, release) and node-to-node requests (replies,
 * errors with their codes, a node that is gone). Runs when REDIS_URL is set
 * (the CI's PostgreSQL + Redis pass).
 */
const url = process.env.REDIS_URL;
if (!url) console.info('leases-rpc.test.ts: skipped — set REDIS_URL to run the Redis lease and node-request tests');

const clients: Redis[] = [];
const client = () => {
  const c = new Redis(url!, { maxRetriesPerRequest: null });
  clients.push(c);
  return c;
};
afterAll(async () => {
  for (const c of clients) await c.quit().catch(() => c.disconnect());
});
const prefix = () => `civiq-test-${randomBytes(4).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(url)('contest leases in Redis', () => {
  it('one node holds a contest; the other sees it as the owner and cannot take it', async () => {
    const p = prefix();
    const redis = client();
    const a = redisContestLeases(redis, { nodeId: 'a', prefix: p });
    const b = redisContestLeases(redis, { nodeId: 'b', prefix: p });
    expect(await a.ownerOf('c1')).toBeNull();
    const [ta, tb] = await Promise.all([a.acquire('c1'), b.acquire('c1')]);
    expect([ta, tb].filter(Boolean)).toHaveLength(1);
    const owner = ta ? 'a' : 'b';
    expect(await a.ownerOf('c1')).toBe(owner);
    // Acquiring again is idempotent for the owner only.
    expect(await (owner === 'a' ? a : b).acquire('c1')).toBe(true);
    expect(await (owner === 'a' ? b : a).acquire('c1')).toBe(false);
  });

  it('renewal keeps a lease alive past its ttl; without renewal it expires and another node takes it', async () => {
    const p = prefix();
    const redis = client();
    const a = redisContestLeases(redis, { nodeId: 'a', prefix: p, ttlMs: 300 });
    const b = redisContestLeases(redis, { nodeId: 'b', prefix: p, ttlMs: 300 });
    expect(await a.acquire('c1')).toBe(true);
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      expect(await a.renew(['c1'])).toEqual([]);
    }
    expect(await a.ownerOf('c1')).toBe('a');
    // Node A stops renewing (it died): the lease runs out.
    let taken = false;
    for (let i = 0; i < 40 && !taken; i++) {
      await sleep(50);
      taken = await b.acquire('c1');
    }
    expect(taken).toBe(true);
    // A's renewal now reports the contest lost, and A cannot release B's lease.
    expect(await a.renew(['c1'])).toEqual(['c1']);
    await a.release('c1');
    expect(await b.ownerOf('c1')).toBe('b');
    await b.release('c1');
    expect(await b.ownerOf('c1')).toBeNull();
  });

  it('renew reports each contest separately', async () => {
    const p = prefix();
    const redis = client();
    const a = redisContestLeases(redis, { nodeId: 'a', prefix: p });
    const b = redisContestLeases(redis, { nodeId: 'b', prefix: p });
    await a.acquire('x');
    await b.acquire('y');
    expect(await a.renew(['x', 'y', 'z'])).toEqual(['y', 'z']);
    expect(await a.renew([])).toEqual([]);
  });
});

describe.runIf(url)('requests between nodes over Redis', () => {
  async function node(id: string, p: string) {
    return redisNodeRpc({ pub: client(), sub: client(), nodeId: id, prefix: p, logger: silentLogger, defaultTimeoutMs: 2000 });
  }

  it('a call reaches the named node and returns its value; errors keep their code and details', async () => {
    const p = prefix();
    const [a, b, c] = await Promise.all([node('a', p), node('b', p), node('c', p)]);
    const seen: string[] = [];
    b.serve(async (op, args, from) => {
      seen.push(`b:${op}:${from}`);
      if (op === 'fail') throw new SocketError('DISTRICT_UNKNOWN', { details: { districts: ['D1'] } });
      if (op === 'crash') throw new Error('bug');
      return { echo: args };
    });
    c.serve(async () => {
      seen.push('c');
      return null;
    });
    expect(await a.call('b', 'echo', [1, 'hai', { ba: 3 }])).toEqual({ echo: [1, 'hai', { ba: 3 }] });
    await expect(a.call('b', 'fail', [])).rejects.toMatchObject({ code: 'DISTRICT_UNKNOWN', details: { districts: ['D1'] } });
    // An unexpected failure on the other node is INTERNAL, without its message.
    await expect(a.call('b', 'crash', [])).rejects.toMatchObject({ code: 'INTERNAL', details: undefined });
    expect(seen).toEqual(['b:echo:a', 'b:fail:a', 'b:crash:a']);
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('a node nobody listens for answers UNAVAILABLE at once; a silent one after the timeout', async () => {
    const p = prefix();
    const a = await node('a', p);
    const silent = await node('s', p);
    silent.serve(() => new Promise(() => {}));
    // Nobody subscribed: refused without waiting for the (here ten-minute) timeout, which the test could not outlast.
    await expect(a.call('gone', 'x', [], 600_000)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(a.call('s', 'x', [], 200)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await Promise.all([a.close(), silent.close()]);
  }, 30_000);

  it('notices reach every node, the sender included', async () => {
    const p = prefix();
    const nodes = await Promise.all(['a', 'b', 'c'].map((id) => node(id, p)));
    const got: string[] = [];
    nodes.forEach((n) => n.onNotice((kind, body, from) => got.push(`${n.nodeId}<-${from}:${kind}:${JSON.stringify(body)}`)));
    nodes[0]!.notify('owner', { contestId: 'c1', owner: 'a' });
    for (let i = 0; i < 40 && got.length < 3; i++) await sleep(25);
    expect(got.sort()).toEqual(['a<-a:owner:{"contestId":"c1","owner":"a"}', 'b<-a:owner:{"contestId":"c1","owner":"a"}', 'c<-a:owner:{"contestId":"c1","owner":"a"}']);
    await Promise.all(nodes.map((n) => n.close()));
  });
});
