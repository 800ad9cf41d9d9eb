import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClosedContest } from '../../src/scheduled/context.ts';
import { OPENS, contestBody, createWorld, json, register, takeAttempt, type World } from './helpers.ts';

/** The close step's hook port, as the reports module will use it: a fact writer inside the close transaction. */
let w: World;
const seen: Array<{ contest: ClosedContest; facts: unknown[] }> = [];
let fail = true;

beforeAll(async () => {
  w = await createWorld();
  w.t.runtime.services.scheduled.onContestClosed.push(async (contest, trx) => {
    // Per participant and question: correct, points, time, competences, district, school, grade band.
    const facts = await sql`
      select p.id as participant, w.question_key, w.correct, w.points, w.elapsed_ms, q.competences, p.district, p.school, p.grade_band
      from scheduled_result_individuals r
      join scheduled_answers w on w.attempt_id = r.attempt_id
      join scheduled_participants p on p.id = r.participant_id
      join scheduled_contests c on c.id = r.contest_id
      join bank_version_questions q on q.version_id = c.bank_version_id and q.key = w.question_key
      where r.contest_id = ${contest.id} order by p.id, w.position`.execute(trx);
    if (fail) throw new Error('fact writer down');
    seen.push({ contest, facts: facts.rows });
  });
  await json(w.t.call('POST', '/api/scheduled-contests', { headers: w.admin.headers, body: contestBody() }), 201);
});
afterAll(() => w.t.close());

describe('onContestClosed hooks', () => {
  it('run inside the close transaction: a failing hook rolls the close back; the next close runs it again with the frozen results', async () => {
    const a = await register(w, 'thi-an-toan-mang');
    w.clock.set(OPENS);
    await takeAttempt(w, 'thi-an-toan-mang', a.headers, 6);
    const r = await w.t.call('POST', '/api/scheduled-contests/thi-an-toan-mang/close', { headers: w.admin.headers });
    expect(r.status).toBe(500);
    const still = await json(w.t.call('GET', '/api/scheduled-contests/thi-an-toan-mang', { headers: w.admin.headers }), 200);
    expect(still.closedAt).toBeNull();
    expect(await w.t.runtime.database.db.selectFrom('scheduled_result_individuals').select('rank').execute()).toEqual([]);

    fail = false;
    const closed = await json(w.t.call('POST', '/api/scheduled-contests/thi-an-toan-mang/close', { headers: w.admin.headers }), 200);
    expect(closed.state).toBe('closed');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.contest).toMatchObject({ slug: 'thi-an-toan-mang', regionSet: 'daklak-2021', bankSlug: 'an-toan-mang', bankVersion: 1 });
    expect(seen[0]!.facts).toHaveLength(10);
    expect(seen[0]!.facts.filter((f: any) => f.correct)).toHaveLength(6);
    expect(seen[0]!.facts[0]).toMatchObject({ participant: a.participantId, district: 'krong-pac', school: 'THPT Chu Văn An', competences: expect.any(Array) });
    // Closing again is a no-op: hooks run once per contest.
    await json(w.t.call('POST', '/api/scheduled-contests/thi-an-toan-mang/close', { headers: w.admin.headers }), 200);
    expect(seen).toHaveLength(1);
  });
});
