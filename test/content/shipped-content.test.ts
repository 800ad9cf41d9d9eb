import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REVIEWED_PAIRS_FILE, validateBankPath } from '../../src/banks/validate-files.ts';
import { parseReviewedPairs } from '../../src/banks/near-duplicates.ts';
import { QUESTION_BANKS_DIR, seedAll } from '../../src/seed-all.ts';
import { seedBanks } from '../../src/banks/seed.ts';
import { domainOf } from '../../src/banks/competences.ts';
import { checkBankSet } from '../../src/banks/content-rules.ts';
import { BankFileSchema, QuestionSchema } from '../../src/banks/question-schema.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

describe('shipped question banks', () => {
  it('pass the schema and the content rules', async () => {
    const { banks, problems } = await validateBankPath(QUESTION_BANKS_DIR);
    expect(problems).toEqual([]);
    expect(banks.length).toBeGreaterThanOrEqual(15);
    const questions = banks.flatMap((b) => b.bank.questions);
    expect(questions.length).toBeGreaterThanOrEqual(540);
    for (const { bank, file } of banks) {
      expect(bank.questions.length, file).toBeGreaterThanOrEqual(25);
      expect(new Set(bank.questions.map((q) => q.difficulty)), file).toEqual(new Set([1, 2, 3]));
      expect(bank.licence, file).toBeTruthy();
      expect(bank.author, file).toBeTruthy();
    }
    expect(new Set(questions.flatMap((q) => q.competences.map(domainOf)))).toEqual(new Set(['1', '2', '3', '4', '5', '6']));
    expect(new Set(questions.map((q) => q.type))).toEqual(new Set(['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'ordering']));
  });

  it('would flag the near-duplicates issue 16 found, had they come back', async () => {
    const { banks } = await validateBankPath(QUESTION_BANKS_DIR);
    const old = JSON.parse(await readFile(path.join(import.meta.dirname, 'fixtures/duplicates-before-issue-16.json'), 'utf8')) as { items: Array<{ bank: string; question: unknown }> };
    const restored = banks.map(({ file, bank }) => {
      const back = new Map(old.items.filter((i) => i.bank === bank.slug).map((i) => QuestionSchema.parse(i.question)).map((q) => [q.id, q]));
      return { file, bank: BankFileSchema.parse({ ...bank, questions: bank.questions.map((q) => back.get(q.id) ?? q) }) };
    });
    const reviewed = parseReviewedPairs(await readFile(path.join(QUESTION_BANKS_DIR, REVIEWED_PAIRS_FILE), 'utf8'));
    const flagged = checkBankSet(restored, undefined, reviewed)
      .filter((p) => p.message.startsWith('near-duplicate'))
      .map((p) => `${p.question} ${p.message.split(' ')[2]}`);
    // The pairs written alike are caught; pairs that share a fact in different words (ai-020/ph-024, ph-011/013/018) are an editor's job.
    expect(flagged).toEqual(expect.arrayContaining(['cb-017 digital-footprint-identity/fp-012', 'pd-022 personal-data-privacy/pd-023']));
    // …and the fixed banks are clean.
    expect(checkBankSet(banks, undefined, reviewed).filter((p) => p.message.startsWith('near-duplicate'))).toEqual([]);
  });

  it('are stored in NFC with no outdated password advice marked correct', async () => {
    const { banks } = await validateBankPath(QUESTION_BANKS_DIR);
    for (const { file } of banks) {
      const raw = await readFile(file, 'utf8');
      expect(raw, file).toBe(raw.normalize('NFC'));
    }
    // A correct option must never teach forced symbols, periodic changes or letter-for-symbol swaps.
    const outdated = /(đổi mật khẩu (định kỳ|mỗi tháng|thường xuyên)|change (your )?password(s)? (every|regularly|monthly)|p@ssw0rd)/i;
    for (const { bank } of banks)
      for (const q of bank.questions) {
        if (q.type !== 'single_choice') continue;
        const correct = q.options.find((o) => o.id === q.answer)!;
        expect(outdated.test(correct.text.vi) || outdated.test(correct.text.en), `${bank.slug}/${q.id}`).toBe(false);
      }
  });
});

describe('seeding', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('loads every bank as a published version and the Đắk Lắk region set, and a second run changes nothing', async () => {
    const first = await seedAll(t.runtime);
    expect(first.banks.length).toBeGreaterThanOrEqual(10);
    expect(first.banks.every((b) => b.created && b.version === 1)).toBe(true);
    const admin = await t.user('admin');
    const list = (await (await t.call('GET', '/api/banks', { headers: admin.headers })).json()) as { banks: Array<{ questionCount: number; latestVersion: number; visibility: string }> };
    expect(list.banks.length).toBeGreaterThanOrEqual(10);
    expect(list.banks.reduce((n, b) => n + b.questionCount, 0)).toBeGreaterThanOrEqual(300);
    expect(list.banks.every((b) => b.latestVersion === 1 && b.visibility === 'public')).toBe(true);
    const sets = (await (await t.call('GET', '/api/region-sets')).json()) as { sets: Array<{ code: string }> };
    const daklak = (await (await t.call('GET', `/api/region-sets/${sets.sets[0]!.code}`)).json()) as { units: Array<{ level: string }> };
    expect(daklak.units.filter((u) => u.level === 'district')).toHaveLength(15);

    const before = await t.runtime.database.db.selectFrom('bank_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const touched = async () => (await t.runtime.database.db.selectFrom('banks').select(['slug', 'updated_at']).orderBy('slug').execute()).map((b) => `${b.slug}@${new Date(b.updated_at).toISOString()}`);
    const touchedBefore = await touched();
    const second = await seedAll(t.runtime);
    // An unchanged file writes nothing: not even the bank's metadata.
    expect(await touched()).toEqual(touchedBefore);
    expect(second.banks.every((b) => !b.created && !b.changed && b.version === 1)).toBe(true);
    const after = await t.runtime.database.db.selectFrom('bank_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('turns a changed bank file into a new published version, leaving the others alone', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'civiq-banks-'));
    await cp(QUESTION_BANKS_DIR, dir, { recursive: true });
    const file = path.join(dir, 'passwords-accounts.json');
    const bank = JSON.parse(await readFile(file, 'utf8')) as { questions: Array<{ difficulty: number }> };
    bank.questions[0]!.difficulty = bank.questions[0]!.difficulty === 3 ? 2 : 3;
    await writeFile(file, JSON.stringify(bank, null, 2));
    const report = await seedBanks(t.runtime.database.db, t.runtime.services.banks, dir);
    const changed = report.filter((r) => r.changed);
    expect(changed.map((r) => [r.slug, r.version])).toEqual([['passwords-accounts', 2]]);
  });
});
