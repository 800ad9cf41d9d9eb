import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { apply } from '../../src/contests/live-machine.ts';
import { createLiveState, type LiveState } from '../../src/contests/live-state.ts';
import { toSnapshot } from '../../src/contests/live-restore.ts';
import { finalResults } from '../../src/contests/final-results.ts';
import { LiveSettingsSchema } from '../../src/contests/settings.ts';
import { liveFacts } from '../../src/reports/live-facts.ts';
import { backfillFacts } from '../../src/reports/backfill.ts';
import { writeLiveContestFacts } from '../../src/reports/live-fact-source.ts';
import { SYSTEM_PRINCIPAL } from '../../src/auth/auth-service.ts';
import { seedAll } from '../../src/seed-all.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { T0, plans } from '../contests/live-helpers.ts';

/**
 * Live contests as facts: a contest is played by the real state machine, stored in the
 * live tables the way the engine stores it, and written by the back-fill. The report's
 * figures must equal the live results endpoint's (the replay of every answer).
 */
const PICK = (id: string) => ({ type: 'single_choice' as const, optionId: id });
const step = (s: LiveState, cmd: Parameters<typeof apply>[1], now: number) => {
  const r = apply(s, cmd, now);
  if (r.error) throw new Error(`${cmd.type}: ${r.error}`);
  return r;
};

interface Played {
  state: LiveState;
  players: Array<{ id: string; district: string; school: string | null; nickname: string }>;
}

/**
 * 13 players from the start (7 + 5 + 1) and a late joiner in a fourth district; question 1 is skipped (voided);
 * answers by a rule: player i is right on question q when (i + q) % 3 !== 0; player 5 never answers.
 */
function play(): Played {
  const state = createLiveState(LiveSettingsSchema.parse({ latencyFair: false, lateJoinUntil: 2 }), plans(4));
  const players: Played['players'] = [];
  const districts = [...Array(7).fill('buon-ma-thuot'), ...Array(5).fill('buon-ho'), 'lak'] as string[];
  districts.forEach((district, i) => {
    const p = { id: randomUUID(), district, school: i % 2 ? 'THCS Nguyễn Du' : null, nickname: `Bạn ${String.fromCharCode(65 + i)}` };
    players.push(p);
    step(state, { type: 'join', playerId: p.id, nickname: p.nickname, district, school: p.school }, 0);
  });
  step(state, { type: 'start' }, T0);
  let now = T0 + 3500;
  const late = { id: randomUUID(), district: 'ea-kar', school: null, nickname: 'Muộn' };
  step(state, { type: 'join', playerId: late.id, nickname: late.nickname, district: late.district }, now);
  players.push(late);
  for (let q = 0; q < 4; q++) {
    if (q === 1) {
      // Skipping voids the question and shows the next one at once.
      step(state, { type: 'skip' }, now);
      continue;
    }
    now = (state.opensAt ?? now) + 1000;
    players.forEach((p, i) => {
      if (i === 5 || (p === late && q === 0)) return;
      const right = (i + q) % 3 !== 0;
      step(state, { type: 'answer', playerId: p.id, questionIndex: q, grade: { correct: right, fraction: right ? 1 : 0 }, response: PICK(right ? 'a' : i % 2 ? 'b' : 'c') }, now + i * 10);
    });
    if (state.phase === 'question') step(state, { type: 'next' }, now + 500);
    now += 5000;
    step(state, { type: 'next' }, now);
  }
  if (state.phase !== 'ended') throw new Error(`not ended: ${state.phase}`);
  return { state, players };
}

/** The newest version of a seeded bank. */
function latestVersion(db: TestApp['runtime']['database']['db'], slug: string) {
  return db
    .selectFrom('bank_versions')
    .innerJoin('banks', 'banks.id', 'bank_versions.bank_id')
    .select(['bank_versions.id', 'bank_versions.version'])
    .where('banks.slug', '=', slug)
    .orderBy('bank_versions.version', 'desc')
    .executeTakeFirstOrThrow();
}

