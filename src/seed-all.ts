import path from 'node:path';
import type { Runtime } from './composition.ts';
import { seedBanks, type SeedReport } from './banks/seed.ts';
import { seedRegions } from './regions/region-files.ts';

export const QUESTION_BANKS_DIR = path.resolve(import.meta.dirname, '../question-banks');
export const REGIONS_DIR = path.resolve(import.meta.dirname, '../data/regions');

/** Seed everything civiq ships: question banks and region sets. Idempotent. */
export async function seedAll(rt: Runtime): Promise<{ banks: SeedReport[]; regions: string }> {
  const banks = await seedBanks(rt.database.db, rt.services.banks, QUESTION_BANKS_DIR);
  const regions = await seedRegions(rt.services.regions, REGIONS_DIR);
  const summary = regions.map((r) => `${r.code} (${r.set}; units ${Object.entries(r.regions).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'})`);
  return { banks, regions: `region sets: ${summary.join('; ')}` };
}
