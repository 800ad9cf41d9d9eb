import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Namespace, type Socket as ServerSocket } from 'socket.io';
import type { JoinResult, PlayerSnapshot } from '../../src/contests/protocol.ts';
import { createLiveClient, LiveError, memoryTokenStore, newAnswerId, storageTokenStore, type LiveClient } from '../../src/contests/live-client.ts';

/**
 * The client against a real socket.io server whose `/live` namespace is scripted
 * per test: acknowledgements, lost acknowledgements, refusals and dropped connections.
 */

const SKEW = 5 * 60_000; // the fake server's clock runs five minutes ahead
const TOKEN = 'resume-token-0123456789abcdef';
const snapshot: PlayerSnapshot = {
  contest: { id: '7c0c2d4e-1111-4222-8333-444455556666', title: 'T', mode: 'classic', questionCount: 1, districts: [{ code: 'lak', name: 'Lắk' }], rosterMode: false },
  phase: 'lobby',
  paused: false,
  lobbyLocked: false,
  playerCount: 1,
  me: { playerId: 'p1', nickname: 'Nam', district: 'lak', points: 120, streak: 1, eliminated: false, answeredCurrent: false },
};
const joinResult: JoinResult = { playerId: 'p1', nickname: 'Nam', reconnectToken: TOKEN, snapshot };

type Handler = (payload: any, ack: (a: unknown) => void, socket: ServerSocket) => void;
let http: HttpServer;
let io: Server;
let live: Namespace;
let url: string;
let handlers: Record<string, Handler> = {};
const received: Array<{ event: string; payload: any }> = [];
const clients: LiveClient[] = [];

