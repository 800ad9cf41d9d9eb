import { fork, type ChildProcess } from 'node:child_process';
import type { BotReport } from './bench-report.ts';
import type { BotSpec, BotsCommand, BotsMessage } from './live-bots.ts';

/**
 * The bots of `bench:live` (and its baseline) in child processes: `processes`
 * forks of bench/live-bots.ts, each with a share of the bots and its own
 * open-file limit. Bots are spread round-robin over `urls` (one URL per server
 * node; bot `index` plays on `urls[index % urls.length]`).
 */

export interface BotLaunch {
  urls: string[];
  pin: string;
  specs: BotSpec[];
  processes: number;
  /** Machine-wide clock (`performance.timeOrigin + performance.now()`) of the first join. */
  joinStartAt: number;
  joinIntervalMs: number;
  seed: string;
  answerTimeoutMs?: number;
  answerRetries?: number;
}

export interface BotFleet {
  /** Tell every process to finish (wait for the end, settle answers) and collect the reports. */
  finish(waitEndedMs: number, timeoutMs: number): Promise<BotReport[]>;
  /** Kill whatever is still running. */
  stop(): Promise<void>;
}

export function launchBots(opts: BotLaunch, onJoin: (m: Extract<BotsMessage, { type: 'join' }>) => void, log: (m: string) => void = () => {}): BotFleet {
  const children: ChildProcess[] = [];
  const reports: BotReport[][] = [];
  const waiting = new Set<() => void>();
  for (let w = 0; w < opts.processes; w++) {
    const child = fork(new URL('./live-bots.ts', import.meta.url), [], { execPath: process.execPath, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    child.on('message', (m: BotsMessage) => {
      if (m.type === 'join') onJoin(m);
      else {
        reports.push(m.bots);
        waiting.forEach((fn) => fn());
      }
    });
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGTERM') log(`bot process ${w} exited with ${code ?? signal}`);
      waiting.forEach((fn) => fn());
    });
    child.send({
      type: 'start',
      data: {
        urls: opts.urls,
        pin: opts.pin,
        bots: opts.specs.filter((s) => s.index % opts.processes === w),
        joinStartAt: opts.joinStartAt,
        joinIntervalMs: opts.joinIntervalMs,
        seed: opts.seed,
        answerTimeoutMs: opts.answerTimeoutMs ?? 4000,
        answerRetries: opts.answerRetries ?? 3,
      },
    } satisfies BotsCommand);
  }
  return {
    async finish(waitEndedMs, timeoutMs) {
      for (const c of children) if (c.connected) c.send({ type: 'finish', waitEndedMs } satisfies BotsCommand);
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (reports.length === children.length) done(resolve);
          else if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) done(() => reject(new Error(`only ${reports.length} of ${children.length} bot processes reported`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`the bot reports: timed out after ${timeoutMs} ms`))), timeoutMs);
        const done = (fn: () => void) => {
          clearTimeout(timer);
          waiting.delete(check);
          fn();
        };
        waiting.add(check);
        check();
      });
      return reports.flat();
    },
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
