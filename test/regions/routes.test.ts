import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createApp } from '../../src/app.ts';
import { createRegionService } from '../../src/regions/region-service.ts';
import { seedRegions } from '../../src/regions/region-files.ts';
import { registerRegionRoutes } from '../../src/regions/routes.ts';
import { demoCsv } from './fixtures.ts';

let t: TestApp;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  t = await createTestApp();
  const service = createRegionService({ db: t.runtime.database.db });
  await seedRegions(service);
  app = createApp({ ...t.runtime.deps, modules: [(a) => registerRegionRoutes(a, service)] });
});
afterAll(() => t.close());

type Json = Record<string, any>;
const call = async (method: string, url: string, opts: { headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer>; type?: string } = {}) => {
  const headers = { ...(opts.body !== undefined ? { 'Content-Type': opts.type ?? 'text/csv' } : {}), ...(opts.headers ?? {}) };
  const res = await app.request(url, { method, headers, ...(opts.body !== undefined ? { body: opts.body } : {}) });
  return { status: res.status, json: (await res.json()) as Json };
};
const ENROLMENT = '/api/region-sets/daklak-2021/enrolment';
const HEADER = 'region_code,school_name,grade_band,enrolment,demo';

describe('public region sets', () => {
  it('lists the sets without signing in', async () => {
    const r = await call('GET', '/api/region-sets');
    expect(r.status).toBe(200);
    expect(r.json.sets).toHaveLength(1);
    expect(r.json.sets[0]).toMatchObject({ code: 'daklak-2021', province: 'Đắk Lắk', provinceCode: 'dak-lak', validFrom: '2021-01-01', validTo: '2025-06-30', isDefault: true, unitCount: 15 });
  });

  it('shows one set with its units, the way players pick their district', async () => {
    const r = await call('GET', '/api/region-sets/daklak-2021');
    expect(r.status).toBe(200);
    expect(r.json.units).toHaveLength(16);
    expect(r.json.units.filter((u: Json) => u.level === 'district').map((u: Json) => u.name)).toEqual([
      'Buôn Ma Thuột', 'Buôn Hồ', 'Buôn Đôn', 'Cư Kuin', "Cư M'gar", "Ea H'leo", 'Ea Kar', 'Ea Súp',
      'Krông Ana', 'Krông Bông', 'Krông Búk', 'Krông Năng', 'Krông Pắc', 'Lắk', "M'Đrắk",
    ]);
    expect(r.json.units[6]).toEqual({
      code: 'ea-hleo', parentCode: 'dak-lak', level: 'district', kind: 'district', name: "Ea H'leo", fullName: "Huyện Ea H'leo",
      nameEn: "Ea H'leo District", aliases: ["Ea H' Leo", "Ea H'Leo", 'Ea Hleo'], position: 6,
    });
  });

  it('answers 404 for an unknown set and 422 for a malformed code', async () => {
    const missing = await call('GET', '/api/region-sets/phu-yen-2025');
    expect([missing.status, missing.json.error.code]).toEqual([404, 'NOT_FOUND']);
    const bad = await call('GET', '/api/region-sets/Dak%20Lak');
    expect([bad.status, bad.json.error.code]).toEqual([422, 'VALIDATION_FAILED']);
  });

  it('documents the routes in the OpenAPI description', async () => {
    const res = await app.request('/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/region-sets')).sort()).toEqual(['/api/region-sets', '/api/region-sets/{code}', '/api/region-sets/{code}/enrolment']);
    expect(Object.keys(doc.paths['/api/region-sets/{code}/enrolment']!).sort()).toEqual(['get', 'post']);
  });
});

