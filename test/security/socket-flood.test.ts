import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, codeOf, connectLive, type Ack, type LiveConn } from '../support/live-bots.ts';
import { startInProcess, type InProcessServer } from './in-process.ts';

/** Finding 5: every packet is counted; unknown events are strikes; repeat offenders are cut. */
let srv: InProcessServer;
const conns: LiveConn[] = [];
beforeAll(async () => {
  srv = await startInProcess({ seed: false });
});
afterAll(async () => {
  closeAll(conns);
  await srv?.close();
});
const live = async () => {
  const c = await connectLive(srv.url);
  conns.push(c);
  return c;
};

describe('packet guard', () => {
  it('answers an unknown event with UNKNOWN_EVENT and keeps a well-behaved socket', async () => {
    const s = await live();
    expect(codeOf(await s.request('admin:pwn', {}))).toBe('UNKNOWN_EVENT');
    expect(codeOf(await s.request('time:sync', { clientSentAt: 1 }))).toBe('OK');
    expect(s.socket.connected).toBe(true);
  });

  it('disconnects a socket that floods unknown events', async () => {
    const s = await live();
    const acks: Array<Promise<unknown>> = [];
    for (let i = 0; i < 20_000 && s.socket.connected; i++) {
      acks.push(s.socket.timeout(3000).emitWithAck(`junk:${i}`, { i }).catch(() => 'no ack'));
      if (i % 500 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(await s.waitFor('$disconnect', undefined, { timeoutMs: 10_000 })).toBe('io server disconnect');
    const answered = (await Promise.all(acks)).filter((a): a is Ack => typeof a === 'object' && a !== null);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((a) => codeOf(a) === 'UNKNOWN_EVENT' || codeOf(a) === 'RATE_LIMITED')).toBe(true);
    expect(answered.length).toBeLessThanOrEqual(60);
  });

  it('rate-limits known events per socket, then disconnects a persistent flooder', async () => {
    const s = await live();
    const acks = await Promise.all(Array.from({ length: 45 }, () => s.socket.timeout(3000).emitWithAck('time:sync', { clientSentAt: 1 }).catch(() => null)));
    const codes = acks.map((a) => (a ? codeOf(a as Ack) : 'none'));
    expect(codes.filter((c) => c === 'OK').length).toBeLessThanOrEqual(31);
    expect(codes).toContain('RATE_LIMITED');
    for (let i = 0; i < 200 && s.socket.connected; i++) s.socket.emit('time:sync', { clientSentAt: 1 }, () => {});
    await s.waitFor('$disconnect', undefined, { timeoutMs: 10_000 });
  });

  it('the default namespace is guarded too', async () => {
    const { io } = await import('socket.io-client');
    const sock = io(srv.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((r) => sock.once('connect', () => r()));
    const ack = (await sock.timeout(3000).emitWithAck('nope:nope', {})) as Ack;
    expect(codeOf(ack)).toBe('UNKNOWN_EVENT');
    sock.close();
  });
});
