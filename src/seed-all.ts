import path from 'node:path';
import type { Runtime } from './composition.ts';
import { seedBanks, type SeedReport } from './banks/seed.ts';

export const QUESTION_BANKS_DIR = path.resolve(import.meta.dirname, '../question-banks');
export const REGIONS_DIR = path.resolve(import.meta.dirname, '../data/regions');

/** Seed everything civiq ships: question banks and region sets. Idempotent. */
export async function seedAll(rt: Runtime): Promise<{ banks: SeedReport[]; regions: string }> {
  const banks = await seedBanks(rt.database.db, rt.services.banks, QUESTION_BANKS_DIR);
  return { banks, regions: 'regions: not yet shipped' };
}
