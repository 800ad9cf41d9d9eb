import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RegionService, RegionSetUpsertReport } from './region-service.ts';

/**
 * Region sets shipped as files (Node only: the Workers build reads region sets from the
 * database and never seeds). Kept apart from the service so the service stays runtime-neutral.
 */
export const REGION_SETS_DIR = path.resolve(import.meta.dirname, '../../data/regions');

/** Read, validate and store one region-set JSON file. */
export async function loadRegionSetFile(service: RegionService, file: string): Promise<RegionSetUpsertReport> {
  const raw = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return service.upsertRegionSet(json);
}

/**
 * Load every region set shipped in `dir` (`*.json` only: the demo enrolment CSV is
 * never loaded by default). Idempotent; refuses folders where two files claim to be the default.
 */
export async function seedRegions(service: RegionService, dir: string = REGION_SETS_DIR): Promise<Array<RegionSetUpsertReport & { file: string }>> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const parsed: Array<{ file: string; data: unknown; isDefault: boolean }> = [];
  for (const file of files) {
    const data: unknown = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
    parsed.push({ file, data, isDefault: (data as { isDefault?: unknown }).isDefault === true });
  }
  const defaults = parsed.filter((p) => p.isDefault).map((p) => p.file);
  if (defaults.length > 1) throw new Error(`${dir}: only one region set may be the default, found ${defaults.join(', ')}`);
  const reports: Array<RegionSetUpsertReport & { file: string }> = [];
  for (const p of parsed) reports.push({ file: p.file, ...(await service.upsertRegionSet(p.data)) });
  return reports;
}
