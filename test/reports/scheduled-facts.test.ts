import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillFacts } from '../../src/reports/backfill.ts';
import { OPENS, contestBody, createWorld, json, register, takeAttempt, type World } from '../scheduled/helpers.ts';

/**
 * A scheduled contest closes and its facts are written by the reports' close hook, inside the
 * close transaction: participants from several districts, one with two attempts (the best
 * counts), read back through the report routes; the back-fill rewrites them.
 */
const SLUG = 'thi-an-toan-mang';
let w: World;
const people: Array<{ district: string; code: string; school: string; right: number[] }> = [
  ...[6, 7, 8, 9, 5, 10].map((r, i) => ({ district: 'Krông Pắc', code: 'krong-pac', school: i % 2 ? 'THCS Krông Pắc' : 'THPT Chu Văn An', right: [r] })),
  ...[4, 5, 6, 7, 8].map((r) => ({ district: 'Buôn Ma Thuột', code: 'buon-ma-thuot', school: 'THPT Chu Văn An', right: [r] })),
  { district: 'Lắk', code: 'lak', school: 'THCS Lắk', right: [3, 9] },
  { district: 'Lắk', code: 'lak', school: 'THCS Lắk', right: [2] },
];

beforeAll(async () => {
  w = await createWorld();
  await json(w.t.call('POST', '/api/scheduled-contests', { headers: w.admin.headers, body: contestBody() }), 201);
  const regs = [];
  for (const [i, p] of people.entries()) regs.push(await register(w, SLUG, { fullName: `Học sinh ${i}`, district: p.district, school: p.school, dateOfBirth: `2010-01-${String(i + 1).padStart(2, '0')}` }));
  w.clock.set(OPENS);
  for (const [i, p] of people.entries()) for (const right of p.right) await takeAttempt(w, SLUG, regs[i]!.headers, right);
  await json(w.t.call('POST', `/api/scheduled-contests/${SLUG}/close`, { headers: w.admin.headers }), 200);
}, 120_000);
afterAll(() => w?.t.close());

const get = async (path: string) => json<{ items: Array<Record<string, any>> }>(w.t.call('GET', path, { headers: w.admin.headers }), 200);

describe('scheduled contests in reports', () => {
  it('writes facts at close: per district participants, attempts, scores of the counted attempt, suppression', async () => {
    const { items } = await get(`/api/reports/contests/scheduled/${SLUG}/districts`);
    const kp = items.find((r) => r.district === 'krong-pac')!;
    expect(kp).toMatchObject({ participants: 6, attempts: 6, meanScore: 75, medianScore: 75, completionRate: 100, suppressed: false });
    // Two in Lắk: suppressed; Buôn Ma Thuột (5, the next smallest) is the complementary cell.
    expect(items.find((r) => r.district === 'lak')).toMatchObject({ suppressed: true, participants: null, meanScore: null });
    expect(items.find((r) => r.district === 'buon-ma-thuot')).toMatchObject({ suppressed: true, participants: null, meanScore: null });
    const bmt = await w.t.runtime.database.db.selectFrom('report_district_summary').select(['participants', 'mean_score']).where('district', '=', 'buon-ma-thuot').executeTakeFirstOrThrow();
    expect(bmt).toEqual({ participants: 5, mean_score: 60 });
    const frozen = await w.t.runtime.database.db.selectFrom('scheduled_result_units').select(['unit_key', 'participants']).where('scope', '=', 'district').execute();
    expect(Object.fromEntries(frozen.map((u) => [u.unit_key, u.participants]))).toMatchObject({ 'krong-pac': 6, 'buon-ma-thuot': 5, lak: 2 });
    // The contest's own unit formula: participation % + prize points; ranks among the rows shown.
    expect(kp.rank).toBe(1);
  });

  it('counts the best attempt and the number of attempts; questions and competences by the drawn keys', async () => {
    const db = w.t.runtime.database.db;
    const lak = await db.selectFrom('report_participants').select(['correct', 'due', 'attempts', 'score']).where('district', '=', 'lak').orderBy('score', 'desc').execute();
    expect(lak).toEqual([
      { correct: 9, due: 10, attempts: 2, score: 90 },
      { correct: 2, due: 10, attempts: 1, score: 20 },
    ]);
    const questions = (await get(`/api/reports/contests/scheduled/${SLUG}/questions`)).items;
    expect(questions.length).toBeGreaterThanOrEqual(10);
    for (const q of questions) expect(['a', 'c', 'd', null]).toContain(q.topWrongChoice);
    for (const q of questions) expect(q.prompt).toBe(`Câu hỏi số ${Number(q.questionKey.slice(1))}`);
    const competences = (await get(`/api/reports/contests/scheduled/${SLUG}/competences?level=component`)).items;
    expect(new Set(competences.map((c) => c.competence))).toEqual(new Set(['2.3', '4.2']));
    const facts = await db.selectFrom('report_facts').select(['contest_kind', 'grade_band', 'answered_on']).execute();
    expect(facts).toHaveLength(13 * 10);
    expect(new Set(facts.map((f) => f.contest_kind))).toEqual(new Set(['scheduled']));
  });

  it('back-fills a closed contest whose facts are missing, once', async () => {
    const db = w.t.runtime.database.db;
    await db.deleteFrom('report_contests').where('kind', '=', 'scheduled').execute();
    expect(await backfillFacts(db, { kinds: ['scheduled'] })).toEqual([{ kind: 'scheduled', written: 1, failed: [] }]);
    expect(await backfillFacts(db, { kinds: ['scheduled'] })).toEqual([{ kind: 'scheduled', written: 0, failed: [] }]);
    expect((await get(`/api/reports/contests/scheduled/${SLUG}/districts`)).items.find((r) => r.district === 'krong-pac')).toMatchObject({ participants: 6 });
  });

  it('is visible to its owner and officials of its region, not to other teachers', async () => {
    const teacher = await w.t.user('teacher');
    expect((await w.t.call('GET', `/api/reports/contests/scheduled/${SLUG}/districts`, { headers: teacher.headers })).status).toBe(404);
    const official = await w.t.user('official', { regionCode: 'krong-pac' });
    expect((await w.t.call('GET', `/api/reports/contests/scheduled/${SLUG}/schools?district=krong-pac`, { headers: official.headers })).status).toBe(200);
    expect((await w.t.call('GET', `/api/reports/contests/scheduled/${SLUG}/schools?district=buon-ma-thuot`, { headers: official.headers })).status).toBe(403);
  });
});
