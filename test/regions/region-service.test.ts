import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../support/db.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { ApiError } from '../../src/http/errors.ts';
import { createRegionService, type RegionService } from '../../src/regions/region-service.ts';
import { loadRegionSetFile, seedRegions } from '../../src/regions/region-files.ts';
import type { RegionSetFileInput } from '../../src/regions/region-set-schema.ts';
import { REGIONS_DATA, daklak2021, demoCsv } from './fixtures.ts';

let h: DatabaseHandle;
let regions: RegionService;
beforeAll(async () => {
  h = await createTestDatabase();
  regions = createRegionService({ db: h.db });
});
afterAll(() => h.close());

/** A small set with a commune under a district, to test roll-ups; never the default. */
function testSet(code: string, extra: Partial<RegionSetFileInput> = {}): RegionSetFileInput {
  return {
    code,
    name: { vi: 'Tỉnh thử', en: 'Test province' },
    province: 'Tỉnh Thử',
    validFrom: '2025-07-01',
    validTo: null,
    source: 'test fixture',
    regions: [
      { code: 'tinh-thu', level: 'province', kind: 'province', name: 'Tỉnh Thử', fullName: 'Tỉnh Tỉnh Thử', nameEn: 'Test Province' },
      { code: 'huyen-a', parentCode: 'tinh-thu', level: 'district', kind: 'district', name: 'Huyện A', fullName: 'Huyện Huyện A', nameEn: 'A District' },
      { code: 'xa-a1', parentCode: 'huyen-a', level: 'commune', kind: 'commune', name: 'Xã A1', fullName: 'Xã Xã A1', nameEn: 'A1 Commune' },
      { code: 'huyen-b', parentCode: 'tinh-thu', level: 'district', kind: 'district', name: 'Huyện B', fullName: 'Huyện Huyện B', nameEn: 'B District', aliases: ['Hạt B'] },
    ],
    ...extra,
  };
}

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return err;
}

const snapshot = async () => ({
  sets: await h.db.selectFrom('region_sets').selectAll().orderBy('code').execute(),
  regions: await h.db.selectFrom('regions').selectAll().orderBy('set_id').orderBy('code').execute(),
});

