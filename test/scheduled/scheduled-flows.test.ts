import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_GRACE_MS } from '../../src/scheduled/attempt-rules.ts';
import { contestBody, createWorld, json, register, rightIndex, takeAttempt, wrongIndex, type World } from './helpers.ts';

let w: World;
const MIN = 60_000;
/** Each scenario runs its own contest, in its own window, on one clock. */
async function contest(slug: string, over: Record<string, unknown> = {}) {
  await json(w.t.call('POST', '/api/scheduled-contests', { headers: w.admin.headers, body: contestBody({ slug, ...over }) }), 201);
}
const err = async (res: Promise<Response>, status: number) => {
  const r = await res;
  const body = await r.json();
  expect(r.status, JSON.stringify(body)).toBe(status);
  return body.error.code as string;
};
const iso = (t: number) => new Date(t).toISOString();

beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.t.close());

describe('window edges', () => {
  it('refuses attempts before the window and after it; an attempt running across the close ends at closesAt', async () => {
    const opens = w.clock.now() + 10 * MIN;
    const closes = opens + 60 * MIN;
    await contest('edges', { opensAt: iso(opens), closesAt: iso(closes), attemptMinutes: 15 });
    const a = await register(w, 'edges');
    expect(await err(w.t.call('POST', '/api/scheduled-contests/edges/attempts', { headers: a.headers }), 409)).toBe('CONTEST_NOT_OPEN');
    w.clock.set(iso(opens - 1));
    expect(await err(w.t.call('POST', '/api/scheduled-contests/edges/attempts', { headers: a.headers }), 409)).toBe('CONTEST_NOT_OPEN');

    w.clock.set(iso(closes - 5 * MIN));
    const s = await json(w.t.call('POST', '/api/scheduled-contests/edges/attempts', { headers: a.headers }), 201);
    expect(s.deadline).toBe(iso(closes)); // min(start + 15 min, closesAt)
    const [q1, q2] = s.questions;

    // At closesAt new attempts are refused, but the running one may still save within the grace.
    w.clock.set(iso(closes));
    // Registration closes with the window.
    expect(await err(w.t.call('POST', '/api/scheduled-contests/edges/register', { body: { fullName: 'Lê Văn Cường', dateOfBirth: '2000-01-01', school: 'THCS A', district: 'lak' } }), 409)).toBe('CONTEST_CLOSED');
    w.clock.set(iso(closes + ANSWER_GRACE_MS));
    await json(w.t.call('PUT', `/api/attempts/${s.id}/answers/${q1.id}`, { headers: a.headers, body: { response: { type: 'single_choice', choice: rightIndex(q1.view) } } }), 200);
    w.clock.set(iso(closes + ANSWER_GRACE_MS + 1));
    expect(await err(w.t.call('PUT', `/api/attempts/${s.id}/answers/${q2.id}`, { headers: a.headers, body: { response: { type: 'single_choice', choice: rightIndex(q2.view) } } }), 409)).toBe('ATTEMPT_CLOSED');
    expect(await err(w.t.call('POST', '/api/scheduled-contests/edges/attempts', { headers: a.headers }), 409)).toBe('CONTEST_CLOSED');

    const state = await json(w.t.call('GET', `/api/attempts/${s.id}`, { headers: a.headers }), 200);
    expect(state.state).toBe('ended');
    expect(state.result).toMatchObject({ score: 10, correctCount: 1, durationMs: 5 * MIN, endReason: 'deadline' });
    const c = await json(w.t.call('GET', '/api/scheduled-contests/edges'), 200);
    expect(c.state).toBe('closed');
    expect(c.closedAt).not.toBeNull(); // closed lazily on read
  });
});

