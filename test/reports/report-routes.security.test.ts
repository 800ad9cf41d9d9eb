import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { isReportPath } from '../../src/reports/routes/index.ts';
import { BIG_A, BIG_B, PROVINCE, loadRegions, makeParticipants, writeContest } from './fixtures.ts';

/**
 * Authorization of every report route, generated from the app's route table: each
 * registered report route must have cases below, so a new route without an
 * expectation fails this file. Callers: anonymous, a teacher who does not own the
 * contest, an official of a region outside the contest's region set, a district
 * official, a province official, the owning teacher, an admin.
 */
type Caller = 'anonymous' | 'otherTeacher' | 'outsideOfficial' | 'districtOfficial' | 'provinceOfficial' | 'owner' | 'admin';
type Expect = Record<Caller, number>;
interface Case {
  label: string;
  method: 'GET' | 'POST';
  url: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  expect: Expect;
}
interface Fixture {
  contestId: string;
  seriesId: string;
}

const READ: Expect = { anonymous: 401, otherTeacher: 404, outsideOfficial: 404, districtOfficial: 200, provinceOfficial: 200, owner: 200, admin: 200 };
/** School detail of another district: a district official sees only aggregates of the others. */
const OTHER_SCHOOLS: Expect = { ...READ, districtOfficial: 403 };
const contest = (f: Fixture) => `/api/reports/contests/live/${f.contestId}`;
const series = (f: Fixture) => `/api/reports/series/${f.seriesId}`;

const CASES: Record<string, Case[]> = {
  '/api/reports': [{ label: 'list', method: 'GET', url: () => '/api/reports', expect: { ...READ, otherTeacher: 200, outsideOfficial: 200 } }],
  '/api/report-series': [
    {
      label: 'create from a contest',
      method: 'POST',
      url: () => '/api/report-series',
      body: (f) => ({ title: 'Chuỗi', contests: [{ kind: 'live', id: f.contestId }] }),
      // Organisers of the contest (its owner, the province, admins) may group it; others learn only that it is unknown to them.
      expect: { anonymous: 401, otherTeacher: 422, outsideOfficial: 422, districtOfficial: 422, provinceOfficial: 201, owner: 201, admin: 201 },
    },
  ],
  '/api/reports/contests/:kind/:id/districts': [{ label: 'districts', method: 'GET', url: (f) => `${contest(f)}/districts`, expect: READ }],
  '/api/reports/contests/:kind/:id/competences': [{ label: 'competences', method: 'GET', url: (f) => `${contest(f)}/competences`, expect: READ }],
  '/api/reports/contests/:kind/:id/questions': [
    { label: 'questions', method: 'GET', url: (f) => `${contest(f)}/questions`, expect: READ },
    { label: 'questions of another district (aggregates)', method: 'GET', url: (f) => `${contest(f)}/questions?district=${BIG_B}`, expect: READ },
  ],
  '/api/reports/contests/:kind/:id/schools': [
    { label: 'own district schools', method: 'GET', url: (f) => `${contest(f)}/schools?district=${BIG_A}`, expect: READ },
    { label: 'other district schools', method: 'GET', url: (f) => `${contest(f)}/schools?district=${BIG_B}`, expect: OTHER_SCHOOLS },
  ],
  '/api/reports/contests/:kind/:id/charts/:file{[a-z-]+\\.svg}': [
    { label: 'contest chart', method: 'GET', url: (f) => `${contest(f)}/charts/competences.svg`, expect: READ },
  ],
  '/api/reports/series/:id/districts': [{ label: 'series districts', method: 'GET', url: (f) => `${series(f)}/districts`, expect: READ }],
  '/api/reports/series/:id/competences': [{ label: 'series competences', method: 'GET', url: (f) => `${series(f)}/competences`, expect: READ }],
  '/api/reports/series/:id/questions': [{ label: 'series questions', method: 'GET', url: (f) => `${series(f)}/questions`, expect: READ }],
  '/api/reports/series/:id/schools': [
    { label: 'series own schools', method: 'GET', url: (f) => `${series(f)}/schools?district=${BIG_A}`, expect: READ },
    { label: 'series other schools', method: 'GET', url: (f) => `${series(f)}/schools?district=${BIG_B}`, expect: OTHER_SCHOOLS },
  ],
  '/api/reports/series/:id/trend': [{ label: 'series trend', method: 'GET', url: (f) => `${series(f)}/trend`, expect: READ }],
  '/api/reports/series/:id/charts/:file{[a-z-]+\\.svg}': [{ label: 'series chart', method: 'GET', url: (f) => `${series(f)}/charts/trend.svg`, expect: READ }],
};

