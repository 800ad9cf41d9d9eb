import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENS, contestBody, createWorld, json, register, type U, type World } from './helpers.ts';

let w: World;
let organiser: U, teacher: U, official: U, otherSet: U;
const slug = 'thi-an-toan-mang';
const status = async (method: string, url: string, headers: Record<string, string> = {}, body?: unknown) =>
  (await w.t.call(method, url, { headers, ...(body !== undefined ? { body } : {}) })).status;

beforeAll(async () => {
  w = await createWorld();
  organiser = await w.t.user('teacher');
  teacher = await w.t.user('teacher');
  official = await w.t.user('official');
  otherSet = await w.t.user('teacher');
  await json(w.t.call('PUT', '/api/organiser-grants', { headers: w.admin.headers, body: { email: organiser.email, regionSet: 'daklak-2021' } }), 200);
  // The organiser must be able to read the bank to build a contest on it.
  await json(w.t.call('PATCH', `/api/banks/${w.bank}`, { headers: w.admin.headers, body: { visibility: 'public' } }), 200);
});
afterAll(() => w.t.close());

describe('the organiser right', () => {
  it('only admins grant it, only to teachers, per region set', async () => {
    expect(await status('PUT', '/api/organiser-grants', organiser.headers, { email: teacher.email, regionSet: 'daklak-2021' })).toBe(403);
    expect(await status('PUT', '/api/organiser-grants', {}, { email: teacher.email, regionSet: 'daklak-2021' })).toBe(401);
    expect(await status('GET', '/api/organiser-grants', teacher.headers)).toBe(403);
    const r = await w.t.call('PUT', '/api/organiser-grants', { headers: w.admin.headers, body: { email: official.email, regionSet: 'daklak-2021' } });
    expect((await r.json()).error.code).toBe('ORGANISER_MUST_BE_TEACHER');
    const grants = await json(w.t.call('GET', '/api/organiser-grants', { headers: w.admin.headers }), 200);
    expect(grants.grants).toEqual([{ email: organiser.email, regionSet: 'daklak-2021', grantedAt: expect.any(String) }]);
  });

  it('a teacher with it creates and runs contests; other teachers and officials cannot, and do not see drafts', async () => {
    expect(await status('POST', '/api/scheduled-contests', organiser.headers, contestBody({ draft: true }))).toBe(201);
    expect(await status('POST', '/api/scheduled-contests', teacher.headers, contestBody({ slug: 'khac' }))).toBe(403);
    expect(await status('POST', '/api/scheduled-contests', official.headers, contestBody({ slug: 'khac' }))).toBe(403);
    expect(await status('POST', '/api/scheduled-contests', {}, contestBody({ slug: 'khac' }))).toBe(401);
    expect(await status('GET', `/api/scheduled-contests/${slug}`, organiser.headers)).toBe(200);
    expect(await status('GET', `/api/scheduled-contests/${slug}`, teacher.headers)).toBe(404); // a draft
    expect(await status('GET', `/api/scheduled-contests/${slug}`)).toBe(404);
    expect((await json(w.t.call('GET', '/api/scheduled-contests'), 200)).contests).toEqual([]);
    for (const [m, path, body] of [
      ['PATCH', '', { title: { vi: 'x', en: 'y' } }],
      ['POST', '/close', undefined],
      ['POST', '/publish', undefined],
      ['GET', '/duplicates', undefined],
      ['GET', '/progress', undefined],
      ['GET', '/audit.csv', undefined],
    ] as const) {
      expect(await status(m, `/api/scheduled-contests/${slug}${path}`, otherSet.headers, body), `${m} ${path}`).toBe(404);
      expect(await status(m, `/api/scheduled-contests/${slug}${path}`, {}, body), `${m} ${path} anonymous`).toBe(401);
    }
    expect(await status('PATCH', `/api/scheduled-contests/${slug}`, organiser.headers, { draft: false })).toBe(200);
    expect((await json(w.t.call('GET', '/api/scheduled-contests'), 200)).contests.map((c: any) => c.slug)).toEqual([slug]);
  });

  it('a revoked right stops at once', async () => {
    const temp = await w.t.user('teacher');
    await json(w.t.call('PUT', '/api/organiser-grants', { headers: w.admin.headers, body: { email: temp.email, regionSet: 'daklak-2021' } }), 200);
    expect(await status('GET', `/api/scheduled-contests/${slug}/progress`, temp.headers)).toBe(200);
    await json(w.t.call('PUT', '/api/organiser-grants', { headers: w.admin.headers, body: { email: temp.email, regionSet: 'daklak-2021', grant: false } }), 200);
    expect(await status('GET', `/api/scheduled-contests/${slug}/progress`, temp.headers)).toBe(404);
  });
});

