import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENS, contestBody, createWorld, json, register, rightIndex, wrongIndex, type World } from './helpers.ts';

let w: World;
const slug = 'thi-an-toan-mang';

beforeAll(async () => {
  w = await createWorld();
  await json(w.t.call('POST', '/api/scheduled-contests', { headers: w.admin.headers, body: contestBody() }), 201);
});
afterAll(() => w.t.close());

describe('scheduled contest, end to end over HTTP', () => {
  it('lists and shows the contest with its state in UTC and Vietnam time', async () => {
    const list = await json(w.t.call('GET', '/api/scheduled-contests'), 200);
    expect(list.contests.map((c: any) => [c.slug, c.state])).toEqual([[slug, 'upcoming']]);
    const one = await json(w.t.call('GET', `/api/scheduled-contests/${slug}`), 200);
    expect(one.opensAt).toBe('2026-05-20T01:00:00.000Z');
    expect(one.opensAtLocal).toContain('08:00');
    expect(one.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(one.districts).toHaveLength(15);
    expect(one.bank).toBeUndefined(); // draw settings are for organisers
  });

  it('registers, attempts, autosaves, resumes, submits; organisers rank, close, publish', async () => {
    const a = await register(w, slug, { district: 'krong pac' });
    expect(a.district).toBe('krong-pac');
    expect(a.participantToken).toMatch(/^civiqp_/);
    expect(a.resumeCode).toMatch(/^[A-Z2-9]{8}$/);

    const early = await w.t.call('POST', `/api/scheduled-contests/${slug}/attempts`, { headers: a.headers });
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe('CONTEST_NOT_OPEN');

    w.clock.set(OPENS);
    w.clock.advance(60_000);
    const started = await json(w.t.call('POST', `/api/scheduled-contests/${slug}/attempts`, { headers: a.headers }), 201);
    expect(started.questions).toHaveLength(10);
    expect(new Set(started.questions.map((q: any) => q.id)).size).toBe(10);
    expect(Date.parse(started.deadline) - Date.parse(started.serverNow)).toBe(15 * 60_000);

    // 7 right, 3 wrong; one answer changed (last write wins).
    for (const [i, q] of started.questions.entries()) {
      const choice = i < 7 ? rightIndex(q.view) : wrongIndex(q.view);
      w.clock.advance(1000);
      await json(w.t.call('PUT', `/api/attempts/${started.id}/answers/${q.id}`, { headers: a.headers, body: { response: { type: 'single_choice', choice } } }), 200);
    }
    const first = started.questions[0];
    await json(w.t.call('PUT', `/api/attempts/${started.id}/answers/${first.id}`, { headers: a.headers, body: { response: { type: 'single_choice', choice: wrongIndex(first.view) } } }), 200);
    await json(w.t.call('PUT', `/api/attempts/${started.id}/answers/${first.id}`, { headers: a.headers, body: { response: { type: 'single_choice', choice: rightIndex(first.view) } } }), 200);

    const resumed = await json(w.t.call('GET', `/api/attempts/${started.id}`, { headers: a.headers }), 200);
    expect(resumed.answers).toHaveLength(10);
    expect(resumed.remainingMs).toBe(15 * 60_000 - 10_000);
    expect(resumed.reveals).toBeNull();

    w.clock.advance(5000);
    const result = await json(w.t.call('POST', `/api/attempts/${started.id}/submit`, { headers: a.headers, body: { prediction: 3 } }), 200);
    expect(result).toMatchObject({ score: 70, maxScore: 100, correctCount: 7, durationMs: 15_000 });

    const b = await register(w, slug, { fullName: 'Trần Thị Bình', district: 'BMT', school: 'THCS Lê Lợi', dateOfBirth: '2000-01-01' });
    expect(b.district).toBe('buon-ma-thuot');
    const sb = await json(w.t.call('POST', `/api/scheduled-contests/${slug}/attempts`, { headers: b.headers }), 201);
    for (const q of sb.questions) await json(w.t.call('PUT', `/api/attempts/${sb.id}/answers/${q.id}`, { headers: b.headers, body: { response: { type: 'single_choice', choice: rightIndex(q.view) } } }), 200);
    await json(w.t.call('POST', `/api/attempts/${sb.id}/submit`, { headers: b.headers, body: { prediction: 2 } }), 200);

    const live = await json(w.t.call('GET', `/api/scheduled-contests/${slug}/rankings?scope=individual`, { headers: w.admin.headers }), 200);
    expect(live.official).toBe(false);
    expect(live.items.map((r: any) => [r.rank, r.participantId, r.score])).toEqual([[1, b.participantId, 100], [2, a.participantId, 70]]);

    expect((await w.t.call('GET', `/api/scheduled-contests/${slug}/rankings`)).status).toBe(403);
    await json(w.t.call('POST', `/api/scheduled-contests/${slug}/close`, { headers: w.admin.headers }), 200);
    await json(w.t.call('POST', `/api/scheduled-contests/${slug}/publish`, { headers: w.admin.headers }), 200);

    const pub = await json(w.t.call('GET', `/api/scheduled-contests/${slug}/rankings?scope=individual`), 200);
    expect(pub.official).toBe(true);
    expect(pub.predictionActual).toBe(2);
    expect(pub.items[0]).toMatchObject({ rank: 1, participantId: b.participantId, district: 'buon-ma-thuot', score: 100, predictionError: 0, prize: 'first', displayName: 'T. T. Bình' });
    expect(pub.items[0].fullName).toBeUndefined();
    expect(pub.items[1]).toMatchObject({ rank: 2, predictionError: 1, durationMs: 15_000, prize: 'second' });

    const districts = await json(w.t.call('GET', `/api/scheduled-contests/${slug}/rankings?scope=district`), 200);
    expect(districts.items).toHaveLength(15);
    expect(districts.items.slice(0, 2).map((u: any) => [u.unitKey, u.prizePoints, u.suppressed])).toEqual([['buon-ma-thuot', 10, true], ['krong-pac', 8, true]]);
    const schools = await json(w.t.call('GET', `/api/scheduled-contests/${slug}/rankings?scope=school`), 200);
    expect(schools.items.map((u: any) => u.name)).toEqual(['THCS Lê Lợi', 'THPT Chu Văn An']);

    const csv = await w.t.call('GET', `/api/scheduled-contests/${slug}/rankings?scope=individual&format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toContain('rank,participantId,district');
    expect(lines).toHaveLength(3);

    const audit = await w.t.call('GET', `/api/scheduled-contests/${slug}/audit.csv`, { headers: w.admin.headers });
    const text = await audit.text();
    expect(text).toContain('prediction_error');
    expect(text).toContain('Trần Thị Bình');
  });
});
