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

export async function runBaseline(opts: { specs: BotSpec[]; workers: number; joinRate: number; seed: string; questions: number; districts: number }, log: (m: string) => void): Promise<BaselineResult> {
  const server: BenchServer = await startServer({ QUESTIONS: String(opts.questions), DISTRICTS: String(opts.districts), TIME_LIMIT_MS: '10000', READING_DELAY_MS: '1000', REVEAL_MS: '2000' }, 30_000, ['bench/baseline-server.ts']);
  try {
    log(`baseline server at ${server.url}`);
    let settled = 0;
    let joined = 0;
    const fleet = launchBots(
      { urls: [server.url], pin: '0000000', specs: opts.specs, processes: opts.workers, joinStartAt: now() + 500, joinIntervalMs: 1000 / opts.joinRate, seed: opts.seed },
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
      await fetch(server.url + '/start', { method: 'POST' });
      let state: { phase: string; loopMaxMs: number; loopBusyMaxMs: number } = { phase: 'lobby', loopMaxMs: 0, loopBusyMaxMs: 0 };
      const playDeadline = now() + opts.questions * 30_000 + 30_000;
      while (state.phase !== 'ended' && now() < playDeadline) {
        await sleep(500);
        state = (await (await fetch(server.url + '/state')).json()) as typeof state;
      }
      const healthz = await probe.stop();
      const bots: BotReport[] = await fleet.finish(10_000, 90_000);
      const refs = revealRefs(Array.from({ length: opts.questions }, () => null), bots);
      const spread = revealSpread(refs.refs, bots);
      const boards = revealSpread(refs.refs, bots, (r) => r.boardAt);
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
    await server.stop(5000);
  }
}