describe('attempt limits and the best attempt', () => {
  it('allows maxAttempts, one at a time; the best counts, the earlier between equals', async () => {
    const opens = w.clock.now();
    await contest('limits', { opensAt: iso(opens), closesAt: iso(opens + 600 * MIN), maxAttempts: 3 });
    const a = await register(w, 'limits');
    const first = await takeAttempt(w, 'limits', a.headers, 5, { submit: false });
    const busy = await w.t.call('POST', '/api/scheduled-contests/limits/attempts', { headers: a.headers });
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({ error: { code: 'ATTEMPT_IN_PROGRESS', details: { attemptId: first.started.id } } });
    await json(w.t.call('POST', `/api/attempts/${first.started.id}/submit`, { headers: a.headers, body: { prediction: 9 } }), 200);
    const second = await takeAttempt(w, 'limits', a.headers, 8, { prediction: 1 });
    const third = await takeAttempt(w, 'limits', a.headers, 8, { prediction: 1 });
    expect(await err(w.t.call('POST', '/api/scheduled-contests/limits/attempts', { headers: a.headers }), 409)).toBe('NO_ATTEMPTS_LEFT');
    const me = await json(w.t.call('GET', '/api/scheduled-contests/limits/me', { headers: a.headers }), 200);
    expect(me.attemptsLeft).toBe(0);
    expect(me.attempts.map((x: any) => x.result.score)).toEqual([50, 80, 80]);
    const r = await json(w.t.call('GET', '/api/scheduled-contests/limits/rankings', { headers: w.admin.headers }), 200);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ score: 80, attemptId: second.started.id });
    expect(third.result.score).toBe(80);
  });
});

describe('autosave', () => {
  it('is idempotent and the last write wins, also under concurrency', async () => {
    const opens = w.clock.now();
    await contest('autosave', { opensAt: iso(opens), closesAt: iso(opens + 600 * MIN) });
    const a = await register(w, 'autosave');
    const s = await json(w.t.call('POST', '/api/scheduled-contests/autosave/attempts', { headers: a.headers }), 201);
    const q = s.questions[0];
    const put = (choice: number) => w.t.call('PUT', `/api/attempts/${s.id}/answers/${q.id}`, { headers: a.headers, body: { response: { type: 'single_choice', choice } } });
    await json(put(rightIndex(q.view)), 200);
    await json(put(rightIndex(q.view)), 200);
    let state = await json(w.t.call('GET', `/api/attempts/${s.id}`, { headers: a.headers }), 200);
    expect(state.answers).toEqual([{ questionId: q.id, response: { type: 'single_choice', choice: rightIndex(q.view) }, savedAt: expect.any(String) }]);

    w.clock.advance(1000);
    await json(put(wrongIndex(q.view)), 200);
    state = await json(w.t.call('GET', `/api/attempts/${s.id}`, { headers: a.headers }), 200);
    expect(state.answers[0].response.choice).toBe(wrongIndex(q.view));

    // Ten questions saved at once, plus two racing writes to one question.
    w.clock.advance(1000);
    const all = await Promise.all([
      ...s.questions.map((x: any) => w.t.call('PUT', `/api/attempts/${s.id}/answers/${x.id}`, { headers: a.headers, body: { response: { type: 'single_choice', choice: rightIndex(x.view) } } })),
      put(rightIndex(q.view)),
    ]);
    expect(all.map((r) => r.status)).toEqual(Array(11).fill(200));
    state = await json(w.t.call('GET', `/api/attempts/${s.id}`, { headers: a.headers }), 200);
    expect(state.answers).toHaveLength(10);
    const result = await json(w.t.call('POST', `/api/attempts/${s.id}/submit`, { headers: a.headers, body: { prediction: 0 } }), 200);
    expect(result.score).toBe(100);
    // A repeated submit (a retry after a network drop) returns the same result; saves are refused now.
    expect(await json(w.t.call('POST', `/api/attempts/${s.id}/submit`, { headers: a.headers, body: { prediction: 5 } }), 200)).toMatchObject({ score: 100, prediction: 0 });
    expect(await err(put(wrongIndex(q.view)), 409)).toBe('ATTEMPT_CLOSED');
  });
});

describe('no attempt stays open', () => {
  it('the sweeper closes attempts past deadline + grace with what was saved; reads close lazily', async () => {
    const opens = w.clock.now();
    await contest('sweeper', { opensAt: iso(opens), closesAt: iso(opens + 600 * MIN), attemptMinutes: 10 });
    const a = await register(w, 'sweeper');
    const b = await register(w, 'sweeper', { fullName: 'Phạm Thị Dung' });
    const sa = await takeAttempt(w, 'sweeper', a.headers, 3, { submit: false });
    const sb = await takeAttempt(w, 'sweeper', b.headers, 4, { submit: false });
    w.clock.set(sb.started.deadline);
    w.clock.advance(ANSWER_GRACE_MS);
    expect((await w.t.runtime.services.scheduled.closer.sweep()).attempts).toBe(1); // a's only: b is within its grace
    w.clock.advance(1);
    expect(await err(w.t.call('POST', `/api/attempts/${sb.started.id}/submit`, { headers: b.headers, body: { prediction: 1 } }), 409)).toBe('ATTEMPT_CLOSED');
    const ra = await json(w.t.call('GET', `/api/attempts/${sa.started.id}`, { headers: a.headers }), 200);
    const rb = await json(w.t.call('GET', `/api/attempts/${sb.started.id}`, { headers: b.headers }), 200);
    expect(ra.result).toMatchObject({ score: 30, durationMs: 10 * MIN, endReason: 'deadline', prediction: null });
    expect(rb.result).toMatchObject({ score: 40, durationMs: 10 * MIN, endReason: 'deadline' });
    expect((await w.t.runtime.services.scheduled.closer.sweep()).attempts).toBe(0);
  });
});

