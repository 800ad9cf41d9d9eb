import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/app.ts';
import { createRegionService } from '../../src/regions/region-service.ts';
import { seedRegions } from '../../src/regions/region-files.ts';

/** Account administration (/admin/users) and the enrolment preview (/admin/regions), over HTTP. */

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['user']>>;
let teacher: Awaited<ReturnType<TestApp['user']>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.user('admin');
  teacher = await t.user('teacher');
  await seedRegions(createRegionService({ db: t.runtime.database.db }));
});
afterAll(() => t.close());

const json = async <T = any>(r: Response | Promise<Response>) => (await r).json() as Promise<T>;
const login = (email: string, password: string) => t.call('POST', '/api/auth/login', { body: { email, password } });

describe('accounts: admins only', () => {
  it('refuses teachers and anonymous callers on every account route', async () => {
    const id = teacher.id;
    for (const [method, url, body] of [
      ['GET', '/api/users', undefined],
      ['PATCH', `/api/users/${id}`, { disabled: true }],
      ['POST', `/api/users/${id}/password`, {}],
      ['POST', '/api/users', { email: 'x@test.vn', password: 'a long password 1', role: 'teacher' }],
    ] as const) {
      expect((await t.call(method, url, { headers: teacher.headers, body })).status, `${method} ${url}`).toBe(403);
      expect((await t.call(method, url, { body })).status, `${method} ${url} anonymous`).toBe(401);
    }
  });
});

