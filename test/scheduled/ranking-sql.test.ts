import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { liveIndividualsSql, unitsSql, enrolmentFor, type IndividualRow } from '../../src/scheduled/ranking-queries.ts';
import {
  bestAttempt, collectiveScore, DEFAULT_UNIT_FORMULA, median, participationRate, predictionError, prizeForRank, prizePoints, rankIndividuals, rankUnits,
} from '../../src/scheduled/ranking.ts';
import { contestBody, createWorld, json, type World } from './helpers.ts';

/**
 * The SQL ranking must order exactly as the pure rules: crafted ties on every key,
 * several attempts per person, then both orders compared row by row.
 */
let w: World;
let contestId: string;
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DISTRICTS = ['buon-ma-thuot', 'ea-kar', 'krong-pac', 'lak'];
type A = { id: string; participant: number; score: number; prediction: number | null; durationMs: number; endedAt: number };
const attempts: A[] = [];
const N = 24;

beforeAll(async () => {
  w = await createWorld({ n: 10 });
  await json(w.t.call('POST', '/api/scheduled-contests', { headers: w.admin.headers, body: contestBody({ slug: 'sql', prizes: { first: 1, second: 2, third: 3, consolation: 4 } }) }), 201);
  const db = w.t.runtime.database.db;
  contestId = (await db.selectFrom('scheduled_contests').select('id').where('slug', '=', 'sql').executeTakeFirstOrThrow()).id;
  await w.t.runtime.services.regions.importEnrolment('daklak-2021', 'region_code,school_name,grade_band,enrolment\nbuon-ma-thuot,THCS A,TC1,40\nea-kar,THCS B,TC1,20\nkrong-pac,THCS C,TC1,10\n', { strict: true });
  // N participants (actual = N) with ties crafted on score, prediction error (both sides), duration, submit time, and id.
  const base = Date.parse('2026-05-21T00:00:00Z');
  let n = 100;
  for (let p = 0; p < N; p++) {
    await db.insertInto('scheduled_participants').values({
      id: uuid(p + 1), contest_id: contestId, full_name: `Thí sinh ${p}`, name_key: `thi sinh ${p}`, date_of_birth: '2000-01-01', school: ['THCS A', 'THCS B', 'THCS C'][p % 3]!, school_key: ['thcs a', 'thcs b', 'thcs c'][p % 3]!,
      district: DISTRICTS[p % 4]!, token_salt: `s${p}`, token_hash: `h${p}`, resume_code_hash: `r${p}`,
    }).execute();
    const tier = p % 6;
    const mk = (score: number, prediction: number | null, durationMs: number, endedAt: number) => attempts.push({ id: uuid(1000 + n--), participant: p, score, prediction, durationMs, endedAt });
    // 0: plain; 1: prediction above vs below the actual (same error); 2: no prediction; 3: same duration; 4: same submit time; 5: identical keys (id decides).
    const score = [80, 80, 80, 60, 60, 60][tier]!;
    const prediction = [N + (p % 3), p % 2 ? N - 2 : N + 2, null, N, N, N][tier]!;
    const duration = [p * 1000, 5000, 5000, 7000, 7000 + (p % 2), 9000][tier]!;
    const ended = [base + p, base + 10, base + 10, base + p, base + 20, base + 30][tier]!;
    mk(score, prediction, duration, ended);
    // A worse attempt, and sometimes an equal later one: neither may count.
    mk(score - 10, N, 1, base - 1);
    if (p % 4 === 0) mk(score, N, 1, ended + 1000);
  }
  await db.insertInto('scheduled_attempts').values(attempts.map((a) => ({
    id: a.id, contest_id: contestId, participant_id: uuid(a.participant + 1), attempt_no: 1, seed: 'x', question_keys: '[]', mappings: '[]',
    started_at: new Date(a.endedAt - a.durationMs), deadline: new Date(a.endedAt + 60_000), ended_at: new Date(a.endedAt), end_reason: 'submitted',
    prediction: a.prediction, score: a.score, max_score: 100, correct_count: a.score / 10, duration_ms: a.durationMs,
  }))).execute();
});
afterAll(() => w.t.close());

function pureIndividuals() {
  const byPerson = new Map<number, A[]>();
  for (const a of attempts) byPerson.set(a.participant, [...(byPerson.get(a.participant) ?? []), a]);
  const entries = [...byPerson.entries()].map(([p, list]) => {
    const best = bestAttempt(list)!;
    return { participantId: uuid(p + 1), attemptId: best.id, score: best.score, predictionError: predictionError(best.prediction, N), durationMs: best.durationMs, submittedAt: best.endedAt, district: DISTRICTS[p % 4]!, schoolKey: ['thcs a', 'thcs b', 'thcs c'][p % 3]! };
  });
  return rankIndividuals(entries).map((e) => ({ ...e, prize: prizeForRank(e.rank, { first: 1, second: 2, third: 3, consolation: 4 }) }));
}