describe('resume on another device', () => {
  it('restores the same token with the resume code and date of birth; anything else is refused', async () => {
    const opens = w.clock.now();
    await contest('resume', { opensAt: iso(opens), closesAt: iso(opens + 600 * MIN) });
    const a = await register(w, 'resume', { dateOfBirth: '2007-09-02' });
    const s = await takeAttempt(w, 'resume', a.headers, 2, { submit: false });
    const code = a.resumeCode.toLowerCase().replace(/(.{4})/, '$1-');
    const back = await json(w.t.call('POST', '/api/scheduled-contests/resume/resume', { body: { resumeCode: code, dateOfBirth: '2007-09-02' } }), 200);
    expect(back).toMatchObject({ participantId: a.participantId, participantToken: a.participantToken });
    const state = await json(w.t.call('GET', `/api/attempts/${s.started.id}`, { headers: { Authorization: `Bearer ${back.participantToken}` } }), 200);
    expect(state.answers).toHaveLength(10);
    expect(state.remainingMs).toBe(Date.parse(state.deadline) - w.clock.now());
    expect(await err(w.t.call('POST', '/api/scheduled-contests/resume/resume', { body: { resumeCode: a.resumeCode, dateOfBirth: '2007-09-03' } }), 404)).toBe('RESUME_NOT_FOUND');
    expect(await err(w.t.call('POST', '/api/scheduled-contests/resume/resume', { body: { resumeCode: 'ABCD2345', dateOfBirth: '2007-09-02' } }), 404)).toBe('RESUME_NOT_FOUND');
  });
});

describe('keys', () => {
  const leaks = (payload: unknown) => {
    const text = JSON.stringify(payload);
    return ['"answer"', '"correct"', '"explanation"', 'Giải thích', '"accepted"', '"mapping', 'optionId', '"seed"'].filter((k) => text.includes(k));
  };
  it('afterClose: absent from start, resume, save and submit; shown on the attempt once the contest closed', async () => {
    const opens = w.clock.now();
    await contest('keys-close', { opensAt: iso(opens), closesAt: iso(opens + 600 * MIN) });
    const a = await register(w, 'keys-close');
    const s = await json(w.t.call('POST', '/api/scheduled-contests/keys-close/attempts', { headers: a.headers }), 201);
    expect(leaks(s)).toEqual([]);
    for (const q of s.questions) expect(q.view.options.map((o: any) => Object.keys(o).sort())).toEqual(Array(4).fill(['index', 'text']));
    const q = s.questions[0];
    const saved = await json(w.t.call('PUT', `/api/attempts/${s.id}/answers/${q.id}`, { headers: a.headers, body: { response: { type: 'single_choice', choice: rightIndex(q.view) } } }), 200);
    expect(leaks(saved)).toEqual([]);
    expect(leaks(await json(w.t.call('GET', `/api/attempts/${s.id}`, { headers: a.headers }), 200))).toEqual([]);
    const result = await json(w.t.call('POST', `/api/attempts/${s.id}/submit`, { headers: a.headers, body: { prediction: 1 } }), 200);
    expect(leaks(result)).toEqual([]);
    expect(leaks(await json(w.t.call('GET', `/api/attempts/${s.id}`, { headers: a.headers }), 200))).toEqual([]);
    await json(w.t.call('POST', '/api/scheduled-contests/keys-close/close', { headers: w.admin.headers }), 200);
    const after = await json(w.t.call('GET', `/api/attempts/${s.id}`, { headers: a.headers }), 200);
    expect(after.reveals).toHaveLength(10);
    expect(after.reveals[0]).toMatchObject({ questionId: q.id, correct: [rightIndex(q.view)], explanation: { vi: expect.stringContaining('Giải thích') } });
  });

  it('afterSubmit: with the result, never before; options are shuffled per attempt', async () => {
    const opens = w.clock.now();
    await contest('keys-submit', { opensAt: iso(opens), closesAt: iso(opens + 600 * MIN), keysVisible: 'afterSubmit', questionsPerAttempt: 12, maxAttempts: 5 });
    const a = await register(w, 'keys-submit');
    const s = await json(w.t.call('POST', '/api/scheduled-contests/keys-submit/attempts', { headers: a.headers }), 201);
    expect(leaks(s)).toEqual([]);
    const result = await json(w.t.call('POST', `/api/attempts/${s.id}/submit`, { headers: a.headers, body: { prediction: 1 } }), 200);
    expect(result.reveals).toHaveLength(12);
    const s2 = await json(w.t.call('POST', '/api/scheduled-contests/keys-submit/attempts', { headers: a.headers }), 201);
    const layout = (x: any) => Object.fromEntries(x.questions.map((q: any) => [q.id, rightIndex(q.view)]));
    expect(layout(s2)).not.toEqual(layout(s)); // 12 questions × 4 positions: equal layouts are ~1e-7 likely
  });
});

