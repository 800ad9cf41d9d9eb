import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RegionSetFileSchema, type RegionSetFile } from '../../src/regions/region-set-schema.ts';

export const REGIONS_DATA = path.resolve(import.meta.dirname, '../../data/regions');

/** The shipped 2021 set, validated. */
export function daklak2021(): RegionSetFile {
  return RegionSetFileSchema.parse(JSON.parse(readFileSync(path.join(REGIONS_DATA, 'daklak-2021.json'), 'utf8')));
}

/** The shipped demo enrolment file. */
export function demoCsv(): string {
  return readFileSync(path.join(REGIONS_DATA, 'demo-schools.csv'), 'utf8');
}