describe('liveFacts (pure)', () => {
  it('writes a fact per owed, played question: voided questions out, late joiners from their first question, silence as unanswered', () => {
    const { state, players } = play();
    const snap = toSnapshot(state);
    const questions = ['k0', 'k1', 'k2', 'k3'].map((key, i) => ({ key, competences: i === 0 ? ['4.2', '4.3'] : ['1.1'], difficulty: 2, gradeBands: ['TC1'] }));
    const facts = liveFacts({
      snapshot: snap,
      questions,
      answers: snap.answers.map((a) => ({ ...a })),
      players: new Map(players.map((p) => [p.id, p])),
      endedAt: new Date('2026-12-06T18:30:00Z'),
    });
    expect(facts.some((f) => f.questionIndex === 1)).toBe(false);
    const late = players[13]!;
    expect(facts.filter((f) => f.participantId === late.id).map((f) => f.questionIndex)).toEqual([2, 3]);
    const silent = facts.filter((f) => f.participantId === players[5]!.id);
    expect(silent.map((f) => [f.questionIndex, f.answered, f.correct, f.timeMs, f.choice])).toEqual([
      [0, false, false, null, null],
      [2, false, false, null, null],
      [3, false, false, null, null],
    ]);
    // 13 players × 3 played questions + the late joiner's 2.
    expect(facts).toHaveLength(13 * 3 + 2);
    // Every question names TC1 only: the contest's grade band; the day is Vietnam's (18:30 UTC is the next day there).
    expect(new Set(facts.map((f) => f.gradeBand))).toEqual(new Set(['TC1']));
    expect(silent[0]!.answeredOn).toBe('2026-12-07');
    expect(facts.find((f) => f.questionIndex === 0 && f.answered)!.competences).toEqual(['4.2', '4.3']);
    // Tallies agree with the machine's.
    for (const q of [0, 2, 3]) {
      const here = facts.filter((f) => f.questionIndex === q);
      expect({ due: here.length, answered: here.filter((f) => f.answered).length, correct: here.filter((f) => f.correct).length }).toEqual({ ...state.tallies[q], voided: undefined });
    }
  });
});