describe('consent and district matching', () => {
  it('needs guardian consent under 16 or with a grade band only; matches districts with or without diacritics and aliases', async () => {
    const opens = w.clock.now();
    await contest('consent', { opensAt: iso(opens), closesAt: iso(opens + 600 * MIN) });
    const url = '/api/scheduled-contests/consent/register';
    const young = { fullName: 'Hoàng Minh Khang', dateOfBirth: '2013-06-01', school: 'THCS Nguyễn Du', district: 'Ea Kar' };
    expect(await err(w.t.call('POST', url, { body: young }), 422)).toBe('GUARDIAN_CONSENT_REQUIRED');
    expect(await err(w.t.call('POST', url, { body: { ...young, guardianConsent: false } }), 422)).toBe('GUARDIAN_CONSENT_REQUIRED');
    expect((await json(w.t.call('POST', url, { body: { ...young, guardianConsent: true } }), 201)).district).toBe('ea-kar');
    const band = { fullName: 'Y Bhin Niê', gradeBand: 'TC1', school: 'THCS Nguyễn Du', district: "Cư M’gar" };
    expect(await err(w.t.call('POST', url, { body: band }), 422)).toBe('GUARDIAN_CONSENT_REQUIRED');
    expect((await json(w.t.call('POST', url, { body: { ...band, guardianConsent: true } }), 201)).district).toBe('cu-mgar');
    const adult = { fullName: 'Lê Thị Hoa', dateOfBirth: '1990-01-01', school: 'Trường THPT Buôn Ma Thuột' };
    for (const [typed, code] of [['krong-pac', 'krong-pac'], ['Krông Pắk', 'krong-pac'], ['KRONG PAC', 'krong-pac'], ['Ea H’leo', 'ea-hleo'], ['M’Đrắk', 'mdrak'], ['Thành phố Buôn Ma Thuột', 'buon-ma-thuot']] as const) {
      expect((await json(w.t.call('POST', url, { body: { ...adult, fullName: `Người ${typed}`, district: typed } }), 201)).district).toBe(code);
    }
    const unknown = await w.t.call('POST', url, { body: { ...adult, district: 'Hà Nội' } });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.code).toBe('DISTRICT_UNKNOWN');
  });
});