let t: TestApp;
const fixture: Fixture = { contestId: randomUUID(), seriesId: '' };
const headers: Partial<Record<Caller, Record<string, string>>> = { anonymous: {} };

beforeAll(async () => {
  t = await createTestApp();
  await loadRegions(t);
  const owner = await t.user('teacher');
  headers.owner = owner.headers;
  headers.otherTeacher = (await t.user('teacher')).headers;
  headers.admin = (await t.user('admin')).headers;
  headers.provinceOfficial = (await t.user('official', { regionCode: PROVINCE })).headers;
  headers.districtOfficial = (await t.user('official', { regionCode: BIG_A })).headers;
  headers.outsideOfficial = (await t.user('official', { regionCode: 'ha-noi' })).headers;
  const people = makeParticipants('sec', [
    { district: BIG_A, n: 10, schools: ['THCS Nguyễn Du'], bias: 0.7 },
    { district: BIG_B, n: 10, schools: ['THCS Lê Lợi'], bias: 0.6 },
  ]);
  await writeContest(t.runtime.database.db, { sourceId: fixture.contestId, ownerId: owner.id }, people);
  const res = await t.call('POST', '/api/report-series', { headers: headers.admin, body: { title: 'S', contests: [{ kind: 'live', id: fixture.contestId }] } });
  fixture.seriesId = ((await res.json()) as { id: string }).id;
}, 60_000);
afterAll(() => t?.close());

describe('report routes: authorization, generated from the route table', () => {
  it('has expectations for every registered report route (and no stale ones)', () => {
    const registered = [...new Set(t.app.routes.filter((r) => r.method !== 'ALL' && isReportPath(r.path)).map((r) => r.path))];
    const missing = registered.filter((p) => !CASES[p]);
    expect(missing, 'report routes without security expectations').toEqual([]);
    expect(Object.keys(CASES).filter((p) => !registered.includes(p)), 'expectations for routes that do not exist').toEqual([]);
    expect(registered.length).toBeGreaterThanOrEqual(12);
  });

  for (const [route, cases] of Object.entries(CASES)) {
    for (const c of cases) {
      it(`${c.method} ${route} (${c.label})`, async () => {
        const got: Partial<Record<Caller, number>> = {};
        for (const caller of Object.keys(c.expect) as Caller[]) {
          const res = await t.call(c.method, c.url(fixture), { headers: headers[caller]!, ...(c.body ? { body: c.body(fixture) } : {}) });
          got[caller] = res.status;
          if (res.status >= 400) {
            const body = (await res.json()) as { error: { code: string }; items?: unknown };
            expect(body.items).toBeUndefined();
            expect(typeof body.error.code).toBe('string');
          }
        }
        expect(got).toEqual(c.expect);
      });
    }
  }

  it('refuses anonymous callers before looking at parameters', async () => {
    const res = await t.call('GET', '/api/reports/contests/bogus/x/schools');
    expect(res.status).toBe(401);
  });

  it('answers 404 alike for unknown contests and contests outside the scope', async () => {
    const unknown = await t.call('GET', `/api/reports/contests/live/${randomUUID()}/districts`, { headers: headers.otherTeacher! });
    const foreign = await t.call('GET', `/api/reports/contests/live/${fixture.contestId}/districts`, { headers: headers.otherTeacher! });
    expect([unknown.status, foreign.status]).toEqual([404, 404]);
    expect(await unknown.json()).toEqual(await foreign.json());
  });
});
