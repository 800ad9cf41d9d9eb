import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { busyMonitor } from '../src/shared/process-metrics.ts';

/**
 * The bare socket.io baseline of `npm run bench:live`: the floor civiq's live
 * engine is compared with in the same run. Same socket.io options as civiq
 * (no compression, connection-state recovery on), the same `/live` namespace and
 * message shapes, so the same bot workers play against it; but no rules, no
 * database, no per-player work: joins and answers are acked at once, and each
 * question, reveal and leaderboard is ONE room broadcast of a payload the size of
 * civiq's (encoded once, written to every socket).
 *
 * Control over HTTP on the same port: POST /start runs `questions` questions
 * (show; close when every player has answered or at the deadline; reveal;
 * wait; next), GET /state reports progress, GET /healthz answers at once.
 */

const port = Number(process.env.PORT ?? 0);
const questions = Number(process.env.QUESTIONS ?? 5);
const timeLimitMs = Number(process.env.TIME_LIMIT_MS ?? 10_000);
const readingDelayMs = Number(process.env.READING_DELAY_MS ?? 1000);
const revealMs = Number(process.env.REVEAL_MS ?? 2000);
const districts = Number(process.env.DISTRICTS ?? 12);

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const busy = busyMonitor();
let busyMaxMs = 0;
let playing = false;
setInterval(() => {
  const m = busy.takeMaxMs();
  if (playing) busyMaxMs = Math.max(busyMaxMs, m);
}, 500).unref();
const http = createServer();
const io = new Server(http, { perMessageDeflate: false, connectionStateRecovery: { maxDisconnectionDuration: 120_000 }, pingInterval: 25_000, pingTimeout: 20_000 });
const nsp = io.of('/live');
let players = 0;
let answered = 0;
let index = -1;
let phase: 'lobby' | 'question' | 'reveal' | 'ended' = 'lobby';
let closeNow: (() => void) | null = null;

const text = (n: number) => 'x'.repeat(n);
const entry = (i: number) => ({ rank: i + 1, nickname: `Người chơi ${i + 1}`, district: `D${i % districts}`, points: 9000 - i * 10 });
const board = () => ({
  overall: Array.from({ length: 10 }, (_, i) => entry(i)),
  districts: Array.from({ length: districts }, (_, i) => ({ rank: i + 1, district: `D${i}`, name: `Quận ${i}`, teamScore: 5000 - i, players: 100, correctRate: 0.5 })),
  district: { code: 'D0', top: Array.from({ length: 10 }, (_, i) => entry(i)) },
  me: { rank: 1234, points: 4321, districtRank: 56, streak: 2 },
});

nsp.on('connection', (socket) => {
  socket.on('player:join', (p: { nickname?: string; district: string }, ack: (a: unknown) => void) => {
    players++;
    socket.join('all');
    const playerId = `${socket.id}`;
    ack({
      ok: true,
      data: {
        playerId,
        nickname: p.nickname ?? 'Bot',
        reconnectToken: text(43),
        snapshot: { contest: { id: 'baseline', title: 'Baseline', mode: 'classic', questionCount: questions, districts: [], rosterMode: false }, phase: 'lobby', paused: false, lobbyLocked: false, playerCount: players, me: { playerId, nickname: p.nickname ?? 'Bot', district: p.district, points: 0, streak: 0, eliminated: false, answeredCurrent: false } },
      },
    });
  });
  socket.on('answer:submit', (p: { questionIndex: number }, ack: (a: unknown) => void) => {
    if (p.questionIndex !== index || phase !== 'question') return ack({ ok: false, error: { code: 'TOO_LATE', message: 'late' } });
    ack({ ok: true, data: { accepted: true, receivedAt: Date.now() } });
    if (++answered >= players) closeNow?.();
  });
  socket.on('disconnect', () => {
    if (socket.rooms.has('all')) players = Math.max(0, players - 1);
  });
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function play(): Promise<void> {
  playing = true;
  for (let i = 0; i < questions; i++) {
    index = i;
    answered = 0;
    phase = 'question';
    const shownAt = Date.now();
    const opensAt = shownAt + readingDelayMs;
    const closesAt = opensAt + timeLimitMs;
    nsp.to('all').emit('question:show', {
      question: { index: i, total: questions, type: 'single_choice', prompt: { vi: text(120), en: text(110) }, options: [0, 1, 2, 3].map((k) => ({ index: k, text: { vi: text(30), en: text(28) } })), points: 1000 },
      timing: { serverNow: shownAt, shownAt, opensAt, closesAt, pausedRemainingMs: null },
    });
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, closesAt + 250 - Date.now());
      closeNow = () => {
        clearTimeout(t);
        resolve();
      };
    });
    closeNow = null;
    phase = 'reveal';
    const serverNow = Date.now();
    nsp.to('all').emit('question:reveal', {
      index: i,
      correct: { choices: [1] },
      explanation: { vi: text(200), en: text(180) },
      distribution: { right: 1, wrong: 2, noAnswer: 3, options: [1, 2, 3, 4] },
      me: { answered: true, correct: true, points: 950, totalPoints: 4321, streak: 2, eliminated: false },
      serverNow,
    });
    nsp.to('all').emit('leaderboard:update', board());
    await sleep(revealMs);
  }
  phase = 'ended';
  nsp.to('all').emit('contest:ended', { podium: board().overall.slice(0, 3), districts: board().districts });
}

http.on('request', (req, res) => {
  if (req.url?.startsWith('/socket.io')) return;
  const json = (body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'POST' && req.url === '/start') {
    void play();
    return json({ started: true });
  }
  if (req.url === '/state') return json({ phase, index, players, answered, loopMaxMs: loop.max / 1e6, loopBusyMaxMs: busyMaxMs });
  if (req.url === '/healthz') return json({ ok: true });
  res.writeHead(404).end();
});

http.listen(port, '127.0.0.1', () => {
  const a = http.address();
  process.stdout.write(JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : port}` }) + '\n');
});
process.on('SIGTERM', () => {
  io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
