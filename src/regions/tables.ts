import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely table types for regions, schools and enrolment (see migrations/0003_regions.ts).
 * The helper types mirror src/db/schema.ts; they are copied so that file stays the
 * foundation's alone.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb columns: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;
/**
 * `date` columns: drivers turn them into a Date at local midnight, which shifts the
 * day in some time zones, so reads go through `to_char(..., 'YYYY-MM-DD')`; writes take 'YYYY-MM-DD'.
 */
type DateColumn = ColumnType<Date | string, string, string>;
type NullableDateColumn = ColumnType<Date | string | null, string | null | undefined, string | null>;

export type RegionLevel = 'province' | 'district' | 'commune' | 'school-cluster';

export interface RegionSetsTable {
  id: Generated<string>;
  code: string;
  name: Json<{ vi: string; en: string }>;
  province: string;
  valid_from: DateColumn;
  valid_to: NullableDateColumn;
  source: Generated<string>;
  is_default: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegionsTable {
  id: Generated<string>;
  set_id: string;
  code: string;
  parent_code: string | null;
  level: RegionLevel;
  kind: string;
  name: string;
  full_name: string;
  name_en: string;
  aliases: Json<string[]>;
  match_keys: string[];
  position: number;
}

export interface SchoolsTable {
  id: Generated<string>;
  set_id: string;
  region_code: string;
  name: string;
  grade_band: string | null;
  enrolment: number;
  is_demo: Generated<boolean>;
  source: Generated<string>;
  updated_at: Timestamp;
}

/** Merged into `Database` (src/db/schema.ts) through `extends`. */
export interface RegionTables {
  region_sets: RegionSetsTable;
  regions: RegionsTable;
  schools: SchoolsTable;
}
