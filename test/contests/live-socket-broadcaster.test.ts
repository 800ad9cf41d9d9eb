import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { socketBroadcaster, wsFrameHeader, type LiveNamespace } from '../../src/contests/live-socket-broadcaster.ts';
import { sharedPart } from '../../src/contests/live-ports.ts';

/**
 * The spliced per-player messages over a real socket.io server and the standard
 * client: what arrives is exactly `{ ...shared, ...personal }`, at every frame
 * length class (< 126, < 65,536 and ≥ 65,536 bytes), with non-ASCII text, and
 * the ordinary path still reaches a room with no local socket.
 */

let http: HttpServer;
let ioServer: Server;
let url: string;
const clients: Socket[] = [];

beforeAll(async () => {
  http = createServer();
  // The options civiq's socket server uses that matter here: no compression, connection-state recovery on.
  ioServer = new Server(http, { perMessageDeflate: false, connectionStateRecovery: { maxDisconnectionDuration: 60_000 } });
  ioServer.of('/live').on('connection', (socket) => {
    socket.on('room', (room: string, ack: () => void) => {
      void socket.join(room);
      ack();
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await new Promise<void>((r) => ioServer.close(() => r()));
});

async function client(room: string): Promise<Socket> {
  const socket = connect(`${url}/live`, { transports: ['websocket'], forceNew: true });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  await socket.emitWithAck('room', room);
  return socket;
}

const next = (socket: Socket, event: string) => new Promise<unknown[]>((resolve) => socket.once(event, (...args: unknown[]) => resolve(args)));

describe('socketBroadcaster.emitSpliced', () => {
  it('delivers shared + personal as one ordinary event, whatever the frame length', async () => {
    const nsp = ioServer.of('/live') as unknown as LiveNamespace;
    const b = socketBroadcaster(() => nsp);
    const a = await client('p:a');
    const other = await client('p:b');
    for (const size of [10, 3_000, 70_000]) {
      const shared = sharedPart({ overall: [{ rank: 1, nickname: 'Trần Minh Đức', district: 'buon-ma-thuot', points: 1000 }], note: 'ế'.repeat(size) });
      const gotA = next(a, 'leaderboard:update');
      const gotB = next(other, 'leaderboard:update');
      b.emitSpliced('p:a', [{ event: 'leaderboard:update', shared: shared as never, personal: { me: { rank: 7, points: 12, districtRank: 2, streak: 1 } } }]);
      b.emitSpliced('p:b', [{ event: 'leaderboard:update', shared: shared as never, personal: { me: { rank: 8, points: 10, districtRank: 3, streak: 0 } } }]);
      const [payloadA] = await gotA;
      const [payloadB] = await gotB;
      expect(payloadA).toEqual({ ...shared.value, me: { rank: 7, points: 12, districtRank: 2, streak: 1 } });
      expect(payloadB).toEqual({ ...shared.value, me: { rank: 8, points: 10, districtRank: 3, streak: 0 } });
    }
  });

  it('writes several messages to a socket in one go, each arriving whole and in order', async () => {
    const nsp = ioServer.of('/live') as unknown as LiveNamespace;
    const b = socketBroadcaster(() => nsp);
    const s = await client('p:d');
    const events: Array<[string, unknown]> = [];
    const done = new Promise<void>((resolve) => {
      s.onAny((event: string, payload: unknown) => {
        events.push([event, payload]);
        if (events.length === 4) resolve();
      });
    });
    // Count the packets handed to the server socket's engine.io connection: one per call, not one per message.
    const serverSocket = [...nsp.sockets.values()].find((x) => x.rooms.has('p:d'))!;
    const engineClient = serverSocket.client as unknown as { writeToEngine: (...args: unknown[]) => void };
    const original = engineClient.writeToEngine.bind(engineClient);
    let writes = 0;
    engineClient.writeToEngine = (...args: unknown[]) => {
      writes++;
      original(...args);
    };
    const reveal = sharedPart({ index: 0, correct: { choices: [2] }, explanation: { vi: 'Giải thích '.repeat(50), en: 'Why' } });
    const board = sharedPart({ overall: [], districts: [], note: 'x'.repeat(70_000) });
    for (const rank of [1, 2]) {
      b.emitSpliced('p:d', [
        { event: 'question:reveal', shared: reveal as never, personal: { me: { answered: true, correct: true, points: 900, totalPoints: 900, streak: 1, eliminated: false } } },
        { event: 'leaderboard:update', shared: board as never, personal: { me: { rank, points: 900, districtRank: 1, streak: 1 } } },
      ]);
    }
    await done;
    expect(writes).toBe(2);
    expect(events.map(([e]) => e)).toEqual(['question:reveal', 'leaderboard:update', 'question:reveal', 'leaderboard:update']);
    expect(events[1]![1]).toEqual({ ...board.value, me: { rank: 1, points: 900, districtRank: 1, streak: 1 } });
    expect(events[3]![1]).toEqual({ ...board.value, me: { rank: 2, points: 900, districtRank: 1, streak: 1 } });
    expect(events[2]![1]).toEqual({ ...reveal.value, me: { answered: true, correct: true, points: 900, totalPoints: 900, streak: 1, eliminated: false } });
  });

  it('handles an empty personal part, and keeps the order of messages to one socket', async () => {
    const nsp = ioServer.of('/live') as unknown as LiveNamespace;
    const b = socketBroadcaster(() => nsp);
    const s = await client('p:c');
    const got: unknown[] = [];
    const done = new Promise<void>((resolve) =>
      s.on('question:show', (p: unknown) => {
        got.push(p);
        if (got.length === 4) resolve();
      }),
    );
    for (let i = 0; i < 3; i++) b.emitSpliced('p:c', [{ event: 'question:show', shared: sharedPart({ question: { index: i } }) as never, personal: {} }]);
    b.emit(['p:c'], 'question:show', { question: { index: 99 } } as never);
    await done;
    expect(got).toEqual([0, 1, 2, 99].map((index) => ({ question: { index } })));
  });

  it('falls back to an ordinary room emit when the room has no socket on this node', async () => {
    const nsp = ioServer.of('/live') as unknown as LiveNamespace;
    const sent: unknown[] = [];
    const fake = { adapter: { rooms: new Map() }, name: '/live', to: () => ({ emit: (_e: string, p: unknown) => sent.push(p) }) } as unknown as LiveNamespace;
    socketBroadcaster(() => fake).emitSpliced('p:elsewhere', [{ event: 'question:reveal', shared: sharedPart({ index: 2 }) as never, personal: { me: { answered: false } } as never }]);
    expect(sent).toEqual([{ index: 2, me: { answered: false } }]);
    expect(nsp.adapter.rooms.has('p:elsewhere')).toBe(false);
  });
});

describe('wsFrameHeader', () => {
  it('encodes the three payload length forms of RFC 6455', () => {
    expect([...wsFrameHeader(5)]).toEqual([0x81, 5]);
    expect([...wsFrameHeader(300)]).toEqual([0x81, 126, 1, 44]);
    expect([...wsFrameHeader(70_000)]).toEqual([0x81, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70]);
  });
});
