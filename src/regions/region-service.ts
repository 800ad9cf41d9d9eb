import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ApiError } from '../http/errors.ts';
import type { Language } from '../shared/localized.ts';
import { parseEnrolmentCsv, type CsvError } from './enrolment-csv.ts';
import { matchKeysOf } from './region-matching.ts';
import { RegionSetFileSchema, type RegionSetFile } from './region-set-schema.ts';
import type { RegionLevel } from './tables.ts';

/** The shipped region sets (`*.json`; the demo enrolment CSV beside them is not loaded). */

type Db = Kysely<Database> | Transaction<Database>;

/** A unit of a region set as the API shows it. */
export interface RegionUnit {
  code: string;
  parentCode: string | null;
  level: RegionLevel;
  kind: string;
  name: string;
  fullName: string;
  nameEn: string;
  aliases: string[];
  position: number;
}

export interface RegionSetSummary {
  code: string;
  name: { vi: string; en: string };
  province: string;
  /** The code of the set's province-level unit (officials of the whole province carry it as their region). */
  provinceCode: string | null;
  validFrom: string;
  validTo: string | null;
  source: string;
  isDefault: boolean;
  /** Units directly under the province (districts in 2021, communes after July 2025). */
  unitCount: number;
}

export interface RegionSetView extends RegionSetSummary {
  units: RegionUnit[];
}

export type UpsertStatus = 'inserted' | 'updated' | 'unchanged';

export interface RegionSetUpsertReport {
  code: string;
  set: UpsertStatus;
  regions: { inserted: number; updated: number; unchanged: number; removed: number };
}

export interface EnrolmentImportResult {
  imported: number;
  updated: number;
  unchanged: number;
  errors: CsvError[];
}

export interface EnrolmentTotals {
  /** Distinct schools (a school listed per grade band counts once). */
  schools: number;
  enrolment: number;
  /** Schools from demo data: reports must say so. */
  demoSchools: number;
}

export interface UnitEnrolment extends EnrolmentTotals {
  code: string;
  name: string;
  fullName: string;
}

export interface EnrolmentReport {
  set: string;
  /** One row per unit under the province, in the set's order, zeros included. */
  units: UnitEnrolment[];
  /** Schools attached to the province itself (run by the Department directly). */
  provinceLevel: EnrolmentTotals;
  total: EnrolmentTotals;
}

export interface SchoolRecord {
  regionCode: string;
  name: string;
  gradeBand: string | null;
  enrolment: number;
  demo: boolean;
  source: string;
}

export type RegionService = ReturnType<typeof createRegionService>;

const notFound = () => new ApiError(404, 'NOT_FOUND');
const validFrom = sql<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('valid_from');
const validTo = sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to');
const schoolKey = (regionCode: string, name: string, gradeBand: string | null) => `${regionCode}\u0000${name}\u0000${gradeBand ?? ''}`;

function regionColumns(r: RegionSetFile['regions'][number], position: number) {
  return {
    parent_code: r.parentCode,
    level: r.level,
    kind: r.kind,
    name: r.name,
    full_name: r.fullName,
    name_en: r.nameEn,
    aliases: r.aliases,
    match_keys: matchKeysOf(r),
    position,
  };
}

