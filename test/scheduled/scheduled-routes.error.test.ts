import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENS, contestBody, createWorld, json, register, type World } from './helpers.ts';

let w: World;
const code = async (res: Promise<Response>, status: number) => {
  const r = await res;
  const body = await r.json();
  expect(r.status, JSON.stringify(body)).toBe(status);
  expect(typeof body.error.message).toBe('string');
  return body.error.code as string;
};

beforeAll(async () => {
  w = await createWorld();
  await json(w.t.call('POST', '/api/scheduled-contests', { headers: w.admin.headers, body: contestBody() }), 201);
});
afterAll(() => w.t.close());

describe('organiser input errors', () => {
  const post = (body: unknown) => w.t.call('POST', '/api/scheduled-contests', { headers: w.admin.headers, body });
  it('validates the body with field details', async () => {
    const r = await w.t.call('POST', '/api/scheduled-contests', { headers: w.admin.headers, body: { ...contestBody({ slug: 'x1' }), attemptMinutes: 0, extra: 1 } });
    expect(r.status).toBe(422);
    expect((await r.json()).error.code).toBe('VALIDATION_FAILED');
    expect(await code(post(contestBody({ slug: 'x2', blueprint: [{ count: 2 }] })), 422)).toBe('VALIDATION_FAILED'); // both draw modes
    const { questionsPerAttempt: _q, ...noDraw } = contestBody({ slug: 'x3' });
    expect(await code(post(noDraw), 422)).toBe('VALIDATION_FAILED');
    expect(await code(post(contestBody({ slug: 'x4', closesAt: OPENS })), 422)).toBe('VALIDATION_FAILED');
    expect(await code(post(contestBody({ slug: 'x5', opensAt: '20 May 2026' })), 422)).toBe('VALIDATION_FAILED');
    expect(await code(post(contestBody({ slug: 'x6', prediction: { prompt: { vi: 'a', en: 'b' }, scoredAgainst: 'everyone' } })), 422)).toBe('VALIDATION_FAILED');
  });
  it('refuses a taken slug, an unknown bank, version or region set, and a draw the bank cannot give', async () => {
    expect(await code(post(contestBody()), 409)).toBe('SLUG_TAKEN');
    expect(await code(post(contestBody({ slug: 'y1', bank: 'khong-co' })), 404)).toBe('NOT_FOUND');
    expect(await code(post(contestBody({ slug: 'y2', version: 9 })), 404)).toBe('VERSION_NOT_FOUND');
    expect(await code(post(contestBody({ slug: 'y3', regionSet: 'ha-noi' })), 422)).toBe('REGION_SET_UNKNOWN');
    expect(await code(post(contestBody({ slug: 'y4', questionsPerAttempt: 50 })), 422)).toBe('NOT_ENOUGH_QUESTIONS');
    expect(await code(post(contestBody({ slug: 'y5', questionsPerAttempt: undefined, blueprint: [{ competence: '1.1', count: 2 }] })), 422)).toBe('BLUEPRINT_UNSATISFIABLE');
  });
  it('publishing before close is refused; unknown contests are 404', async () => {
    expect(await code(w.t.call('POST', '/api/scheduled-contests/thi-an-toan-mang/publish', { headers: w.admin.headers }), 409)).toBe('CONTEST_NOT_CLOSED');
    expect(await code(w.t.call('GET', '/api/scheduled-contests/khong-co'), 404)).toBe('NOT_FOUND');
    expect(await code(w.t.call('POST', '/api/scheduled-contests/khong-co/close', { headers: w.admin.headers }), 404)).toBe('NOT_FOUND');
    expect(await code(w.t.call('POST', `/api/scheduled-contests/thi-an-toan-mang/duplicates/${crypto.randomUUID()}/merge`, { headers: w.admin.headers }), 404)).toBe('NOT_FOUND');
  });
});