describe('region sets', () => {
  it('stores the 2021 set once; loading it again changes nothing at all', async () => {
    const first = await loadRegionSetFile(regions, path.join(REGIONS_DATA, 'daklak-2021.json'));
    expect(first).toEqual({ code: 'daklak-2021', set: 'inserted', regions: { inserted: 16, updated: 0, unchanged: 0, removed: 0 } });
    const before = await snapshot();
    const second = await regions.upsertRegionSet(daklak2021());
    expect(second).toEqual({ code: 'daklak-2021', set: 'unchanged', regions: { inserted: 0, updated: 0, unchanged: 16, removed: 0 } });
    expect(await snapshot()).toEqual(before);
  });

  it('seeds every JSON set in data/regions and never the demo enrolment', async () => {
    const reports = await seedRegions(regions, REGIONS_DATA);
    expect(reports).toEqual([{ file: 'daklak-2021.json', code: 'daklak-2021', set: 'unchanged', regions: { inserted: 0, updated: 0, unchanged: 16, removed: 0 } }]);
    expect(await h.db.selectFrom('schools').select('id').execute()).toEqual([]);
  });

  it('shows the set with its units, in order, with dates as plain days', async () => {
    const set = (await regions.getSet('daklak-2021'))!;
    expect({ ...set, units: undefined, source: undefined }).toEqual({
      code: 'daklak-2021',
      name: daklak2021().name,
      province: 'Đắk Lắk',
      provinceCode: 'dak-lak',
      validFrom: '2021-01-01',
      validTo: '2025-06-30',
      source: undefined,
      isDefault: true,
      unitCount: 15,
      units: undefined,
    });
    expect(set.units).toHaveLength(16);
    expect(set.units[13]).toEqual({
      code: 'krong-pac',
      parentCode: 'dak-lak',
      level: 'district',
      kind: 'district',
      name: 'Krông Pắc',
      fullName: 'Huyện Krông Pắc',
      nameEn: 'Krong Pac District',
      aliases: ['Krông Pắk', 'Krong Pac', 'Krong Pak'],
      position: 13,
    });
    expect((await regions.defaultSet())?.code).toBe('daklak-2021');
    expect(await regions.getSet('nope')).toBeNull();
  });

  it('stores folded lookup keys the database can search without diacritics', async () => {
    const found = await h.db.selectFrom('regions').select('code').where(sql<boolean>`${'krong pak'} = any(match_keys)`).execute();
    expect(found).toEqual([{ code: 'krong-pac' }]);
    const compact = await h.db.selectFrom('regions').select('code').where(sql<boolean>`${'eahleo'} = any(match_keys)`).execute();
    expect(compact).toEqual([{ code: 'ea-hleo' }]);
  });

  it('updates changed units, removes dropped ones, and reports each', async () => {
    await regions.upsertRegionSet(testSet('test-a'));
    const changed = testSet('test-a');
    changed.regions = changed.regions.filter((r) => r.code !== 'xa-a1').map((r) => (r.code === 'huyen-b' ? { ...r, aliases: ['Hạt B', 'HB'] } : r));
    expect(await regions.upsertRegionSet(changed)).toEqual({ code: 'test-a', set: 'unchanged', regions: { inserted: 0, updated: 1, unchanged: 2, removed: 1 } });
    // Position follows the file, so moving up a unit is an update too.
    expect(await regions.upsertRegionSet({ ...changed, source: 'test fixture v2' })).toEqual({ code: 'test-a', set: 'updated', regions: { inserted: 0, updated: 0, unchanged: 3, removed: 0 } });
    expect((await regions.getSet('test-a'))!.units.map((u) => [u.code, u.position, u.aliases])).toEqual([
      ['tinh-thu', 0, []],
      ['huyen-a', 1, []],
      ['huyen-b', 2, ['Hạt B', 'HB']],
    ]);
  });

  it('keeps one default set: a new default takes over, the old one stays listed', async () => {
    await regions.upsertRegionSet(testSet('test-default', { isDefault: true }));
    expect((await regions.defaultSet())?.code).toBe('test-default');
    const listed = await regions.listSets();
    expect(listed.map((s) => [s.code, s.isDefault, s.unitCount])).toEqual([
      ['test-default', true, 2],
      ['test-a', false, 2],
      ['daklak-2021', false, 15],
    ]);
    expect(await regions.upsertRegionSet(daklak2021())).toEqual({ code: 'daklak-2021', set: 'updated', regions: { inserted: 0, updated: 0, unchanged: 16, removed: 0 } });
    expect((await regions.defaultSet())?.code).toBe('daklak-2021');
    expect((await regions.listSets()).filter((s) => s.isDefault).map((s) => s.code)).toEqual(['daklak-2021']);
  });

  it('refuses an invalid set with the problems listed, and stores nothing of it', async () => {
    const bad = testSet('test-bad');
    bad.regions[1] = { ...bad.regions[1]!, parentCode: 'missing' };
    const err = await apiError(regions.upsertRegionSet(bad));
    expect([err.status, err.code]).toEqual([422, 'INVALID_REGION_SET']);
    expect(err.details).toEqual([{ path: 'regions.1.parentCode', message: 'parent "missing" is not in the set' }]);
    expect(await regions.getSet('test-bad')).toBeNull();
  });

  it('refuses two default files in one folder', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(path.join(tmpdir(), 'civiq-regions-'));
    await writeFile(path.join(dir, 'a.json'), JSON.stringify(testSet('test-x', { isDefault: true })));
    await writeFile(path.join(dir, 'b.json'), JSON.stringify(testSet('test-y', { isDefault: true })));
    await expect(seedRegions(regions, dir)).rejects.toThrow('only one region set may be the default, found a.json, b.json');
    expect(await regions.getSet('test-x')).toBeNull();
  });
});