beforeAll(async () => {
  http = createServer();
  io = new Server(http);
  live = io.of('/live');
  live.on('connection', (socket) => {
    socket.onAny((event: string, payload: unknown, ack: (a: unknown) => void) => {
      received.push({ event, payload });
      const h = handlers[event];
      if (h) h(payload, ack, socket);
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
beforeEach(() => {
  received.length = 0;
  handlers = {
    'time:sync': (p, ack) => ack({ ok: true, data: { clientSentAt: p.clientSentAt, serverNow: Date.now() + SKEW } }),
  };
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  io.close();
  await new Promise((r) => http.close(r));
});

function client(opts: Parameters<typeof createLiveClient>[1] = {}): LiveClient {
  const c = createLiveClient(url, { timeoutMs: 300, ...opts });
  clients.push(c);
  return c;
}

const connected = (c: LiveClient) => new Promise<void>((r) => (c.socket.connected ? r() : c.on('connected', () => r())));
const next = <T>(register: (resolve: (v: T) => void) => void) => new Promise<T>(register);

describe('requests', () => {
  it('resolves the data of an ok acknowledgement', async () => {
    handlers['nickname:suggest'] = (p, ack) => ack({ ok: true, data: { nickname: `Cáo ${p.pin}`, remaining: 2 } });
    const c = client();
    await expect(c.request('nickname:suggest', { pin: '123456' })).resolves.toEqual({ nickname: 'Cáo 123456', remaining: 2 });
  });

  it('rejects with a typed LiveError carrying the server code', async () => {
    handlers['player:join'] = (_p, ack) => ack({ ok: false, error: { code: 'NICKNAME_TAKEN', message: 'Tên đã có người dùng.' } });
    const c = client();
    const err = await c.join({ pin: '123456', district: 'lak', nickname: 'Nam' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LiveError);
    expect(err).toMatchObject({ code: 'NICKNAME_TAKEN', message: 'Tên đã có người dùng.' });
  });

  it('retries a lost acknowledgement with the same payload, so an answer counts once', async () => {
    let calls = 0;
    handlers['answer:submit'] = (_p, ack) => {
      calls++;
      if (calls === 2) ack({ ok: true, data: { accepted: true, receivedAt: 42 } }); // the first ack is "lost"
    };
    const c = client();
    await connected(c);
    await expect(c.submitAnswer(0, { type: 'single_choice', choice: 1 }, 'answer-id-0001')).resolves.toEqual({ accepted: true, receivedAt: 42 });
    const sent = received.filter((r) => r.event === 'answer:submit').map((r) => r.payload);
    expect(sent).toEqual([
      { questionIndex: 0, answerId: 'answer-id-0001', response: { type: 'single_choice', choice: 1 } },
      { questionIndex: 0, answerId: 'answer-id-0001', response: { type: 'single_choice', choice: 1 } },
    ]);
  });

  it('retries UNAVAILABLE but not a refusal, and gives up with TIMEOUT after the retries', async () => {
    let calls = 0;
    handlers['answer:submit'] = (_p, ack) => {
      calls++;
      ack(calls === 1 ? { ok: false, error: { code: 'UNAVAILABLE', message: 'retry' } } : { ok: false, error: { code: 'TOO_LATE', message: 'late' } });
    };
    const c = client();
    await expect(c.submitAnswer(3, { type: 'true_false', value: true })).rejects.toMatchObject({ code: 'TOO_LATE' });
    expect(calls).toBe(2);
    handlers['contest:start'] = () => {}; // never answers
    await expect(c.request('contest:start', {}, { timeoutMs: 100, retries: 1 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(received.filter((r) => r.event === 'contest:start')).toHaveLength(2);
  });
});

describe('clock', () => {
  it('estimates the server clock from time:sync, whatever the local clock says', async () => {
    const c = client({ now: () => Date.now() - 90_000, syncSamples: 3 }); // a local clock 90 s slow
    await next((r) => c.on('clock', r)); // the automatic sync after connecting
    await c.clock.sync();
    expect(received.filter((r) => r.event === 'time:sync')).toHaveLength(3 + 3);
    expect(Math.abs(c.clock.serverNow() - (Date.now() + SKEW))).toBeLessThan(100);
    expect(c.clock.rttMs).toBeGreaterThanOrEqual(0);
    expect(c.clock.rttMs).toBeLessThan(100);
  });

  it('uses a pushed server timestamp until a sync answers', async () => {
    handlers['time:sync'] = () => {}; // sync never answers
    const c = client({ now: () => Date.now() + 600_000 });
    await connected(c);
    expect(c.clock.offsetMs).toBe(0);
    const shown = next<void>((r) => c.socket.on('question:show', () => r()));
    live.emit('question:show', { question: { index: 0, total: 1, type: 'true_false', prompt: { vi: 'a', en: 'a' }, points: 1 }, timing: { serverNow: Date.now() + SKEW, shownAt: 0, opensAt: 0, closesAt: 0, pausedRemainingMs: null } });
    await shown;
    expect(Math.abs(c.clock.offsetMs - (SKEW - 600_000))).toBeLessThan(100);
  });
});

describe('joining and resuming', () => {
  it('stores the token by PIN on join, and resumes with it after the connection drops', async () => {
    const tokens = memoryTokenStore();
    handlers['player:join'] = (_p, ack) => ack({ ok: true, data: joinResult });
    const resumes: string[] = [];
    handlers['player:resume'] = (p, ack) => {
      resumes.push(p.reconnectToken);
      ack({ ok: true, data: { ...joinResult, snapshot: { ...snapshot, phase: 'question' } } });
    };
    const c = client({ tokens });
    await connected(c);
    await c.join({ pin: '123456', district: 'lak', nickname: 'Nam' });
    expect(tokens.get('123456')).toBe(TOKEN);
    expect(c.pin).toBe('123456');

    const statuses: string[] = [];
    c.on('status', (s) => statuses.push(s));
    const snap = next<PlayerSnapshot>((r) => c.on('snapshot', r));
    // Drop the transport under the client, as a flaky network would.
    for (const s of live.sockets.values()) s.conn.close();
    expect((await snap).phase).toBe('question');
    expect(resumes).toEqual([TOKEN]);
    expect(statuses).toEqual(['reconnecting', 'connected']);
  });

  it('resumes at once on a reload that finds a token for the PIN', async () => {
    const tokens = memoryTokenStore();
    tokens.set('123456', TOKEN);
    handlers['player:resume'] = (p, ack) => ack(p.reconnectToken === TOKEN ? { ok: true, data: { ...joinResult, reconnectToken: `${TOKEN}-rotated` } } : { ok: false, error: { code: 'RESUME_INVALID', message: '' } });
    const c = client({ tokens, pin: '123456' });
    const snap = await next<PlayerSnapshot>((r) => c.on('snapshot', r));
    expect(snap.me.points).toBe(120);
    expect(tokens.get('123456')).toBe(`${TOKEN}-rotated`);
  });

  it('drops a refused token and reports the failure as final', async () => {
    const tokens = memoryTokenStore();
    tokens.set('123456', TOKEN);
    handlers['player:resume'] = (_p, ack) => ack({ ok: false, error: { code: 'RESUME_INVALID', message: 'no' } });
    const c = client({ tokens, pin: '123456' });
    const failed = await next<{ error: LiveError; final: boolean }>((r) => c.on('resume-failed', r));
    expect(failed.final).toBe(true);
    expect(failed.error.code).toBe('RESUME_INVALID');
    expect(tokens.get('123456')).toBeNull();
  });

  it('keeps the token when the resume was merely unanswered', async () => {
    const tokens = memoryTokenStore();
    tokens.set('123456', TOKEN);
    handlers['player:resume'] = () => {};
    const c = client({ tokens, pin: '123456', timeoutMs: 50 });
    const failed = await next<{ error: LiveError; final: boolean }>((r) => c.on('resume-failed', r));
    expect(failed).toMatchObject({ final: false, error: { code: 'TIMEOUT' } });
    expect(tokens.get('123456')).toBe(TOKEN);
  });

  it('forgets the token when kicked', async () => {
    const tokens = memoryTokenStore();
    handlers['player:join'] = (_p, ack, socket) => {
      ack({ ok: true, data: joinResult });
      setTimeout(() => socket.emit('player:kicked', { reason: 'banned' }), 10);
    };
    const c = client({ tokens });
    const kicked = next<void>((r) => c.socket.on('player:kicked', () => r()));
    await c.join({ pin: '123456', district: 'lak' });
    await kicked;
    expect(tokens.get('123456')).toBeNull();
  });
});

describe('token storage', () => {
  it('keeps tokens per PIN in a Storage area under a prefix', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
    const store = storageTokenStore(storage);
    store.set('123456', 'a');
    store.set('654321', 'b');
    expect([...map.entries()]).toEqual([
      ['civiq.live.123456', 'a'],
      ['civiq.live.654321', 'b'],
    ]);
    store.clear('123456');
    expect(store.get('123456')).toBeNull();
    expect(store.get('654321')).toBe('b');
  });

  it('degrades to "no token" when storage throws', () => {
    const boom = () => {
      throw new Error('SecurityError');
    };
    const store = storageTokenStore({ getItem: boom, setItem: boom, removeItem: boom });
    expect(() => store.set('123456', 'a')).not.toThrow();
    expect(store.get('123456')).toBeNull();
  });

  it('makes answer ids the protocol accepts, different each time', () => {
    const ids = new Set(Array.from({ length: 50 }, newAnswerId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });
});

describe('server pings', () => {
  it('acknowledges time:ping so the server can time the round trip itself', async () => {
    const c = client();
    await connected(c);
    const [server] = [...live.sockets.values()];
    await expect(server!.timeout(1000).emitWithAck('time:ping', {})).resolves.toBeUndefined();
  });
});

describe('server-side disconnects', () => {
  it('reconnects after a restart notice, waiting the announced time plus jitter, and resumes', async () => {
    const tokens = memoryTokenStore();
    tokens.set('123456', TOKEN);
    let resumes = 0;
    handlers['player:resume'] = (_p, ack) => {
      resumes++;
      ack({ ok: true, data: joinResult });
    };
    const c = client({ tokens, pin: '123456', random: () => 0 });
    await next((r) => c.on('snapshot', r));
    const statuses: string[] = [];
    c.on('status', (s) => statuses.push(s));
    const [server] = [...live.sockets.values()];
    server!.emit('server:shutdown', { reason: 'restart', reconnectAfterMs: 200 });
    const startedAt = Date.now();
    setTimeout(() => server!.disconnect(true), 20);
    await next((r) => c.on('snapshot', r));
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(200);
    expect(resumes).toBe(2);
    expect(statuses).toEqual(['reconnecting', 'connected']);
  });

  it('stays closed after close()', async () => {
    const c = client();
    await connected(c);
    const statuses: string[] = [];
    c.on('status', (s) => statuses.push(s));
    c.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(statuses).toEqual(['closed']);
    expect(c.socket.connected).toBe(false);
  });
});