describe('enrolment import: who may', () => {
  const csv = `${HEADER}\nlak,Trường minh họa 40 (demo),CB1,12,true`;

  it('refuses anonymous callers, teachers and district officials', async () => {
    const anon = await call('POST', ENROLMENT, { body: csv });
    expect([anon.status, anon.json.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const teacher = await t.user('teacher', { regionCode: 'dak-lak' });
    const asTeacher = await call('POST', ENROLMENT, { body: csv, headers: teacher.headers });
    expect([asTeacher.status, asTeacher.json.error.code]).toEqual([403, 'FORBIDDEN']);
    const district = await t.user('official', { regionCode: 'lak' });
    const asDistrict = await call('POST', ENROLMENT, { body: csv, headers: district.headers });
    expect([asDistrict.status, asDistrict.json.error.code]).toEqual([403, 'FORBIDDEN']);
    const nowhere = await t.user('official');
    expect((await call('POST', ENROLMENT, { body: csv, headers: nowhere.headers })).status).toBe(403);
    expect((await call('GET', ENROLMENT, { headers: teacher.headers })).json.total).toEqual({ schools: 0, enrolment: 0, demoSchools: 0 });
  });

  it('lets a province official import', async () => {
    const official = await t.user('official', { regionCode: 'dak-lak' });
    const r = await call('POST', ENROLMENT, { body: csv, headers: official.headers });
    expect(r).toEqual({ status: 200, json: { imported: 1, updated: 0, unchanged: 0, errors: [] } });
  });

  it('lets an admin import the demo file, semicolons or not, and reports 404 for an unknown set', async () => {
    const admin = await t.user('admin');
    const r = await call('POST', `${ENROLMENT}?mode=strict`, { body: demoCsv(), headers: admin.headers, type: 'text/csv; charset=utf-8' });
    expect(r).toEqual({ status: 200, json: { imported: 74, updated: 1, unchanged: 0, errors: [] } });
    const semi = await call('POST', ENROLMENT, { body: '\uFEFFregion_code;school_name;grade_band;enrolment\nKrông Pắk;Trường minh họa 38 (demo);TC1;407', headers: admin.headers, type: 'text/plain' });
    expect(semi).toEqual({ status: 200, json: { imported: 0, updated: 1, unchanged: 0, errors: [] } });
    const missing = await call('POST', '/api/region-sets/phu-yen-2025/enrolment', { body: csv, headers: admin.headers });
    expect([missing.status, missing.json.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('enrolment import: bad files', () => {
  it('lenient: stores the good rows and lists the bad ones with their lines', async () => {
    const admin = await t.user('admin');
    const body = [HEADER, 'Ea Kar,Trường minh họa mới (demo),TC1,33,true', 'Phú Yên,Trường X (demo),TC1,5,true', 'lak,Trường Y (demo),XX,5,true'].join('\n');
    const r = await call('POST', ENROLMENT, { body, headers: { ...admin.headers, 'Accept-Language': 'en' } });
    expect(r).toEqual({
      status: 200,
      json: {
        imported: 1,
        updated: 0,
        unchanged: 0,
        errors: [
          { line: 3, message: 'Unknown unit "Phú Yên".' },
          { line: 4, message: 'Grade band "XX" is not one of CB1, CB2, TC1, TC2, NC1 (or empty).' },
        ],
      },
    });
  });

  it('strict: 422 IMPORT_FAILED listing every line, in the caller’s language, and nothing stored', async () => {
    const admin = await t.user('admin');
    const before = await call('GET', ENROLMENT, { headers: admin.headers });
    const body = [HEADER, 'lak,Trường minh họa Z (demo),TC1,5,true', 'lak,Trường minh họa Z (demo),TC1,-1,true', 'lak,"Trường chưa đóng ngoặc,TC1,5,true'].join('\r\n');
    const r = await call('POST', `${ENROLMENT}?mode=strict`, { body, headers: admin.headers });
    expect(r.status).toBe(422);
    expect(r.json.error).toEqual({
      code: 'IMPORT_FAILED',
      message: 'Tệp có lỗi; không dòng nào được nhập.',
      details: [
        { line: 3, message: 'Sĩ số "-1" phải là số nguyên không âm.' },
        { line: 4, message: 'Ngoặc kép được mở nhưng không đóng.' },
      ],
    });
    expect(await call('GET', ENROLMENT, { headers: admin.headers })).toEqual(before);
  });

  it('lenient: a file with no good row is a 422 too (a missing header says where)', async () => {
    const admin = await t.user('admin');
    const r = await call('POST', ENROLMENT, { body: 'lak,Trường A (demo),TC1,5', headers: { ...admin.headers, 'Accept-Language': 'en' } });
    expect([r.status, r.json.error.code, r.json.error.details]).toEqual([
      422,
      'IMPORT_FAILED',
      [{ line: 1, message: 'The header lacks region_code, school_name, enrolment (region_code, school_name and enrolment are required; grade_band and demo are optional).' }],
    ]);
  });

  it('refuses other content types (415), bytes that are not UTF-8 (422) and an unknown mode (422)', async () => {
    const admin = await t.user('admin');
    const json = await call('POST', ENROLMENT, { body: '{}', type: 'application/json', headers: admin.headers });
    expect([json.status, json.json.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const latin1 = new Uint8Array([...new TextEncoder().encode(`${HEADER}\nlak,Tr`), 0xfb, ...new TextEncoder().encode('ng (demo),TC1,5,true')]);
    const bytes = await call('POST', ENROLMENT, { body: latin1, headers: admin.headers });
    expect([bytes.status, bytes.json.error.code]).toEqual([422, 'NOT_UTF8']);
    const mode = await call('POST', `${ENROLMENT}?mode=all`, { body: HEADER, headers: admin.headers });
    expect([mode.status, mode.json.error.code]).toEqual([422, 'VALIDATION_FAILED']);
  });
});

describe('enrolment report', () => {
  it('needs an account', async () => {
    const r = await call('GET', ENROLMENT);
    expect([r.status, r.json.error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('gives teachers per-unit totals only, and admins and officials every school too', async () => {
    const teacher = await t.user('teacher');
    const asTeacher = await call('GET', ENROLMENT, { headers: teacher.headers });
    expect(asTeacher.status).toBe(200);
    expect(Object.keys(asTeacher.json).sort()).toEqual(['provinceLevel', 'set', 'total', 'units']);
    expect(asTeacher.json.units).toHaveLength(15);
    const eaKar = asTeacher.json.units.find((u: Json) => u.code === 'ea-kar');
    expect(eaKar.schools).toBe(4);

    for (const role of ['admin', 'official'] as const) {
      const u = await t.user(role, { regionCode: 'lak' });
      const r = await call('GET', ENROLMENT, { headers: u.headers });
      expect(r.status).toBe(200);
      expect(r.json.units).toEqual(asTeacher.json.units);
      expect(r.json.schools).toHaveLength(76);
      expect(r.json.schools.filter((s: Json) => s.regionCode === 'ea-kar' && s.name === 'Trường minh họa mới (demo)')).toEqual([
        { regionCode: 'ea-kar', name: 'Trường minh họa mới (demo)', gradeBand: 'TC1', enrolment: 33, demo: true, source: expect.stringMatching(/^csv upload by admin/) },
      ]);
    }
  });
});