describe('duplicates', () => {
  it('flags the same normalised name + date of birth + school for review; merge moves attempts, dismiss keeps both', async () => {
    const opens = w.clock.now();
    await contest('dups', { opensAt: iso(opens), closesAt: iso(opens + 600 * MIN), maxAttempts: 3 });
    const first = await register(w, 'dups', { fullName: 'Nguyễn Thị Mai', school: 'THCS Lê Lợi' });
    const again = await register(w, 'dups', { fullName: 'nguyen thi  mai', school: 'thcs le loi' });
    const other = await register(w, 'dups', { fullName: 'Nguyễn Thị Mai', school: 'THCS Lê Lợi', dateOfBirth: '2008-03-05' });
    expect((again as any).duplicateFlagged).toBe(true);
    expect((other as any).duplicateFlagged).toBe(false);
    await takeAttempt(w, 'dups', first.headers, 4);
    await takeAttempt(w, 'dups', again.headers, 9);
    const list = await json(w.t.call('GET', '/api/scheduled-contests/dups/duplicates', { headers: w.admin.headers }), 200);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ status: 'open', participant: { participantId: again.participantId, attempts: 1 }, duplicateOf: { participantId: first.participantId, attempts: 1 } });
    // Never merged silently: both still rank.
    expect((await json(w.t.call('GET', '/api/scheduled-contests/dups/rankings', { headers: w.admin.headers }), 200)).items).toHaveLength(2);
    await json(w.t.call('POST', `/api/scheduled-contests/dups/duplicates/${list.items[0].id}/merge`, { headers: w.admin.headers }), 200);
    expect(await err(w.t.call('POST', `/api/scheduled-contests/dups/duplicates/${list.items[0].id}/dismiss`, { headers: w.admin.headers }), 409)).toBe('DUPLICATE_DECIDED');
    const ranked = await json(w.t.call('GET', '/api/scheduled-contests/dups/rankings', { headers: w.admin.headers }), 200);
    expect(ranked.items.map((r: any) => [r.participantId, r.score])).toEqual([[first.participantId, 90]]);
    // The merged registration's token acts as the kept one, with the attempts left between them.
    const me = await json(w.t.call('GET', '/api/scheduled-contests/dups/me', { headers: again.headers }), 200);
    expect(me).toMatchObject({ participantId: first.participantId, attemptsLeft: 1 });

    const twin = await register(w, 'dups', { fullName: 'Nguyễn Thị Mai', school: 'THCS Lê Lợi', dateOfBirth: '2008-03-05' });
    const flags = await json(w.t.call('GET', '/api/scheduled-contests/dups/duplicates?status=open', { headers: w.admin.headers }), 200);
    expect(flags.items.map((f: any) => f.participant.participantId)).toEqual([twin.participantId]);
    await json(w.t.call('POST', `/api/scheduled-contests/dups/duplicates/${flags.items[0].id}/dismiss`, { headers: w.admin.headers }), 200);
    expect((await json(w.t.call('GET', '/api/scheduled-contests/dups/duplicates?status=all', { headers: w.admin.headers }), 200)).items.map((f: any) => f.status)).toEqual(['merged', 'dismissed']);
  });
});

describe('the official results snapshot', () => {
  it('is frozen at close: later changes to accounts, banks, settings and region data never alter it', async () => {
    const opens = w.clock.now();
    await contest('snapshot', { opensAt: iso(opens), closesAt: iso(opens + 600 * MIN), prizes: { first: 1, second: 1, third: 0, consolation: 0 } });
    const a = await register(w, 'snapshot', { district: 'Ea Kar' });
    const b = await register(w, 'snapshot', { fullName: 'Vũ Văn Bảo', district: 'Lắk' });
    await takeAttempt(w, 'snapshot', a.headers, 6, { prediction: 2 });
    await takeAttempt(w, 'snapshot', b.headers, 7, { prediction: 2 });
    const c = await register(w, 'snapshot', { fullName: 'Đỗ Thị Cúc' });
    const running = await takeAttempt(w, 'snapshot', c.headers, 10, { submit: false });
    await json(w.t.call('POST', '/api/scheduled-contests/snapshot/close', { headers: w.admin.headers }), 200);
    const read = async () => ({
      individual: await json(w.t.call('GET', '/api/scheduled-contests/snapshot/rankings?scope=individual', { headers: w.admin.headers }), 200),
      school: await json(w.t.call('GET', '/api/scheduled-contests/snapshot/rankings?scope=school', { headers: w.admin.headers }), 200),
      district: await json(w.t.call('GET', '/api/scheduled-contests/snapshot/rankings?scope=district', { headers: w.admin.headers }), 200),
    });
    const before = await read();
    expect(before.individual.official).toBe(true);
    // The running attempt ended at close with what it had saved.
    expect(before.individual.items.map((r: any) => [r.participantId, r.score])).toEqual([[c.participantId, 100], [b.participantId, 70], [a.participantId, 60]]);
    expect(before.individual.predictionActual).toBe(2); // c's attempt was not submitted: ended by the close
    const ran = await json(w.t.call('GET', `/api/attempts/${running.started.id}`, { headers: c.headers }), 200);
    expect(ran.result.endReason).toBe('contest_closed');

    const db = w.t.runtime.database.db;
    await db.updateTable('scheduled_participants').set({ full_name: 'Đổi Tên', district: 'buon-don', school: 'Khác' }).where('id', '=', a.participantId).execute();
    await db.updateTable('scheduled_attempts').set({ score: 0 }).where('participant_id', '=', c.participantId).execute();
    await db.deleteFrom('scheduled_answers').where('attempt_id', '=', running.started.id).execute();
    await db.updateTable('scheduled_contests').set({ prizes: JSON.stringify({ first: 0, second: 0, third: 3, consolation: 0 }), unit_formula: JSON.stringify({ participationWeight: 100 }) }).where('slug', '=', 'snapshot').execute();
    await db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', w.admin.id).execute().then(() => db.updateTable('users').set({ disabled_at: null }).where('id', '=', w.admin.id).execute());
    await w.t.runtime.services.regions.importEnrolment('daklak-2021', 'region_code,school_name,grade_band,enrolment\nea-kar,THPT Chu Văn An,TC1,10\nlak,THPT Chu Văn An,TC1,1\n', { strict: true });
    expect((await w.t.call('POST', '/api/banks/an-toan-mang/questions', { headers: w.admin.headers, body: { ...(await import('./helpers.ts')).questions(13)[12], id: 'q99' } })).status).toBe(201);
    expect((await w.t.call('POST', '/api/banks/an-toan-mang/publish', { headers: w.admin.headers })).status).toBe(201);
    expect(await err(w.t.call('PATCH', '/api/scheduled-contests/snapshot', { headers: w.admin.headers, body: { prizes: { first: 5, second: 0, third: 0, consolation: 0 } } }), 409)).toBe('FIELD_LOCKED');
    expect(await read()).toEqual(before);
  });
});