export function createRegionService(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  async function setRow(q: Db, code: string) {
    return q
      .selectFrom('region_sets')
      .select(['id', 'code', 'name', 'province', 'source', 'is_default'])
      .select([validFrom, validTo])
      .where('code', '=', code)
      .executeTakeFirst();
  }

  async function units(q: Db, setId: string): Promise<RegionUnit[]> {
    const rows = await q.selectFrom('regions').selectAll().where('set_id', '=', setId).orderBy('position').orderBy('code').execute();
    return rows.map((r) => ({
      code: r.code,
      parentCode: r.parent_code,
      level: r.level,
      kind: r.kind,
      name: r.name,
      fullName: r.full_name,
      nameEn: r.name_en,
      aliases: r.aliases,
      position: r.position,
    }));
  }

  function summarise(row: NonNullable<Awaited<ReturnType<typeof setRow>>>, all: RegionUnit[]): RegionSetSummary {
    const province = all.find((u) => u.level === 'province') ?? null;
    return {
      code: row.code,
      name: { vi: row.name.vi, en: row.name.en },
      province: row.province,
      provinceCode: province?.code ?? null,
      validFrom: row.valid_from,
      validTo: row.valid_to,
      source: row.source,
      isDefault: row.is_default,
      unitCount: province ? all.filter((u) => u.parentCode === province.code).length : 0,
    };
  }

  async function loadSet(code: string): Promise<{ id: string; view: RegionSetView } | null> {
    const row = await setRow(db, code);
    if (!row) return null;
    const all = await units(db, row.id);
    return { id: row.id, view: { ...summarise(row, all), units: all } };
  }

  const service = {
    /** Validate a region-set file (see region-set-schema.ts) and store it. Idempotent: the same data changes nothing. */
    async upsertRegionSet(input: unknown): Promise<RegionSetUpsertReport> {
      const parsed = RegionSetFileSchema.safeParse(input);
      if (!parsed.success) {
        throw new ApiError(422, 'INVALID_REGION_SET', {
          message: { vi: 'Dữ liệu đơn vị hành chính không hợp lệ.', en: 'The region set is invalid.' },
          details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
      const data = parsed.data;
      return db.transaction().execute(async (tx) => {
        if (data.isDefault) {
          // One default at a time (a partial unique index backs this): the set being loaded takes over.
          await tx.updateTable('region_sets').set({ is_default: false, updated_at: sql`now()` }).where('is_default', '=', true).where('code', '!=', data.code).execute();
        }
        const existing = await setRow(tx, data.code);
        const wanted = {
          name: JSON.stringify({ vi: data.name.vi, en: data.name.en }),
          province: data.province,
          valid_from: data.validFrom,
          valid_to: data.validTo,
          source: data.source,
          is_default: data.isDefault,
        };
        let setId: string;
        let setStatus: UpsertStatus;
        if (!existing) {
          setId = (await tx.insertInto('region_sets').values({ code: data.code, ...wanted }).returning('id').executeTakeFirstOrThrow()).id;
          setStatus = 'inserted';
        } else {
          setId = existing.id;
          const same =
            existing.name.vi === data.name.vi &&
            existing.name.en === data.name.en &&
            existing.province === data.province &&
            existing.valid_from === data.validFrom &&
            existing.valid_to === data.validTo &&
            existing.source === data.source &&
            existing.is_default === data.isDefault;
          setStatus = same ? 'unchanged' : 'updated';
          if (!same) await tx.updateTable('region_sets').set({ ...wanted, updated_at: sql`now()` }).where('id', '=', setId).execute();
        }

        const have = new Map((await tx.selectFrom('regions').selectAll().where('set_id', '=', setId).execute()).map((r) => [r.code, r]));
        const counts = { inserted: 0, updated: 0, unchanged: 0, removed: 0 };
        for (const [position, r] of data.regions.entries()) {
          const cols = regionColumns(r, position);
          const row = { ...cols, aliases: JSON.stringify(cols.aliases) };
          const old = have.get(r.code);
          if (!old) {
            await tx.insertInto('regions').values({ set_id: setId, code: r.code, ...row }).execute();
            counts.inserted++;
            continue;
          }
          have.delete(r.code);
          const same =
            old.parent_code === cols.parent_code &&
            old.level === cols.level &&
            old.kind === cols.kind &&
            old.name === cols.name &&
            old.full_name === cols.full_name &&
            old.name_en === cols.name_en &&
            JSON.stringify(old.aliases) === JSON.stringify(cols.aliases) &&
            JSON.stringify(old.match_keys) === JSON.stringify(cols.match_keys) &&
            old.position === cols.position;
          if (same) counts.unchanged++;
          else {
            await tx.updateTable('regions').set(row).where('id', '=', old.id).execute();
            counts.updated++;
          }
        }
        if (have.size > 0) {
          const gone = [...have.keys()];
          const used = await tx.selectFrom('schools').select('region_code').distinct().where('set_id', '=', setId).where('region_code', 'in', gone).execute();
          if (used.length > 0) {
            throw new ApiError(409, 'REGION_IN_USE', {
              message: { vi: 'Không thể xóa đơn vị đang có trường học.', en: 'Cannot remove units that still have schools.' },
              details: { codes: used.map((u) => u.region_code).sort() },
            });
          }
          await tx.deleteFrom('regions').where('set_id', '=', setId).where('code', 'in', gone).execute();
          counts.removed = gone.length;
        }
        return { code: data.code, set: setStatus, regions: counts };
      });
    },

    /** Every set, the default first, then the newest. */
    async listSets(): Promise<RegionSetSummary[]> {
      const sets = await db
        .selectFrom('region_sets')
        .select(['id', 'code', 'name', 'province', 'source', 'is_default'])
        .select([validFrom, validTo])
        .orderBy('is_default', 'desc')
        .orderBy('valid_from', 'desc')
        .orderBy('code')
        .execute();
      const out: RegionSetSummary[] = [];
      for (const s of sets) out.push(summarise(s, await units(db, s.id)));
      return out;
    },

    /** One set with all its units in display order, or null. */
    async getSet(code: string): Promise<RegionSetView | null> {
      return (await loadSet(code))?.view ?? null;
    },

    /** The set contests use unless they choose another, or null before any is loaded. */
    async defaultSet(): Promise<RegionSetView | null> {
      const row = await db.selectFrom('region_sets').select('code').where('is_default', '=', true).executeTakeFirst();
      return row ? service.getSet(row.code) : null;
    },

    /**
     * Store schools and enrolment from a CSV (see enrolment-csv.ts), keyed by unit,
     * school name and grade band. Lenient: store the good rows, report the others.
     * Strict: store nothing unless every row is good (422 IMPORT_FAILED listing them).
     */
    async importEnrolment(setCode: string, csvText: string, opts: { strict: boolean; lang?: Language; source?: string }): Promise<EnrolmentImportResult> {
      const loaded = await loadSet(setCode);
      if (!loaded) throw notFound();
      const setId = loaded.id;
      const { rows, errors } = parseEnrolmentCsv(csvText, loaded.view.units, { lang: opts.lang ?? 'vi' });
      if (errors.length > 0 && (opts.strict || rows.length === 0)) {
        throw new ApiError(422, 'IMPORT_FAILED', {
          message: { vi: 'Tệp có lỗi; không dòng nào được nhập.', en: 'The file has errors; nothing was imported.' },
          details: errors,
        });
      }
      const source = opts.source ?? 'csv import';
      return db.transaction().execute(async (tx) => {
        const existing = await tx.selectFrom('schools').select(['id', 'region_code', 'name', 'grade_band', 'enrolment', 'is_demo']).where('set_id', '=', setId).execute();
        const byKey = new Map(existing.map((s) => [schoolKey(s.region_code, s.name, s.grade_band), s]));
        const result: EnrolmentImportResult = { imported: 0, updated: 0, unchanged: 0, errors };
        for (const r of rows) {
          const old = byKey.get(schoolKey(r.regionCode, r.schoolName, r.gradeBand));
          if (!old) {
            await tx
              .insertInto('schools')
              .values({ set_id: setId, region_code: r.regionCode, name: r.schoolName, grade_band: r.gradeBand, enrolment: r.enrolment, is_demo: r.demo, source })
              .execute();
            result.imported++;
          } else if (old.enrolment !== r.enrolment || old.is_demo !== r.demo) {
            await tx.updateTable('schools').set({ enrolment: r.enrolment, is_demo: r.demo, source, updated_at: sql`now()` }).where('id', '=', old.id).execute();
            result.updated++;
          } else result.unchanged++;
        }
        return result;
      });
    },

    /** Every school row of a set, by unit order then name and grade band. */
    async listSchools(setCode: string): Promise<SchoolRecord[]> {
      const set = await setRow(db, setCode);
      if (!set) throw notFound();
      const rows = await db
        .selectFrom('schools')
        .innerJoin('regions', (j) => j.onRef('regions.set_id', '=', 'schools.set_id').onRef('regions.code', '=', 'schools.region_code'))
        .select(['schools.region_code', 'schools.name', 'schools.grade_band', 'schools.enrolment', 'schools.is_demo', 'schools.source'])
        .where('schools.set_id', '=', set.id)
        .orderBy('regions.position')
        .orderBy('schools.name')
        .orderBy('schools.grade_band')
        .execute();
      return rows.map((s) => ({ regionCode: s.region_code, name: s.name, gradeBand: s.grade_band, enrolment: s.enrolment, demo: s.is_demo, source: s.source }));
    },

    /** Schools and enrolment summed per unit under the province (communes roll up to their district). */
    async enrolmentByUnit(setCode: string): Promise<EnrolmentReport> {
      const loaded = await loadSet(setCode);
      if (!loaded) throw notFound();
      const { id: setId, view: set } = loaded;
      const sums = await db
        .selectFrom('schools')
        .select([
          'region_code',
          sql<number>`count(distinct name)::int`.as('schools'),
          sql<number>`count(distinct name) filter (where is_demo)::int`.as('demo_schools'),
          sql<number>`coalesce(sum(enrolment), 0)::int`.as('enrolment'),
        ])
        .where('set_id', '=', setId)
        .groupBy('region_code')
        .execute();
      const parentOf = new Map(set.units.map((u) => [u.code, u.parentCode]));
      const topUnits = set.units.filter((u) => u.parentCode !== null && u.parentCode === set.provinceCode);
      const zero = (): EnrolmentTotals => ({ schools: 0, enrolment: 0, demoSchools: 0 });
      const perUnit = new Map(topUnits.map((u) => [u.code, zero()]));
      const provinceLevel = zero();
      const total = zero();
      const add = (to: EnrolmentTotals, s: (typeof sums)[number]) => {
        to.schools += Number(s.schools);
        to.enrolment += Number(s.enrolment);
        to.demoSchools += Number(s.demo_schools);
      };
      for (const s of sums) {
        let code: string | null = s.region_code;
        // Walk up to the unit right under the province; the set's schema rules out cycles.
        while (code !== null && !perUnit.has(code) && code !== set.provinceCode) code = parentOf.get(code) ?? null;
        add(code !== null && perUnit.has(code) ? perUnit.get(code)! : provinceLevel, s);
        add(total, s);
      }
      return {
        set: set.code,
        units: topUnits.map((u) => ({ code: u.code, name: u.name, fullName: u.fullName, ...perUnit.get(u.code)! })),
        provinceLevel,
        total,
      };
    },

    /** Remove the demo schools of a set (before loading real enrolment); returns how many rows went. */
    async deleteDemoSchools(setCode: string): Promise<number> {
      const set = await setRow(db, setCode);
      if (!set) throw notFound();
      const res = await db.deleteFrom('schools').where('set_id', '=', set.id).where('is_demo', '=', true).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
  return service;
}
