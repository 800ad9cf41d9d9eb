import { MAX_PLAYERS_CEILING } from '../../src/contests/settings.ts';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Smoke test of `npm run bench:live`: a real server, 20 bots, 2 questions. Only
 * the shape of the report and the absence of loss are checked: timings belong
 * to BENCHMARKS.md, not to assertions.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // No DATABASE_URL: the smoke test always uses PGlite in a temporary directory.
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['bench/live-bench.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bench:live', () => {
  it('plays 20 bots × 2 questions against a real server and loses no answer', async () => {
    const { code, stdout, stderr } = await runBench(['--players', '20', '--questions', '2', '--json', '--timeout-sec', '150']);
    const lines = stdout.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    const r = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(r, stderr).toMatchObject({
      ok: true,
      players: 20,
      joined: 20,
      questions: 2,
      answersSent: 40,
      answersAcked: 40,
      answersRefused: 0,
      unacked: 0,
      ackedMissing: 0,
      rowsInDatabase: 40,
      lost: 0,
      resultsMismatches: 0,
      revealMissing: 0,
      serverExitCode: 0,
      db: 'pglite',
      workers: 2,
      node: process.version,
    });
    expect(r.error).toBeUndefined();
    for (const key of ['ackP50Ms', 'ackP95Ms', 'ackP99Ms', 'revealToAllMs', 'serverRssMb', 'durationMs', 'cpus']) expect(typeof r[key], key).toBe('number');
    expect(typeof r.cpuModel).toBe('string');
    expect(r.revealToAllByQuestionMs).toHaveLength(2);
    expect(code).toBe(0);
  }, 180_000);

  it('refuses a bad option with exit code 2 and the usage', async () => {
    const { code, stdout, stderr } = await runBench(['--players', '0']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`--players must be an integer from 1 to ${MAX_PLAYERS_CEILING - 100}`);
    expect(stderr).toContain('usage: npm run bench:live');
  });
});