describe('SQL ranking = pure ranking', () => {
  it('orders individuals alike, with the same deciding keys and prizes', async () => {
    const rows = (await sql<IndividualRow>`select * from (${liveIndividualsSql(contestId, N, { first: 1, second: 2, third: 3, consolation: 4 })}) r order by rank`.execute(w.t.runtime.database.db)).rows;
    const pure = pureIndividuals();
    expect(rows.map((r) => [r.rank, r.participant_id, r.attempt_id, r.score, r.prediction_error, r.duration_ms, new Date(r.submitted_at).getTime(), r.prize])).toEqual(
      pure.map((e) => [e.rank, e.participantId, e.attemptId, e.score, e.predictionError, e.durationMs, e.submittedAt, e.prize]),
    );
    // The crafted ties really are ties up to the last key somewhere.
    const keys = pure.map((e) => `${e.score}|${e.predictionError}|${e.durationMs}|${e.submittedAt}`);
    expect(new Set(keys).size).toBeLessThan(keys.length);
  });

  it('orders units alike, with participation rate, mean, median, prize points and the collective score', async () => {
    const db = w.t.runtime.database.db;
    const pure = pureIndividuals();
    const source = liveIndividualsSql(contestId, N, { first: 1, second: 2, third: 3, consolation: 4 });
    for (const scope of ['district', 'school'] as const) {
      const enrolment = await enrolmentFor(w.t.runtime.services.scheduled.ctx, db, 'daklak-2021', scope);
      const rows = (await sql<any>`select * from (${unitsSql(source, scope, enrolment, DEFAULT_UNIT_FORMULA)}) u order by rank`.execute(db)).rows;
      const keyOf = (e: (typeof pure)[number]) => (scope === 'district' ? e.district : `${e.district}/${e.schoolKey}`);
      const groups = new Map<string, typeof pure>();
      for (const e of pure) groups.set(keyOf(e), [...(groups.get(keyOf(e)) ?? []), e]);
      if (scope === 'district') for (const u of enrolment) if (!groups.has(u.unit_key)) groups.set(u.unit_key, []);
      const units = [...groups.entries()].map(([unitKey, members]) => {
        const enr = enrolment.find((u) => u.unit_key === unitKey)?.enrolment ?? null;
        const rate = participationRate(members.length, enr);
        const counts = { first: 0, second: 0, third: 0, consolation: 0 } as Record<string, number>;
        for (const m of members) if (m.prize) counts[m.prize]!++;
        const points = prizePoints(counts, DEFAULT_UNIT_FORMULA);
        const scores = members.map((m) => m.score);
        return { unitKey, participants: members.length, participationRate: rate, meanScore: scores.length ? scores.reduce((s, x) => s + x, 0) / scores.length : null, medianScore: median(scores), prizePoints: points, collectiveScore: collectiveScore(rate, points, DEFAULT_UNIT_FORMULA) };
      });
      const ranked = rankUnits(units);
      expect(rows.map((r) => [r.rank, r.unit_key, r.participants, r.participation_rate, r.mean_score, r.median_score, r.prize_points, r.collective_score]), scope).toEqual(
        ranked.map((u) => [u.rank, u.unitKey, u.participants, u.participationRate, u.meanScore, u.medianScore, u.prizePoints, u.collectiveScore]),
      );
    }
  });

  it('the close step freezes exactly the live order', async () => {
    const live = await json(w.t.call('GET', '/api/scheduled-contests/sql/rankings?scope=individual&limit=5', { headers: w.admin.headers }), 200);
    expect(live.total).toBe(N);
    expect(live.items).toHaveLength(5);
    w.clock.set('2026-05-20T02:00:00Z');
    await json(w.t.call('POST', '/api/scheduled-contests/sql/close', { headers: w.admin.headers }), 200);
    const frozen = await json(w.t.call('GET', '/api/scheduled-contests/sql/rankings?scope=individual&limit=100', { headers: w.admin.headers }), 200);
    expect(frozen.official).toBe(true);
    expect(frozen.items.map((r: any) => [r.rank, r.participantId, r.prize])).toEqual(pureIndividuals().map((e) => [e.rank, e.participantId, e.prize]));
    const eaKar = await json(w.t.call('GET', '/api/scheduled-contests/sql/rankings?scope=individual&district=ea-kar', { headers: w.admin.headers }), 200);
    expect(eaKar.items.every((r: any) => r.district === 'ea-kar')).toBe(true);
    expect(eaKar.items.map((r: any) => r.districtRank)).toEqual(eaKar.items.map((_: unknown, i: number) => i + 1));
  });
});