describe('enrolment', () => {
  const HEADER = 'region_code,school_name,grade_band,enrolment,demo';

  it('imports the demo file, then re-importing it changes nothing', async () => {
    const csv = demoCsv();
    const first = await regions.importEnrolment('daklak-2021', csv, { strict: true });
    expect(first).toEqual({ imported: 75, updated: 0, unchanged: 0, errors: [] });
    const again = await regions.importEnrolment('daklak-2021', csv, { strict: true });
    expect(again).toEqual({ imported: 0, updated: 0, unchanged: 75, errors: [] });
  });

  it('sums schools and enrolment per unit, counting a school with several bands once', async () => {
    const report = await regions.enrolmentByUnit('daklak-2021');
    const expected = new Map<string, number>();
    for (const line of demoCsv().split('\n').filter((l) => l && !l.startsWith('#')).slice(1)) {
      const [code, , , n] = line.split(',');
      expected.set(code!, (expected.get(code!) ?? 0) + Number(n));
    }
    expect(report.units).toHaveLength(15);
    expect(report.units.map((u) => [u.code, u.enrolment])).toEqual([...expected.entries()]);
    expect(report.units.every((u) => u.schools === 3 && u.demoSchools === 3)).toBe(true);
    expect(report.units[0]).toEqual({ code: 'buon-ma-thuot', name: 'Buôn Ma Thuột', fullName: 'Thành phố Buôn Ma Thuột', schools: 3, demoSchools: 3, enrolment: 225 + 343 + 379 + 361 + 875 });
    expect(report.provinceLevel).toEqual({ schools: 0, enrolment: 0, demoSchools: 0 });
    expect(report.total).toEqual({ schools: 45, enrolment: [...expected.values()].reduce((a, b) => a + b, 0), demoSchools: 45 });
  });

  it('lenient: stores good rows, updates changed ones, lists the bad ones by line', async () => {
    const csv = [HEADER, 'Krông Pắk,Trường minh họa 38 (demo),TC1,999,true', 'Phú Yên,Trường X (demo),TC1,5,true', 'Tỉnh Đắk Lắk,Trường minh họa tỉnh (demo),NC1,400,true', 'lak,Trường minh họa 40 (demo),CB1,abc,true'].join('\n');
    const r = await regions.importEnrolment('daklak-2021', csv, { strict: false, lang: 'en' });
    expect(r).toEqual({
      imported: 1,
      updated: 1,
      unchanged: 0,
      errors: [
        { line: 3, message: 'Unknown unit "Phú Yên".' },
        { line: 5, message: 'Enrolment "abc" must be a whole number, zero or more.' },
      ],
    });
    const report = await regions.enrolmentByUnit('daklak-2021');
    expect(report.provinceLevel).toEqual({ schools: 1, enrolment: 400, demoSchools: 1 });
    const school = (await regions.listSchools('daklak-2021')).find((s) => s.name === 'Trường minh họa 38 (demo)' && s.gradeBand === 'TC1')!;
    expect(school).toEqual({ regionCode: 'krong-pac', name: 'Trường minh họa 38 (demo)', gradeBand: 'TC1', enrolment: 999, demo: true, source: 'csv import' });
  });

  it('strict: one bad row and nothing is stored (422 IMPORT_FAILED with the lines)', async () => {
    const before = await h.db.selectFrom('schools').selectAll().orderBy('id').execute();
    const csv = [HEADER, 'lak,Trường minh họa mới (demo),CB1,10,true', 'lak,Trường minh họa mới (demo),CB1,11,true'].join('\n');
    const err = await apiError(regions.importEnrolment('daklak-2021', csv, { strict: true, lang: 'en' }));
    expect([err.status, err.code]).toEqual([422, 'IMPORT_FAILED']);
    expect(err.details).toEqual([{ line: 3, message: 'Same unit, school and grade band as line 2.' }]);
    expect(await h.db.selectFrom('schools').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('lenient with no good row at all is a failure too, and an unknown set is 404', async () => {
    const err = await apiError(regions.importEnrolment('daklak-2021', 'lak,A,CB1,1', { strict: false }));
    expect([err.status, err.code]).toEqual([422, 'IMPORT_FAILED']);
    expect((await apiError(regions.importEnrolment('nope', `${HEADER}\nlak,A,CB1,1,true`, { strict: false }))).status).toBe(404);
    expect((await apiError(regions.enrolmentByUnit('nope'))).status).toBe(404);
  });

  it('rolls commune schools up to their district and keeps units without schools at zero', async () => {
    await regions.upsertRegionSet(testSet('test-rollup'));
    const csv = ['region_code,school_name,enrolment', 'Xã A1,Trường minh họa xã (demo),120', 'huyen-a,Trường minh họa huyện (demo),80', 'tinh-thu,Trường minh họa tỉnh (demo),50'].join('\n');
    expect(await regions.importEnrolment('test-rollup', csv, { strict: true, source: 'fixture' })).toEqual({ imported: 3, updated: 0, unchanged: 0, errors: [] });
    expect(await regions.enrolmentByUnit('test-rollup')).toEqual({
      set: 'test-rollup',
      units: [
        { code: 'huyen-a', name: 'Huyện A', fullName: 'Huyện Huyện A', schools: 2, enrolment: 200, demoSchools: 0 },
        { code: 'huyen-b', name: 'Huyện B', fullName: 'Huyện Huyện B', schools: 0, enrolment: 0, demoSchools: 0 },
      ],
      provinceLevel: { schools: 1, enrolment: 50, demoSchools: 0 },
      total: { schools: 3, enrolment: 250, demoSchools: 0 },
    });
  });

  it('will not drop a unit that still has schools', async () => {
    const without = testSet('test-rollup');
    without.regions = without.regions.filter((r) => r.code !== 'xa-a1');
    const err = await apiError(regions.upsertRegionSet(without));
    expect([err.status, err.code, err.details]).toEqual([409, 'REGION_IN_USE', { codes: ['xa-a1'] }]);
    expect((await regions.getSet('test-rollup'))!.units.map((u) => u.code)).toContain('xa-a1');
  });

  it('removes demo schools on request, leaving real ones', async () => {
    expect(await regions.deleteDemoSchools('daklak-2021')).toBe(76);
    expect((await regions.enrolmentByUnit('daklak-2021')).total).toEqual({ schools: 0, enrolment: 0, demoSchools: 0 });
    expect(await regions.deleteDemoSchools('test-rollup')).toBe(0);
    expect((await regions.enrolmentByUnit('test-rollup')).total.schools).toBe(3);
  });
});