describe('accounts: an admin manages them', () => {
  let created: { id: string; email: string };

  it('creates an official with a region and an organiser teacher', async () => {
    const r = await t.call('POST', '/api/users', { headers: admin.headers, body: { email: 'can.bo@daklak.edu.vn', password: 'mật khẩu đủ dài 123', role: 'official', regionCode: 'krong-pac', displayName: 'Cán bộ Krông Pắc' } });
    expect(r.status).toBe(201);
    const org = await json(t.call('POST', '/api/users', { headers: admin.headers, body: { email: 'to.chuc@daklak.edu.vn', password: 'mật khẩu đủ dài 123', role: 'teacher', organiser: true } }));
    expect(org.organiser).toBe(true);
    const list = await json<{ users: Array<{ id: string; email: string; role: string; regionCode: string | null; organiser: boolean; disabled: boolean }> }>(t.call('GET', '/api/users?q=daklak', { headers: admin.headers }));
    expect(list.users.map((u) => u.email).sort()).toEqual(['can.bo@daklak.edu.vn', 'to.chuc@daklak.edu.vn']);
    expect(list.users.find((u) => u.email === 'can.bo@daklak.edu.vn')).toMatchObject({ role: 'official', regionCode: 'krong-pac', organiser: false, disabled: false });
    expect(list.users.find((u) => u.email === 'to.chuc@daklak.edu.vn')).toMatchObject({ role: 'teacher', organiser: true });
    // Search without diacritics finds the name.
    const byName = await json<{ users: Array<{ email: string }> }>(t.call('GET', '/api/users?q=can%20bo%20krong', { headers: admin.headers }));
    expect(byName.users.map((u) => u.email)).toEqual(['can.bo@daklak.edu.vn']);
    created = list.users.find((u) => u.email === 'can.bo@daklak.edu.vn')!;
  });

  it('disables an account: its session ends and it cannot sign in; enabling restores sign-in', async () => {
    const session = await login(created.email, 'mật khẩu đủ dài 123');
    expect(session.status).toBe(200);
    const cookie = session.headers.get('Set-Cookie')!.split(';')[0]!;
    expect((await t.call('GET', '/api/me', { headers: { Cookie: cookie } })).status).toBe(200);

    const r = await json(t.call('PATCH', `/api/users/${created.id}`, { headers: admin.headers, body: { disabled: true } }));
    expect(r.disabled).toBe(true);
    expect((await t.call('GET', '/api/me', { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await login(created.email, 'mật khẩu đủ dài 123')).status).toBe(401);

    await t.call('PATCH', `/api/users/${created.id}`, { headers: admin.headers, body: { disabled: false } });
    expect((await login(created.email, 'mật khẩu đủ dài 123')).status).toBe(200);
  });

  it('resets a password: generated and returned once, or the one given; old sessions end', async () => {
    const session = await login(created.email, 'mật khẩu đủ dài 123');
    const cookie = session.headers.get('Set-Cookie')!.split(';')[0]!;
    const r = await json<{ password?: string }>(t.call('POST', `/api/users/${created.id}/password`, { headers: admin.headers }));
    expect(r.password).toMatch(/.{12,}/);
    expect((await t.call('GET', '/api/me', { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await login(created.email, 'mật khẩu đủ dài 123')).status).toBe(401);
    expect((await login(created.email, r.password!)).status).toBe(200);

    const given = await json(t.call('POST', `/api/users/${created.id}/password`, { headers: admin.headers, body: { password: TEST_PASSWORD } }));
    expect(given).toEqual({});
    expect((await login(created.email, TEST_PASSWORD)).status).toBe(200);
    expect((await t.call('POST', `/api/users/${created.id}/password`, { headers: admin.headers, body: { password: 'short' } })).status).toBe(422);
  });

  it('changes role, region and the organiser right', async () => {
    const r = await json(t.call('PATCH', `/api/users/${created.id}`, { headers: admin.headers, body: { role: 'teacher', regionCode: null, organiser: true } }));
    expect(r).toMatchObject({ role: 'teacher', regionCode: null, organiser: true });
    expect((await t.call('PATCH', `/api/users/${created.id}`, { headers: admin.headers, body: { role: 'student' } })).status).toBe(422);
    expect((await t.call('PATCH', `/api/users/${created.id}`, { headers: admin.headers, body: { secret: 1 } })).status).toBe(422);
  });

  it('does not let an admin lock themself out', async () => {
    const self = await t.call('PATCH', `/api/users/${admin.id}`, { headers: admin.headers, body: { disabled: true } });
    expect(self.status).toBe(409);
    expect((await json(self)).error.code).toBe('CANNOT_CHANGE_SELF');
    expect((await t.call('PATCH', `/api/users/${admin.id}`, { headers: admin.headers, body: { role: 'teacher' } })).status).toBe(409);
    expect((await t.call('PATCH', '/api/users/00000000-0000-4000-8000-000000000000', { headers: admin.headers, body: { disabled: true } })).status).toBe(404);
  });
});

describe('enrolment preview', () => {
  const URL = '/api/region-sets/daklak-2021/enrolment';
  const CSV = ['region_code,school_name,grade_band,enrolment', 'krong-pac,THCS Thử Nghiệm,TC1,320', 'khong-co,Trường Ma,TC1,10', 'krong-pac,THCS Thử Nghiệm 2,TC2,abc'].join('\n');

  it('lists the good rows and the error lines and writes nothing', async () => {
    const r = await t.call('POST', `${URL}?dryRun=true`, { headers: admin.headers, raw: CSV, contentType: 'text/csv' });
    expect(r.status).toBe(200);
    const body = await json(r);
    expect(body).toMatchObject({ dryRun: true, imported: 1, updated: 0, unchanged: 0, wouldFail: false });
    expect(body.rows).toEqual([expect.objectContaining({ line: 2, regionCode: 'krong-pac', schoolName: 'THCS Thử Nghiệm', enrolment: 320, action: 'insert' })]);
    expect(body.errors.map((e: { line: number }) => e.line)).toEqual([3, 4]);
    const report = await json(t.call('GET', URL, { headers: admin.headers }));
    expect(report.total.schools).toBe(0);
    const strict = await json(t.call('POST', `${URL}?dryRun=true&mode=strict`, { headers: admin.headers, raw: CSV, contentType: 'text/csv' }));
    expect(strict.wouldFail).toBe(true);
  });

  it('plans updates against what is stored', async () => {
    await t.call('POST', URL, { headers: admin.headers, raw: CSV, contentType: 'text/csv' });
    const again = await json(t.call('POST', `${URL}?dryRun=true`, { headers: admin.headers, raw: CSV.replace(',320', ',321'), contentType: 'text/csv' }));
    expect(again).toMatchObject({ imported: 0, updated: 1 });
    expect((await t.call('POST', `${URL}?dryRun=true`, { headers: teacher.headers, raw: CSV, contentType: 'text/csv' })).status).toBe(403);
  });
});

describe('region sets from the admin page', () => {
  it('an admin adds a region set from its JSON file; others may not', async () => {
    const { readFile } = await import('node:fs/promises');
    const file = JSON.parse(await readFile(new URL('../../data/regions/daklak-2021.json', import.meta.url), 'utf8'));
    const copy = { ...file, code: 'daklak-thu-nghiem', isDefault: false };
    expect((await t.call('POST', '/api/region-sets', { body: copy })).status).toBe(401);
    expect((await t.call('POST', '/api/region-sets', { headers: teacher.headers, body: copy })).status).toBe(403);
    const r = await t.call('POST', '/api/region-sets', { headers: admin.headers, body: copy });
    expect(r.status, JSON.stringify(await r.clone().json())).toBe(200);
    expect(await json(r)).toMatchObject({ code: 'daklak-thu-nghiem', set: 'inserted' });
    const again = await json(t.call('POST', '/api/region-sets', { headers: admin.headers, body: copy }));
    expect(again.set).toBe('unchanged');
    const bad = await t.call('POST', '/api/region-sets', { headers: admin.headers, body: { code: 'x' } });
    expect(bad.status).toBe(422);
    expect((await json(bad)).error.code).toBe('INVALID_REGION_SET');
  });
});
