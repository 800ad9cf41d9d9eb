import { createServer, connect, type Server, type Socket } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSnapshot, JoinResult, QuestionShow } from '../../src/contests/protocol.ts';
import { createSocketServer } from '../../src/realtime/socket-server.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { MetricsRegistry } from '../../src/shared/metrics.ts';
import { answerId, closeAll, connectLive, correctResponse, createContest, okData, type LiveConn } from '../support/live-bots.ts';
import { districtCodes, startInProcess, type InProcessServer } from './in-process.ts';

/**
 * Checklist row 24: a player's network pulled without a clean close. A TCP
 * proxy between the player and the server is frozen (nothing passes either
 * way, nothing is closed): the heartbeat finds the silence, the host sees the
 * player gone, and the player — back before the deadline — resumes and answers.
 * The heartbeat is injected short here (0.5 s + 0.5 s); production uses
 * 25 s + 20 s = 45 s (checked below), after which the player is shown gone at once.
 */
interface FreezableProxy {
  url: string;
  freeze(): void;
  close(): Promise<void>;
}

async function startProxy(target: URL): Promise<FreezableProxy> {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    // A pulled cable: bytes are lost, no FIN, no RST.
    client.on('data', (d) => void (frozen || upstream.write(d)));
    upstream.on('data', (d) => void (frozen || client.write(d)));
    const end = () => {
      if (frozen) return;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', () => {});
    upstream.on('close', end).on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    freeze: () => void (frozen = true),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let srv: InProcessServer;
let proxy: FreezableProxy;
const conns: LiveConn[] = [];
beforeAll(async () => {
  srv = await startInProcess({ socket: { pingInterval: 500, pingTimeout: 500 } });
  proxy = await startProxy(new URL(srv.url));
});
afterAll(async () => {
  closeAll(conns);
  await proxy?.close();
  await srv?.close();
});

describe('a network pulled without a clean close', () => {
  it('production heartbeat: gone after 25 s + 20 s of silence', () => {
    const io = createSocketServer(createHttpServer(), { auth: srv.runtime.deps.auth, logger: silentLogger, metrics: new MetricsRegistry() });
    expect((io.engine.opts.pingInterval ?? 0) + (io.engine.opts.pingTimeout ?? 0)).toBe(45_000);
    void io.close();
  });

  it('the host sees the player gone; back before the deadline, the player resumes and answers', async () => {
    const qid = [...srv.bank.byId.keys()][0]!;
    const contest = await createContest(srv.url, srv.admin, { title: 'Mất mạng', bank: srv.bank.slug, version: srv.bank.version, questionIds: [qid], settings: { timeLimitSec: 60, readingDelayMs: 0 } });
    const host = await connectLive(srv.url, { token: srv.admin.token });
    conns.push(host);
    okData(await host.request<HostSnapshot>('host:attach', { contestId: contest.id }));
    const [district] = await districtCodes(srv.url);
    const phone = await connectLive(proxy.url);
    conns.push(phone);
    const joined = okData(await phone.request<JoinResult>('player:join', { pin: contest.pin, district, nickname: 'Xe Buýt' }));
    // A classmate still thinking keeps the question open (with nobody left to answer it would close early).
    const classmate = await connectLive(srv.url);
    conns.push(classmate);
    okData(await classmate.request<JoinResult>('player:join', { pin: contest.pin, district, nickname: 'Bạn Cùng Lớp' }));
    const showing = phone.waitFor<QuestionShow>('question:show');
    okData(await host.request('contest:start', {}));
    const shown = await showing;

    const from = host.log.length;
    proxy.freeze();
    const gone = await host.waitFor<HostSnapshot>('host:state', (s) => s.players.some((p) => p.id === joined.playerId && !p.connected), { from, timeoutMs: 20_000 });
    expect(gone.phase).toBe('question');
    expect(Date.now()).toBeLessThan(shown.timing.closesAt);

    // Back on another network before the deadline: resume with the token, then answer.
    const back = await connectLive(srv.url);
    conns.push(back);
    const resumed = okData(await back.request<JoinResult>('player:resume', { reconnectToken: joined.reconnectToken }));
    expect(resumed.playerId).toBe(joined.playerId);
    const ack = await back.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: correctResponse(srv.bank.byId.get(qid)!, shown.question) });
    expect(ack.ok).toBe(true);
    await host.waitFor<HostSnapshot>('host:state', (s) => s.players.some((p) => p.id === joined.playerId && p.connected), { from, timeoutMs: 10_000 });
  }, 60_000);
});
