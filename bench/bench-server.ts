import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import type { StoredAnswer } from './bench-report.ts';

/**
 * The server side of the live benchmark: a real `civiq serve` process on a free
 * loopback port, a scratch PostgreSQL database when asked, and reading the
 * stored answers back once the run is over.
 */

const ROOT = path.resolve(import.meta.dirname, '..');

export interface BenchServer {
  url: string;
  /** Everything the process printed (the last 200 kB). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
}

/** Start `civiq serve` with exactly `env` (plus PATH) and resolve once it listens. */
export async function startServer(env: Record<string, string>, startTimeoutMs = 90_000, args: string[] = ['src/cli.ts', 'serve'], nodeArgs: string[] = []): Promise<BenchServer> {
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 400_000) out = out.slice(-200_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${startTimeoutMs} ms:\n${out.slice(-4000)}`)), startTimeoutMs);
    const onData = () => {
      // The JSON log line, or the banner (printed even with LOG_LEVEL=warn, which spares a load test the per-request log).
      const m = /"msg":"listening","url":"([^"]+)"/.exec(out) ?? /civiq is running: (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${out.slice(-4000)}`));
    });
  });
  return {
    url,
    output: () => out,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** A fresh database on the server `adminUrl` points at; `drop` removes it (and any connection left to it). */
export async function createScratchDatabase(adminUrl: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `civiq_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

const ANSWERS_SQL = 'select player_id, question_index, answer_id from live_answers where contest_id = $1';
type AnswerRowRaw = { player_id: string; question_index: number; answer_id: string };
const toStored = (r: AnswerRowRaw): StoredAnswer => ({ playerId: r.player_id, questionIndex: Number(r.question_index), answerId: r.answer_id });

/** The contest's answer rows on PostgreSQL. */
export async function readAnswersPostgres(databaseUrl: string, contestId: string): Promise<StoredAnswer[]> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return (await c.query<AnswerRowRaw>(ANSWERS_SQL, [contestId])).rows.map(toStored);
  } finally {
    await c.end();
  }
}

/** The contest's answer rows in a PGlite directory; only once the server that owned it has exited (one process at a time). */
export async function readAnswersPglite(dataDir: string, contestId: string): Promise<StoredAnswer[]> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dataDir);
  try {
    return (await db.query<AnswerRowRaw>(ANSWERS_SQL, [contestId])).rows.map(toStored);
  } finally {
    await db.close();
  }
}