describe('participant input errors', () => {
  const url = '/api/scheduled-contests/thi-an-toan-mang/register';
  it('validates registrations', async () => {
    expect(await code(w.t.call('POST', url, { body: { fullName: 'A B', school: 'THCS A', district: 'lak' } }), 422)).toBe('VALIDATION_FAILED'); // no date of birth or grade band
    expect(await code(w.t.call('POST', url, { body: { fullName: 'A B', dateOfBirth: '2001-02-30', school: 'THCS A', district: 'lak' } }), 422)).toBe('VALIDATION_FAILED');
    expect(await code(w.t.call('POST', url, { body: { fullName: 'A B', dateOfBirth: '2001-02-03', school: 'THCS A', district: 'lak', phone: 'call me' } }), 422)).toBe('VALIDATION_FAILED');
    expect(await code(w.t.call('POST', url, { raw: '{"fullName":', contentType: 'application/json' }), 400)).toBe('INVALID_JSON');
    expect(await code(w.t.call('POST', '/api/scheduled-contests/khong-co/register', { body: { fullName: 'A B', dateOfBirth: '2001-02-03', school: 'THCS A', district: 'lak' } }), 404)).toBe('NOT_FOUND');
  });
  it('treats blank optional form fields as absent', async () => {
    const r = await json(w.t.call('POST', url, { body: { fullName: 'Hà Văn Tư', dateOfBirth: '2001-02-03', gradeBand: '', school: 'THCS A', district: 'lak', className: ' ', phone: '', email: '' } }), 201);
    const row = await w.t.runtime.database.db.selectFrom('scheduled_participants').select(['grade_band', 'class_name', 'phone', 'email']).where('id', '=', r.participantId).executeTakeFirstOrThrow();
    expect(row).toEqual({ grade_band: null, class_name: null, phone: null, email: null });
    expect(await code(w.t.call('POST', url, { body: { fullName: 'Hà Văn Tư', dateOfBirth: '', gradeBand: '', school: 'THCS A', district: 'lak' } }), 422)).toBe('VALIDATION_FAILED');
  });

  it('refuses grade bands the contest does not admit', async () => {
    await json(w.t.call('POST', '/api/scheduled-contests', { headers: w.admin.headers, body: contestBody({ slug: 'chi-tc1', gradeBands: ['TC1'] }) }), 201);
    expect(await code(w.t.call('POST', '/api/scheduled-contests/chi-tc1/register', { body: { fullName: 'A B', gradeBand: 'CB2', guardianConsent: true, school: 'THCS A', district: 'lak' } }), 422)).toBe('NOT_ELIGIBLE');
  });
  it('answers, submits and tokens are checked', async () => {
    const a = await register(w, 'thi-an-toan-mang');
    w.clock.set(OPENS);
    const s = await json(w.t.call('POST', '/api/scheduled-contests/thi-an-toan-mang/attempts', { headers: a.headers }), 201);
    const q = s.questions[0];
    const put = (questionId: string, body: unknown) => w.t.call('PUT', `/api/attempts/${s.id}/answers/${questionId}`, { headers: a.headers, body });
    expect(await code(put(q.id, { response: { type: 'single_choice', choice: 7 } }), 422)).toBe('VALIDATION_FAILED');
    expect(await code(put(q.id, { response: { type: 'true_false', value: true } }), 422)).toBe('INVALID_RESPONSE');
    expect(await code(put(q.id, { response: { type: 'single_choice', choice: 5 } }), 422)).toBe('INVALID_RESPONSE'); // only 4 options
    expect(await code(put('q-khac', { response: { type: 'single_choice', choice: 0 } }), 404)).toBe('QUESTION_NOT_IN_ATTEMPT');
    expect(await code(put(q.id, {}), 422)).toBe('VALIDATION_FAILED');
    const submit = (body: unknown) => w.t.call('POST', `/api/attempts/${s.id}/submit`, { headers: a.headers, body });
    expect(await code(submit({ prediction: -1 }), 422)).toBe('VALIDATION_FAILED');
    expect(await code(submit({ prediction: 1.5 }), 422)).toBe('VALIDATION_FAILED');
    expect(await code(submit({}), 422)).toBe('VALIDATION_FAILED');
    expect(await code(w.t.call('GET', '/api/attempts/not-a-uuid', { headers: a.headers }), 404)).toBe('NOT_FOUND');
    expect(await code(w.t.call('GET', `/api/attempts/${s.id}`), 401)).toBe('PARTICIPANT_TOKEN_REQUIRED');
    expect(await code(w.t.call('GET', `/api/attempts/${s.id}`, { headers: { Authorization: 'Bearer civiqp_forged' } }), 401)).toBe('PARTICIPANT_TOKEN_REQUIRED');
  });
  it('rankings query is validated', async () => {
    expect(await code(w.t.call('GET', '/api/scheduled-contests/thi-an-toan-mang/rankings?scope=province', { headers: w.admin.headers }), 422)).toBe('VALIDATION_FAILED');
    expect(await code(w.t.call('GET', '/api/scheduled-contests/thi-an-toan-mang/rankings?limit=0', { headers: w.admin.headers }), 422)).toBe('VALIDATION_FAILED');
  });
  it('English messages on request', async () => {
    const r = await w.t.call('POST', '/api/scheduled-contests/thi-an-toan-mang/resume', { body: { resumeCode: 'AAAA2222', dateOfBirth: '2000-01-01' }, headers: { 'Accept-Language': 'en' } });
    expect(r.status).toBe(404);
    expect((await r.json()).error).toMatchObject({ code: 'RESUME_NOT_FOUND', message: 'Wrong resume code or date of birth.' });
  });
});