describe('participants', () => {
  it('tokens are stored hashed, and one participant cannot touch another one’s attempt', async () => {
    w.clock.set(OPENS);
    const a = await register(w, slug);
    const b = await register(w, slug, { fullName: 'Trần Văn Bình' });
    const rows = await w.t.runtime.database.db.selectFrom('scheduled_participants').select(['token_hash', 'resume_code_hash']).execute();
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(a.participantToken);
    expect(stored).not.toContain(a.participantToken.slice(7));
    expect(stored).not.toContain(a.resumeCode);
    const s = await json(w.t.call('POST', `/api/scheduled-contests/${slug}/attempts`, { headers: a.headers }), 201);
    expect(await status('GET', `/api/attempts/${s.id}`, b.headers)).toBe(404);
    expect(await status('PUT', `/api/attempts/${s.id}/answers/${s.questions[0].id}`, b.headers, { response: { type: 'single_choice', choice: 0 } })).toBe(404);
    expect(await status('POST', `/api/attempts/${s.id}/submit`, b.headers, { prediction: 1 })).toBe(404);
    // An account token is not a participant token.
    expect(await status('GET', `/api/attempts/${s.id}`, w.admin.headers)).toBe(401);
  });

  it('resume-code guessing is throttled per address', async () => {
    const url = `/api/scheduled-contests/${slug}/resume`;
    const a = await register(w, slug, { fullName: 'Lý Thị Hạnh' });
    for (let i = 0; i < 30; i++) expect(await status('POST', url, {}, { resumeCode: `AAAA${String(2222 + i).slice(0, 4)}`, dateOfBirth: '2008-03-04' })).toBe(404);
    const r = await w.t.call('POST', url, { body: { resumeCode: a.resumeCode, dateOfBirth: '2008-03-04' } });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('60');
    w.clock.advance(61_000);
    expect(await status('POST', url, {}, { resumeCode: a.resumeCode, dateOfBirth: '2008-03-04' })).toBe(200);
  });

  it('a token from another contest starts nothing here', async () => {
    await json(w.t.call('POST', '/api/scheduled-contests', { headers: w.admin.headers, body: contestBody({ slug: 'cuoc-thi-2' }) }), 201);
    const other = await register(w, 'cuoc-thi-2');
    expect(await status('POST', `/api/scheduled-contests/${slug}/attempts`, other.headers)).toBe(403);
  });

  it('rankings are hidden from the public until published, and minimal after', async () => {
    expect(await status('GET', `/api/scheduled-contests/${slug}/rankings`)).toBe(403);
    expect(await status('GET', `/api/scheduled-contests/${slug}/rankings`, teacher.headers)).toBe(403);
    expect(await status('GET', `/api/scheduled-contests/${slug}/rankings`, organiser.headers)).toBe(200);
    await json(w.t.call('POST', `/api/scheduled-contests/${slug}/close`, { headers: organiser.headers }), 200);
    await json(w.t.call('POST', `/api/scheduled-contests/${slug}/publish`, { headers: organiser.headers }), 200);
    const pub = await json(w.t.call('GET', `/api/scheduled-contests/${slug}/rankings`), 200);
    const text = JSON.stringify(pub);
    expect(text).not.toContain('Nguyễn Văn An');
    expect(text).not.toContain('2008-03-04');
    expect(text).not.toContain('attemptId');
    expect(await status('GET', `/api/scheduled-contests/${slug}/audit.csv`)).toBe(401);
  });

  it('every route is in the OpenAPI document', async () => {
    const doc = await json(w.t.call('GET', '/openapi.json'), 200);
    for (const path of [
      '/api/scheduled-contests', '/api/scheduled-contests/{slug}', '/api/scheduled-contests/{slug}/close', '/api/scheduled-contests/{slug}/publish',
      '/api/scheduled-contests/{slug}/register', '/api/scheduled-contests/{slug}/resume', '/api/scheduled-contests/{slug}/attempts', '/api/attempts/{id}',
      '/api/attempts/{id}/answers/{questionId}', '/api/attempts/{id}/submit', '/api/scheduled-contests/{slug}/rankings', '/api/scheduled-contests/{slug}/duplicates',
      '/api/scheduled-contests/{slug}/duplicates/{id}/merge', '/api/scheduled-contests/{slug}/duplicates/{id}/dismiss', '/api/scheduled-contests/{slug}/audit.csv',
      '/api/practice/{bank}/attempts', '/api/practice-attempts/{id}/answers/{questionId}', '/api/organiser-grants',
    ]) expect(doc.paths[path], path).toBeDefined();
  });
});
