import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { SYSTEM_PRINCIPAL } from '../auth/auth-service.ts';
import type { BankService, StoredQuestion } from './bank-service.ts';
import { BankFileSchema, type BankFile } from './question-schema.ts';
import { checksumOf } from './question-text.ts';
import { ApiError } from '../http/errors.ts';

export interface SeedReport {
  file: string;
  slug: string;
  created: boolean;
  changed: boolean;
  version: number;
  questions: number;
}

/**
 * Load the shipped banks into the database. Idempotent: a bank whose file did not
 * change is left alone; a changed file updates the draft and becomes a new
 * published version. Shipped banks are owned by the system and public.
 */
export async function seedBanks(db: Kysely<Database>, banks: BankService, dir: string): Promise<SeedReport[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const reports: SeedReport[] = [];
  for (const file of files) {
    const raw = await readFile(path.join(dir, file), 'utf8');
    const bank = BankFileSchema.parse(JSON.parse(raw));
    reports.push({ file, ...(await seedBank(db, banks, bank)) });
  }
  return reports;
}

async function seedBank(db: Kysely<Database>, banks: BankService, file: BankFile): Promise<Omit<SeedReport, 'file'>> {
  const p = SYSTEM_PRINCIPAL;
  const { questions, $schema: _schema, ...meta } = file;
  const missingId = questions.findIndex((q) => !q.id);
  if (missingId >= 0) throw new Error(`${file.slug}: question ${missingId + 1} has no id; shipped questions need stable ids`);
  const wanted = questions as StoredQuestion[];
  let created = false;
  const existing = await db.selectFrom('banks').select(['id', 'archived_at']).where('slug', '=', file.slug).executeTakeFirst();
  if (existing?.archived_at) {
    // An admin archived this shipped bank on purpose: leave it be.
    const versions = await banks.listVersions(p, file.slug);
    return { slug: file.slug, created: false, changed: false, version: versions[0]?.version ?? 0, questions: wanted.length };
  }
  if (!existing) {
    await banks.create(p, { ...meta, reviewRequired: false });
    created = true;
  } else {
    const patch = { title: meta.title, ...(meta.description ? { description: meta.description } : {}), defaultLanguage: meta.defaultLanguage, framework: meta.framework, visibility: meta.visibility, licence: meta.licence, author: meta.author, tags: meta.tags };
    const stored = await banks.get(p, file.slug);
    const storedMeta = Object.fromEntries(Object.keys(patch).map((k) => [k, stored[k as keyof typeof stored]]));
    // Every start seeds: write only what the file changed, so an unchanged bank costs reads alone.
    if (checksumOf(storedMeta) !== checksumOf(patch)) await banks.update(p, file.slug, patch);
  }
  const current = await banks.listQuestions(p, file.slug);
  const changed = checksumOf(current) !== checksumOf(wanted);
  if (changed) {
    const wantedIds = new Set(wanted.map((q) => q.id));
    for (const q of current) if (!wantedIds.has(q.id)) await banks.deleteQuestion(p, file.slug, q.id);
    const have = new Set(current.map((q) => q.id));
    for (const q of wanted) {
      if (have.has(q.id)) await banks.updateQuestion(p, file.slug, q.id, q as unknown as Record<string, unknown>, { replace: true });
      else await banks.addQuestion(p, file.slug, q);
    }
    await banks.reorder(p, file.slug, wanted.map((q) => q.id));
  }
  let version: number;
  try {
    version = (await banks.publish(p, file.slug, { allowUnchanged: true })).version;
  } catch (err) {
    if (err instanceof ApiError) throw new Error(`${file.slug}: publish failed: ${String(err.code)}`);
    throw err;
  }
  return { slug: file.slug, created, changed: changed || created, version, questions: wanted.length };
}