describe('back-fill of ended live contests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedAll(t.runtime);
  }, 120_000);
  afterAll(() => t?.close());

  it('writes facts for an ended contest once, agrees with the live results endpoint, and rewrites on --all', async () => {
    const db = t.runtime.database.db;
    const { state, players } = play();
    const version = await latestVersion(db, 'passwords-accounts');
    const keys = (await db.selectFrom('bank_version_questions').select('key').where('version_id', '=', version.id).orderBy('position').limit(4).execute()).map((r) => r.key);
    const snap = toSnapshot(state, 100_000);
    const { answers, ...rest } = snap;
    const contestId = randomUUID();
    await db
      .insertInto('live_contests')
      .values({
        id: contestId, pin: '7654321', owner_id: null, title: 'Chung kết', bank_slug: 'passwords-accounts', bank_version: version.version, bank_version_id: version.id,
        question_keys: JSON.stringify(keys), settings: JSON.stringify(state.settings), region_set: 'daklak-2021', districts: JSON.stringify([]),
        screen_salt: 'x', seed: 's', phase: 'ended', question_index: 3, state: JSON.stringify(rest), created_at: new Date(), started_at: new Date(), ended_at: new Date('2026-12-01T09:00:00Z'),
      })
      .execute();
    await db
      .insertInto('live_players')
      .values(players.map((p, i) => ({ id: p.id, contest_id: contestId, nickname: p.nickname, nickname_key: p.nickname.toLowerCase(), district: p.district, school: p.school, reconnect_token_hash: randomUUID(), join_order: i })))
      .execute();
    await db
      .insertInto('live_answers')
      .values(answers.map((a) => ({ contest_id: contestId, player_id: a.playerId, question_index: a.questionIndex, answer_id: randomUUID(), response: JSON.stringify(a.response), received_at: new Date(a.receivedAt), rtt_ms: null, elapsed_ms: a.elapsedMs, correct: a.correct, fraction: a.fraction, points: a.points })))
      .execute();

    expect(await backfillFacts(db)).toEqual([{ kind: 'live', written: 1, failed: [] }, { kind: 'scheduled', written: 0, failed: [] }]);
    expect(await backfillFacts(db, { kinds: ['live'] })).toEqual([{ kind: 'live', written: 0, failed: [] }]);
    expect(await backfillFacts(db, { all: true, kinds: ['live'] })).toEqual([{ kind: 'live', written: 1, failed: [] }]);
    const count = await sql<{ n: number }>`select count(*)::int as n from report_facts`.execute(db);
    expect(count.rows[0]!.n).toBe(13 * 3 + 2);

    const results = await t.runtime.services.liveContests.results(SYSTEM_PRINCIPAL, contestId);
    // The results endpoint now reads SQL aggregates and the snapshot's totals; it must equal the replay.
    const replay = finalResults(state);
    expect(results.questions.map(({ id: _id, ...q }) => q)).toEqual(replay.questions);
    expect(results.players.map((p) => [p.rank, p.districtRank, p.nickname, p.points, p.correct, p.answered])).toEqual(replay.players.map((p) => [p.rank, p.districtRank, p.nickname, p.points, p.correctCount, p.answeredCount]));
    expect(results.districts).toEqual(replay.districts);
    const admin = await t.user('admin');
    const res = await t.call('GET', `/api/reports/contests/live/${contestId}/questions`, { headers: admin.headers });
    const questions = ((await res.json()) as { items: Array<{ questionKey: string; prompt: string | null; questionIndex: number; participants: number; answered: number; correctRate: number }> }).items;
    for (const q of results.questions.filter((x) => x.played && !x.voided)) {
      const r = questions.find((x) => x.questionIndex === q.index)!;
      expect({ participants: r.participants, answered: r.answered, correctRate: r.correctRate }).toEqual({ participants: q.due, answered: q.answered, correctRate: Math.round(q.correctRate * 1000) / 10 });
    }
    expect(questions.some((x) => x.questionIndex === 1)).toBe(false);
    // The question text comes from the contest's bank version.
    const texts = await db.selectFrom('bank_version_questions').select(['key', 'body']).where('version_id', '=', version.id).where('key', 'in', keys).execute();
    for (const q of questions) expect(q.prompt).toBe((texts.find((x) => x.key === q.questionKey)!.body as { prompt: { vi: string } }).prompt.vi);
    // Per district: the mean of each player's share of owed questions answered correctly, from the results endpoint's counts.
    const districts = ((await (await t.call('GET', `/api/reports/contests/live/${contestId}/districts`, { headers: admin.headers })).json()) as { items: Array<Record<string, unknown>> }).items;
    const bmt = results.players.filter((p) => p.district === 'buon-ma-thuot');
    const expected = bmt.reduce((s, p) => s + (100 * p.correct) / 3, 0) / bmt.length;
    expect(districts.find((d) => d.district === 'buon-ma-thuot')).toMatchObject({ participants: 7, meanScore: Math.round(expected * 10) / 10, suppressed: false });
    // 1 + 1 participants are suppressed, and together still under 5: the next smallest district (5) goes too.
    for (const d of ['lak', 'ea-kar', 'buon-ho']) expect(districts.find((x) => x.district === d)).toMatchObject({ suppressed: true, participants: null });
    // No nickname leaves the live tables.
    const all = JSON.stringify(districts) + JSON.stringify(questions);
    for (const p of players) expect(all).not.toContain(p.nickname);
  });
  it('writes a large contest 500 players at a time: the same facts as one pure liveFacts over everything', async () => {
    const db = t.runtime.database.db;
    const version = await latestVersion(db, 'passwords-accounts');
    const qrows = await db.selectFrom('bank_version_questions').select(['key', 'competences', 'difficulty', 'grade_bands']).where('version_id', '=', version.id).orderBy('position').limit(4).execute();
    const { tallies } = toSnapshot(play().state); // four questions, the second voided
    const districts = ['buon-ma-thuot', 'buon-ho', 'lak', 'ea-kar'];
    // 1,234 players (three pages): late joiners, eliminated players, silence, a kicked player.
    const snapPlayers = Array.from({ length: 1234 }, (_, i) => ({ id: randomUUID(), firstIndex: i % 9 === 0 ? 2 : 0, eliminatedAt: i % 11 === 0 ? 2 : null }));
    const kicked = snapPlayers[700]!.id;
    const contestId = randomUUID();
    await db
      .insertInto('live_contests')
      .values({
        id: contestId, pin: '7654322', owner_id: null, title: 'Chung kết tỉnh', bank_slug: 'passwords-accounts', bank_version: version.version, bank_version_id: version.id,
        question_keys: JSON.stringify(qrows.map((q) => q.key)), settings: JSON.stringify({}), region_set: 'daklak-2021', districts: JSON.stringify([]),
        screen_salt: 'x', seed: 's', phase: 'ended', question_index: 3, state: JSON.stringify({ players: snapPlayers, tallies }), created_at: new Date(), started_at: new Date(), ended_at: new Date('2026-12-01T09:00:00Z'),
      })
      .execute();
    const rows = snapPlayers.map((p, i) => ({ id: p.id, contest_id: contestId, nickname: `Bạn ${i}`, nickname_key: `ban ${i}`, district: districts[i % 4]!, school: i % 3 ? `THCS ${i % 7}` : null, reconnect_token_hash: randomUUID(), join_order: i, kicked_at: p.id === kicked ? new Date() : null }));
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('live_players').values(rows.slice(i, i + 500)).execute();
    const answers = snapPlayers.flatMap((p, i) =>
      [0, 2, 3]
        .filter((q) => (i + q) % 5 !== 0 && q >= p.firstIndex && (p.eliminatedAt === null || q <= p.eliminatedAt))
        .map((q) => ({ playerId: p.id, questionIndex: q, correct: (i + q) % 3 !== 0, points: (i * 7 + q) % 1000, elapsedMs: 1000 + i, receivedAt: new Date(Date.UTC(2026, 11, 1, 16 + q, i % 60)), response: PICK((i + q) % 3 !== 0 ? 'a' : 'b') })),
    );
    const answerRows = answers.map((a) => ({ contest_id: contestId, player_id: a.playerId, question_index: a.questionIndex, answer_id: randomUUID(), response: JSON.stringify(a.response), received_at: a.receivedAt, rtt_ms: null, elapsed_ms: a.elapsedMs, correct: a.correct, fraction: a.correct ? 1 : 0, points: a.points }));
    for (let i = 0; i < answerRows.length; i += 1000) await db.insertInto('live_answers').values(answerRows.slice(i, i + 1000)).execute();

    const reportId = await writeLiveContestFacts(db, contestId);
    const written = await db.selectFrom('report_facts').select(['participant_id', 'question_index', 'answered', 'correct', 'points', 'time_ms', 'choice', 'district', 'school', sql<string>`answered_on::text`.as('answered_on')]).where('contest_id', '=', reportId!).execute();
    const expected = liveFacts({
      snapshot: { players: snapPlayers, tallies },
      questions: qrows.map((q) => ({ key: q.key, competences: q.competences, difficulty: q.difficulty, gradeBands: q.grade_bands })),
      answers,
      players: new Map(rows.filter((r) => r.kicked_at === null).map((r) => [r.id, { district: r.district, school: r.school }])),
      endedAt: new Date('2026-12-01T09:00:00Z'),
    });
    const key = (f: { participant_id: string; question_index: number }) => `${f.participant_id}:${f.question_index}`;
    const asRows = expected.map((f) => ({ participant_id: f.participantId, question_index: f.questionIndex, answered: f.answered, correct: f.correct, points: f.points, time_ms: f.timeMs, choice: f.choice, district: f.district, school: f.school, answered_on: f.answeredOn }));
    expect(written.length).toBe(asRows.length);
    expect(written.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(asRows.sort((a, b) => key(a).localeCompare(key(b))));
    // Sanity of the set-up: the kicked player is absent; late joiners and eliminated players owe less; answers after 16:59 UTC fall on the next Vietnamese day.
    expect(written.some((f) => f.participant_id === kicked)).toBe(false);
    expect(new Set(written.map((f) => f.participant_id)).size).toBe(1233);
    expect(new Set(written.map((f) => f.answered_on))).toEqual(new Set(['2026-12-01', '2026-12-02']));
  });
});