describe('the prediction tie-breaker', () => {
  it('scoredAgainst perfectScores: the number of submitters with a full score, frozen at close', async () => {
    const opens = w.clock.now();
    await contest('perfect', { opensAt: iso(opens), closesAt: iso(opens + 600 * MIN), prediction: { prompt: { vi: 'Bao nhiêu bài điểm tối đa?', en: 'How many full scores?' }, scoredAgainst: 'perfectScores' } });
    const people = await Promise.all(['An', 'Bình', 'Cường', 'Dung'].map((n) => register(w, 'perfect', { fullName: `Nguyễn ${n}` })));
    await takeAttempt(w, 'perfect', people[0]!.headers, 10, { prediction: 2 });
    await takeAttempt(w, 'perfect', people[1]!.headers, 10, { prediction: 5 });
    await takeAttempt(w, 'perfect', people[2]!.headers, 9, { prediction: 2 });
    await takeAttempt(w, 'perfect', people[3]!.headers, 10, { submit: false }); // full, but never submitted
    await json(w.t.call('POST', '/api/scheduled-contests/perfect/close', { headers: w.admin.headers }), 200);
    const r = await json(w.t.call('GET', '/api/scheduled-contests/perfect/rankings', { headers: w.admin.headers }), 200);
    expect(r.predictionActual).toBe(2);
    expect(r.items.map((x: any) => [x.participantId, x.score, x.predictionError])).toEqual([
      [people[0]!.participantId, 100, 0],
      [people[1]!.participantId, 100, 3],
      [people[3]!.participantId, 100, null],
      [people[2]!.participantId, 90, 0],
    ]);
  });
});

describe('the background sweeper', () => {
  it('runs on its timer: closes overdue attempts and due contests, and logs what it did', async () => {
    const { startSweeper } = await import('../../src/scheduled/sweeper.ts');
    const opens = w.clock.now();
    await contest('timer', { opensAt: iso(opens), closesAt: iso(opens + 30 * MIN), attemptMinutes: 10 });
    const a = await register(w, 'timer');
    const s = await takeAttempt(w, 'timer', a.headers, 2, { submit: false });
    w.clock.set(iso(opens + 30 * MIN + ANSWER_GRACE_MS + 1));
    let stop = () => {};
    const did = await new Promise<Record<string, unknown>>((resolve) => {
      const logger = { ...w.t.runtime.logger, info: (msg: string, fields?: Record<string, unknown>) => msg === 'scheduled sweep' && resolve(fields ?? {}) };
      stop = startSweeper(w.t.runtime.services.scheduled, logger as never, 20);
    }).finally(() => stop());
    expect(did.attempts).toBeGreaterThanOrEqual(1); // earlier scenarios left attempts open too
    expect(did.contests).toContain('timer');
    const row = await w.t.runtime.database.db.selectFrom('scheduled_attempts').select(['end_reason', 'score']).where('id', '=', s.started.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ end_reason: 'deadline', score: 20 });
  });
});
