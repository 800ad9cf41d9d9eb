import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScratchPostgresDatabase } from '../support/db.ts';

/** The `civiq` command line as a user runs it: a real process on its own database. */
const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let env: Record<string, string>;
let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>>;

function civiq(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli.ts', ...args], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'civiq-cli-'));
  scratch = await createScratchPostgresDatabase();
  env = { PATH: process.env.PATH ?? '', DATA_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'warn', ...(scratch ? { DATABASE_URL: scratch.url } : {}) };
});
afterAll(async () => {
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('civiq CLI', () => {
  it('prints help for the tool and for each command', async () => {
    const all = await civiq(['--help']);
    expect(all.code).toBe(0);
    for (const c of ['serve', 'migrate', 'seed', 'users', 'validate', 'import', 'export']) expect(all.out).toContain(c);
    const one = await civiq(['import', '--help']);
    expect(one.out).toContain('--bank SLUG');
  });

  it('stops with exit code 2 and one line per bad variable', async () => {
    const r = await civiq(['migrate'], { PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('PORT="abc"');
    expect(r.err).toContain('LOG_LEVEL="loud"');
  });

  it('validates the shipped banks', async () => {
    const r = await civiq(['validate', 'question-banks']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\d+ banks, \d+ questions, 0 problems/);
    // Counts per bank, grade band, type and difficulty.
    expect(r.out).toMatch(/law-children-online: \d+ questions; bands CB1 \d+, CB2 \d+, TC1 \d+, TC2 \d+, NC1 \d+; types .*ordering \d+/);
  });

  it('migrates, rolls back and migrates again', async () => {
    const up = await civiq(['migrate']);
    expect(up.code).toBe(0);
    expect(up.out).toMatch(/applied\s+0001_accounts/);
    const down = await civiq(['migrate', '--down']);
    expect(down.out).toMatch(/reverted \S+/);
    const again = await civiq(['migrate']);
    expect(again.code).toBe(0);
    expect((await civiq(['migrate'])).out).toContain('Nothing to do');
  });

  it('seeds, and a second seed changes nothing', async () => {
    const first = await civiq(['seed']);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/passwords-accounts\s+v1\s+\d+ questions\s+created/);
    const second = await civiq(['seed']);
    expect(second.code).toBe(0);
    expect(second.out).not.toMatch(/\s(created|updated)$/m);
    expect(second.out).toMatch(/daklak-2021 \(unchanged; units unchanged 16\)/);
    expect(second.out.match(/unchanged/g)?.length).toBeGreaterThanOrEqual(10);
  });

  it('creates a teacher account with a generated password, and refuses a duplicate', async () => {
    const r = await civiq(['users', 'create', '--role', 'teacher', '--email', 'co.lan@truong.edu.vn', '--name', 'Cô Lan']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('created teacher co.lan@truong.edu.vn');
    expect(r.out).toMatch(/password: [a-z2-9-]{23}/);
    const dup = await civiq(['users', 'create', '--role', 'teacher', '--email', 'co.lan@truong.edu.vn']);
    expect(dup.code).toBe(1);
    const bad = await civiq(['users', 'create', '--role', 'student', '--email', 'x@y.vn']);
    expect(bad.code).toBe(2);
  });

  it('imports a GIFT file into a new bank and exports it as CSV and GIFT', async () => {
    const json = path.join(dir, 'bank.json');
    await writeFile(json, JSON.stringify({ slug: 'lop-8a', title: { vi: 'Lớp 8A', en: 'Class 8A' }, questions: [] }));
    const created = await civiq(['import', json, '--bank', 'lop-8a']);
    expect(created.code).toBe(0);
    const gift = path.join(dir, 'quiz.gift');
    await writeFile(
      gift,
      [
        '// Câu hỏi của cô Lan',
        '::otp:: Có nên đưa mã OTP cho người tự xưng là nhân viên ngân hàng không?{F}',
        '',
        '::mk:: Mật khẩu nào mạnh nhất?{=ba từ ngẫu nhiên ghép lại ~123456 ~ngày sinh}',
        '',
        'Viết một đoạn về mật khẩu mạnh. {}',
      ].join('\n'),
    );
    const r = await civiq(['import', gift, '--bank', 'lop-8a', '--lang', 'vi']);
    expect(r.code).toBe(1); // one question skipped: the exit code says so
    expect(r.out).toContain('imported 2');
    expect(r.out).toMatch(/quiz\.gift:6: skipped: .*essay/i);
    const strict = await civiq(['import', gift, '--bank', 'lop-8a', '--strict', '--replace']);
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('nothing was imported');

    const csvPath = path.join(dir, 'out.csv');
    const csv = await civiq(['export', 'lop-8a', '--format', 'csv', '--out', csvPath]);
    expect(csv.code).toBe(0);
    const text = await readFile(csvPath, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('Mật khẩu nào mạnh nhất?');
    const giftOut = await civiq(['export', 'lop-8a', '--format', 'gift']);
    expect(giftOut.out).toContain('::otp::');
    expect(giftOut.out).toMatch(/::otp::.*\{F\}/);
  });

  it('refuses an import into a missing bank and an unknown format', async () => {
    const gift = path.join(dir, 'x.gift');
    await writeFile(gift, 'Q?{T}');
    expect((await civiq(['import', gift, '--bank', 'khong-co'])).code).toBe(2);
    expect((await civiq(['export', 'lop-8a', '--format', 'docx'])).code).toBe(2);
  });
});
