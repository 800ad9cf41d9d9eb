import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScratchPostgresDatabase } from '../support/db.ts';

/** `civiq reports backfill` as a user runs it: a real process on its own database. */
const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let env: Record<string, string>;
let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>>;

function civiq(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli.ts', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'civiq-cli-reports-'));
  scratch = await createScratchPostgresDatabase();
  env = { PATH: process.env.PATH ?? '', DATA_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'warn', SESSION_SECRET: 'cli-test-secret-cli-test-secret-0123456789', ...(scratch ? { DATABASE_URL: scratch.url } : {}) };
});
afterAll(async () => {
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('civiq reports', () => {
  it('is listed, explains itself, and refuses bad arguments with exit 2', async () => {
    expect((await civiq(['--help'])).out).toContain('reports');
    const help = await civiq(['reports', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('civiq reports backfill [--all] [--kind live|scheduled]');
    const bad = await civiq(['reports', 'rebuild']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('expected the subcommand "backfill"');
    const kind = await civiq(['reports', 'backfill', '--kind', 'quiz']);
    expect(kind.code).toBe(2);
    expect(kind.err).toContain('--kind must be live or scheduled');
  });

  it('back-fills on a fresh database (nothing to write) and says so per kind', async () => {
    const run = await civiq(['reports', 'backfill']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toBe('live: 0 contests written\nscheduled: 0 contests written\n');
  }, 60_000);
});
