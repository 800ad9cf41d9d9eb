import { createLiveClient, LiveError, newAnswerId, type LiveClient } from '../src/contests/live-client.ts';
import type { QuestionReveal, QuestionView, Timing } from '../src/contests/protocol.ts';
import { seededRandom, type Rng } from '../src/shared/random.ts';
import type { AnswerOutcome, BotReport } from './bench-report.ts';
import { answerMoment, randomResponse } from './bot-play.ts';

/**
 * A bot process of the live benchmark: plays a share of the bots over real
 * websockets. Forked by bench/bot-processes.ts (`launchBots`); receives
 * `{ type: 'start', data: BotsWorkerData }` over IPC, sends a `BotsMessage` per
 * join and one report when told to finish. A process, not a worker thread: each
 * has its own open-file limit (20,000 here), so the bots are never the ceiling.
 */

export interface BotSpec {
  /** Global join order: the bot connects at `joinStartAt + index × joinIntervalMs`. */
  index: number;
  nickname: string;
  district: string;
}

export interface BotsWorkerData {
  /** Servers to play on: bot `index` connects to `urls[index % urls.length]` (several nodes behind no balancer). */
  urls: string[];
  pin: string;
  bots: BotSpec[];
  /** Machine-wide clock (`performance.timeOrigin + performance.now()`). */
  joinStartAt: number;
  joinIntervalMs: number;
  seed: string;
  /** Per attempt; an answer gets `answerRetries` more attempts with the same id after a timeout. */
  answerTimeoutMs: number;
  answerRetries: number;
}

export type BotsMessage =
  | { type: 'join'; ok: boolean; code?: string; ms: number }
  | { type: 'report'; bots: BotReport[] };

export type BotsCommand = { type: 'start'; data: BotsWorkerData } | { type: 'finish'; waitEndedMs: number };

/** Comparable across threads of one machine: every thread's origin is on the same wall clock. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Bot {
  report: BotReport;
  client: LiveClient | null;
  pending: Set<Promise<void>>;
  ended: Promise<void>;
}

function startBot(data: BotsWorkerData, spec: BotSpec, post: (m: BotsMessage) => void): Bot {
  const rng: Rng = seededRandom(`${data.seed}:${spec.index}`);
  const report: BotReport = { nickname: spec.nickname, playerId: null, district: spec.district, answers: [], reveals: [], ended: false };
  const pending = new Set<Promise<void>>();
  const scheduled = new Set<number>();
  let markEnded = () => {};
  const ended = new Promise<void>((r) => (markEnded = r));
  const bot: Bot = { report, client: null, pending, ended };

  async function submit(client: LiveClient, question: QuestionView): Promise<void> {
    const outcome: AnswerOutcome = { questionIndex: question.index, answerId: newAnswerId(), status: 'unacked', attempts: 0 };
    report.answers.push(outcome);
    const payload = { questionIndex: question.index, answerId: outcome.answerId, response: randomResponse(question, rng) };
    const t0 = performance.now();
    outcome.sentAt = now();
    for (;;) {
      outcome.attempts++;
      try {
        const ack = await client.request('answer:submit', payload, { timeoutMs: data.answerTimeoutMs });
        outcome.status = 'acked';
        outcome.receivedAt = ack.receivedAt;
        outcome.ackMs = Math.round((performance.now() - t0) * 10) / 10;
        outcome.ackedAt = now();
        delete outcome.code;
        return;
      } catch (err) {
        const code = err instanceof LiveError ? err.code : 'INTERNAL';
        outcome.code = code;
        if (code !== 'TIMEOUT' && code !== 'UNAVAILABLE') {
          outcome.status = 'refused';
          return;
        }
        if (outcome.attempts > data.answerRetries) return;
        if (code === 'UNAVAILABLE') await sleep(250 * outcome.attempts);
      }
    }
  }

  function schedule(client: LiveClient, question: QuestionView, timing: Timing): void {
    if (scheduled.has(question.index)) return;
    scheduled.add(question.index);
    client.clock.noteServerTime(timing.serverNow);
    const delay = Math.max(0, answerMoment(timing, rng) - client.clock.serverNow());
    const done = sleep(delay).then(() => submit(client, question));
    pending.add(done);
    void done.finally(() => pending.delete(done));
  }

  function noteReveal(r: QuestionReveal): void {
    if (report.reveals.some((x) => x.index === r.index)) return;
    const at = now();
    const stamp = (r as { serverNow?: unknown }).serverNow;
    report.reveals.push({ index: r.index, at, answered: r.me?.answered ?? false, correct: r.me?.correct ?? false, ...(typeof stamp === 'number' ? { serverNow: stamp } : {}) });
  }

  /** The board that follows a reveal (the player's place): its arrival, on the latest reveal's receipt. */
  function noteBoard(): void {
    const last = report.reveals[report.reveals.length - 1];
    if (last && last.boardAt === undefined) last.boardAt = now();
  }

  const delay = data.joinStartAt + spec.index * data.joinIntervalMs - now();
  void sleep(Math.max(0, delay)).then(async () => {
    const t0 = now();
    const client = createLiveClient(data.urls[spec.index % data.urls.length]!, { random: rng });
    bot.client = client;
    client.socket.on('time:ping', (_p, ack) => ack());
    client.socket.on('question:show', (q) => schedule(client, q.question, q.timing));
    client.socket.on('question:reveal', noteReveal);
    client.socket.on('leaderboard:update', noteBoard);
    client.socket.on('contest:state', (s) => {
      if (s.phase === 'question' && s.question && !s.me.answeredCurrent) schedule(client, s.question.question, s.question.timing);
      if (s.reveal) noteReveal(s.reveal);
      if (s.phase === 'ended') {
        report.ended = true;
        markEnded();
      }
    });
    client.socket.on('contest:ended', () => {
      report.ended = true;
      markEnded();
    });
    try {
      const joined = await client.join({ pin: data.pin, nickname: spec.nickname, district: spec.district, lang: 'vi' });
      report.playerId = joined.playerId;
      post({ type: 'join', ok: true, ms: now() - t0 });
    } catch (err) {
      report.joinError = err instanceof LiveError ? err.code : String(err);
      post({ type: 'join', ok: false, code: report.joinError, ms: now() - t0 });
      client.close();
    }
  });
  return bot;
}

function main(): void {
  if (!process.send) throw new Error('live-bots.ts runs as a child process of bench/bot-processes.ts');
  const post = (m: BotsMessage) => void process.send!(m);
  let bots: Bot[] = [];
  process.on('message', async (cmd: BotsCommand) => {
    if (cmd.type === 'start') {
      bots = cmd.data.bots.map((spec) => startBot(cmd.data, spec, post));
      return;
    }
    if (cmd.type !== 'finish') return;
    const joined = bots.filter((b) => b.report.playerId);
    await Promise.race([Promise.all(joined.map((b) => b.ended)), sleep(cmd.waitEndedMs)]);
    // Answers still in flight settle within their own timeouts and retries.
    await Promise.all(bots.flatMap((b) => [...b.pending]));
    for (const b of bots) b.client?.close();
    post({ type: 'report', bots: bots.map((b) => b.report) });
  });
  // The parent gone (a failed run): do not linger.
  process.on('disconnect', () => process.exit(0));
}

main();
