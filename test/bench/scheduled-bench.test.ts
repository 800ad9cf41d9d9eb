import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Smoke test of `npm run bench:scheduled` on PostgreSQL (the benchmark's subject;
 * CI always has it at 127.0.0.1): a real server, 40 participants, 60 attempts, 12
 * of them concurrent over HTTP, and a 300-attempt ranking contest. Only the shape
 * of the report and that nothing is lost are checked; timings go to BENCHMARKS.md.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bench/scheduled-bench.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: ADMIN_URL }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bench:scheduled', () => {
  it('runs a small contest end to end and loses nothing', async () => {
    const { code, stdout, stderr } = await runBench(['--participants', '40', '--attempts', '60', '--questions', '5', '--concurrent', '12', '--think-ms', '20', '--ramp-sec', '1', '--big', '300', '--json', '--timeout-sec', '200']);
    const lines = stdout.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    const r = JSON.parse(lines[0]!);
    expect(r, stderr).toMatchObject({
      ok: true,
      totals: { participants: 40, attempts: 60, answers: 300, ranked: 40 },
      peak: { attemptsStarted: 12, answersSaved: 60, submits: 12, errors: {} },
      big: { attempts: 300, ranked: r.big.participants },
    });
    for (const key of ['startP50', 'startP99', 'saveP50', 'saveP99', 'savesPerSecond', 'startsPerSecond']) expect(typeof r.peak[key], key).toBe('number');
    expect(typeof r.closeSnapshotMs).toBe('number');
    const queries = r.rankingsPublished.map((q: { query: string; status: number }) => [q.query, q.status]);
    expect(queries).toHaveLength(6);
    for (const [, status] of queries) expect(status).toBe(200);
    expect(code).toBe(0);
  }, 220_000);

  it('refuses a bad option with exit code 2 and the usage', async () => {
    const { code, stderr } = await runBench(['--concurrent', '10', '--participants', '5']);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: npm run bench:scheduled');
  });
});
