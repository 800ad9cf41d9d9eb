import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICE_TTL_MS } from '../../src/scheduled/practice-service.ts';
import { createWorld, json, rightIndex, wrongIndex, type World } from './helpers.ts';

let w: World;
beforeAll(async () => {
  w = await createWorld({ visibility: 'public', n: 8 });
});
afterAll(() => w.t.close());

const code = async (res: Promise<Response>, status: number) => {
  const r = await res;
  const body = await r.json();
  expect(r.status, JSON.stringify(body)).toBe(status);
  return body.error.code as string;
};

describe('solo practice', () => {
  it('untimed: keys hidden until answered, the explanation after each answer, a summary by competence', async () => {
    const s = await json(w.t.call('POST', `/api/practice/${w.bank}/attempts`, { body: { questionCount: 4 } }), 201);
    expect(s.questions).toHaveLength(4);
    expect(s.deadline).toBeNull();
    expect(JSON.stringify(s)).not.toMatch(/"answer"|"explanation"|Giải thích/);
    const [q1, q2] = s.questions;
    const a1 = await json(w.t.call('PUT', `/api/practice-attempts/${s.id}/answers/${q1.id}`, { body: { response: { type: 'single_choice', choice: rightIndex(q1.view) } } }), 200);
    expect(a1).toMatchObject({ correct: true, points: 10, reveal: { correct: [rightIndex(q1.view)], explanation: { vi: expect.stringContaining('Giải thích') } } });
    const a2 = await json(w.t.call('PUT', `/api/practice-attempts/${s.id}/answers/${q2.id}`, { body: { response: { type: 'single_choice', choice: wrongIndex(q2.view) } } }), 200);
    expect(a2.correct).toBe(false);
    expect(await code(w.t.call('PUT', `/api/practice-attempts/${s.id}/answers/${q1.id}`, { body: { response: { type: 'single_choice', choice: 0 } } }), 409)).toBe('ALREADY_ANSWERED');
    const resumed = await json(w.t.call('GET', `/api/practice-attempts/${s.id}`), 200);
    expect(resumed.answers.map((a: any) => a.questionId)).toEqual([q1.id, q2.id]);
    expect(resumed.state).toBe('running');
    const sum = await json(w.t.call('POST', `/api/practice-attempts/${s.id}/finish`), 200);
    expect(sum).toMatchObject({ score: 10, maxScore: 40, correctCount: 1, answered: 2 });
    expect(sum.byCompetence.reduce((n: number, c: any) => n + c.questions, 0)).toBe(4);
    expect(sum.byCompetence.reduce((n: number, c: any) => n + c.correct, 0)).toBe(1);
    expect(await code(w.t.call('PUT', `/api/practice-attempts/${s.id}/answers/${s.questions[2].id}`, { body: { response: { type: 'single_choice', choice: 0 } } }), 409)).toBe('ATTEMPT_CLOSED');
  });

  it('timed: answers refused after the time (plus grace); stores nothing personal and is purged after a day', async () => {
    const s = await json(w.t.call('POST', `/api/practice/${w.bank}/attempts`, { body: { questionCount: 2, minutes: 1 } }), 201);
    expect(Date.parse(s.deadline) - Date.parse(s.serverNow)).toBe(60_000);
    w.clock.advance(60_000 + 5_001);
    expect(await code(w.t.call('PUT', `/api/practice-attempts/${s.id}/answers/${s.questions[0].id}`, { body: { response: { type: 'single_choice', choice: 0 } } }), 409)).toBe('ATTEMPT_CLOSED');
    expect((await json(w.t.call('GET', `/api/practice-attempts/${s.id}`), 200)).state).toBe('ended');
    const cols = Object.keys((await w.t.runtime.database.db.selectFrom('practice_attempts').selectAll().executeTakeFirstOrThrow()) as object);
    expect(cols.sort()).toEqual(['answers', 'bank_slug', 'bank_version', 'bank_version_id', 'deadline', 'ended_at', 'id', 'mappings', 'question_keys', 'seed', 'started_at']);
    w.clock.advance(PRACTICE_TTL_MS);
    expect(await w.t.runtime.services.scheduled.practice.purge()).toBe(2);
    expect(await code(w.t.call('GET', `/api/practice-attempts/${s.id}`), 404)).toBe('NOT_FOUND');
  });

  it('only public banks; the body is optional', async () => {
    const s = await json(w.t.call('POST', `/api/practice/${w.bank}/attempts`), 201);
    expect(s.questions).toHaveLength(8);
    await json(w.t.call('PATCH', `/api/banks/${w.bank}`, { headers: w.admin.headers, body: { visibility: 'private' } }), 200);
    expect(await code(w.t.call('POST', `/api/practice/${w.bank}/attempts`, { body: {} }), 404)).toBe('NOT_FOUND');
    expect(await code(w.t.call('POST', '/api/practice/khong-co/attempts', { body: {} }), 404)).toBe('NOT_FOUND');
  });
});
