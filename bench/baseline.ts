import { ackThroughput, percentile, revealRefs, revealSpread, type BotReport } from './bench-report.ts';
import { startServer, type BenchServer } from './bench-server.ts';
import type { BotSpec } from './live-bots.ts';
import { launchBots } from './bot-processes.ts';

/**
 * The bare socket.io baseline of `npm run bench:live` (bench/baseline-server.ts):
 * the same bots, the same answers, a same-size reveal broadcast once per room.
 */

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Probe GET /healthz every `everyMs` while running; the slowest answer tells whether the loop stalled. */
export function healthProbe(url: string, everyMs = 200) {
  const ms: number[] = [];
  let failures = 0;
  let on = true;
  const loop = async () => {
    while (on) {
      const t0 = performance.now();
      try {
        const r = await fetch(url + '/healthz', { signal: AbortSignal.timeout(20_000) });
        await r.text();
        ms.push(performance.now() - t0);
      } catch {
        failures++;
      }
      await sleep(everyMs);
    }
  };
  const done = loop();
  return {
    async stop() {
      on = false;
      await done;
      return { probes: ms.length, failures, p99Ms: percentile(ms, 99), maxMs: ms.length ? Math.round(Math.max(...ms)) : null };
    },
  };
}

export interface BaselineResult {
  joined: number;
  ackP50Ms: number | null;
  ackP99Ms: number | null;
  ackThroughputPerSec: number | null;
  revealToAllMs: number | null;
  revealToAllByQuestionMs: Array<number | null>;
  revealMissing: number;
  boardToAllMs: number | null;
  boardToAllByQuestionMs: Array<number | null>;
  healthz: { probes: number; failures: number; p99Ms: number | null; maxMs: number | null };
  loopMaxMs: number | null;
  /** The most main-thread CPU between two 10 ms ticks during play (the server's own stalls; see nodejs_eventloop_busy_max_seconds). */
  loopBusyMaxMs: number | null;
}

/**
 * `servers` > 1 (civiq on several nodes): that many bare servers, each with its
 * share of the bots (round-robin, as civiq's nodes), started together; each reveal
 * is timed within its own server's group (stamp → last bot of that server) and the
 * slowest group counts — the floor for that many processes on this machine.
 */
export async function runBaseline(opts: { specs: BotSpec[]; workers: number; joinRate: number; seed: string; questions: number; districts: number; servers?: number }, log: (m: string) => void): Promise<BaselineResult> {
  const env = { QUESTIONS: String(opts.questions), DISTRICTS: String(opts.districts), TIME_LIMIT_MS: '10000', READING_DELAY_MS: '1000', REVEAL_MS: '2000' };
  const servers: BenchServer[] = await Promise.all(Array.from({ length: opts.servers ?? 1 }, () => startServer(env, 30_000, ['bench/baseline-server.ts'])));
  const server = servers[0]!;
  try {
    log(`baseline server${servers.length > 1 ? 's' : ''} at ${servers.map((x) => x.url).join(', ')}`);
    let settled = 0;
    let joined = 0;
    const fleet = launchBots(
      { urls: servers.map((x) => x.url), pin: '0000000', specs: opts.specs, processes: opts.workers, joinStartAt: now() + 500, joinIntervalMs: 1000 / opts.joinRate, seed: opts.seed },
      (m) => {
        settled++;
        if (m.ok) joined++;
      },
      log,
    );
    try {
      const joinDeadline = now() + 30_000 + (opts.specs.length / opts.joinRate) * 2000;
      while (settled < opts.specs.length && now() < joinDeadline) await sleep(200);
      log(`baseline joins: ${joined} of ${opts.specs.length}`);
      const probe = healthProbe(server.url);
      await Promise.all(servers.map((x) => fetch(x.url + '/start', { method: 'POST' })));
      type State = { phase: string; loopMaxMs: number; loopBusyMaxMs: number };
      let states: State[] = servers.map(() => ({ phase: 'lobby', loopMaxMs: 0, loopBusyMaxMs: 0 }));
      const playDeadline = now() + opts.questions * 30_000 + 30_000;
      while (states.some((x) => x.phase !== 'ended') && now() < playDeadline) {
        await sleep(500);
        states = await Promise.all(servers.map(async (x) => (await (await fetch(x.url + '/state')).json()) as State));
      }
      const state = { loopMaxMs: Math.max(...states.map((x) => x.loopMaxMs)), loopBusyMaxMs: Math.max(...states.map((x) => x.loopBusyMaxMs)) };
      const healthz = await probe.stop();
      const bots: BotReport[] = await fleet.finish(10_000, 90_000);
      // Each server's bots against that server's own stamp; the slowest server per question.
      const serverOf = new Map(opts.specs.map((sp) => [sp.nickname, sp.index % servers.length]));
      const groups = servers.map((_, k) => bots.filter((b) => serverOf.get(b.nickname) === k));
      const per = groups.map((g) => {
        const refs = revealRefs(Array.from({ length: opts.questions }, () => null), g);
        return { reveal: revealSpread(refs.refs, g), board: revealSpread(refs.refs, g, (r) => r.boardAt) };
      });
      const slowest = (pick: (x: (typeof per)[number]) => ReturnType<typeof revealSpread>) => {
        const byQuestion = Array.from({ length: opts.questions }, (_, i) => {
          const v = per.map((x) => pick(x).byQuestion[i] ?? null);
          return v.some((x) => x === null) ? null : Math.max(...(v as number[]));
        });
        const known = byQuestion.filter((x): x is number => x !== null);
        return { byQuestion, maxMs: known.length ? Math.max(...known) : null, missing: per.reduce((n, x) => n + pick(x).missing, 0) };
      };
      const spread = slowest((x) => x.reveal);
      const boards = slowest((x) => x.board);
      const ackMs = bots.flatMap((b) => b.answers.flatMap((a) => (a.ackMs === undefined ? [] : [a.ackMs])));
      return {
        joined,
        ackP50Ms: percentile(ackMs, 50),
        ackP99Ms: percentile(ackMs, 99),
        ackThroughputPerSec: ackThroughput(bots),
        revealToAllMs: spread.maxMs,
        revealToAllByQuestionMs: spread.byQuestion,
        revealMissing: spread.missing,
        boardToAllMs: boards.maxMs,
        boardToAllByQuestionMs: boards.byQuestion,
        healthz,
        loopMaxMs: Math.round(state.loopMaxMs),
        loopBusyMaxMs: Math.round(state.loopBusyMaxMs),
      };
    } finally {
      await fleet.stop();
    }
  } finally {
    await Promise.all(servers.map((x) => x.stop(5000)));
  }
}
