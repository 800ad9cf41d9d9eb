import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LiveSnapshot } from '../contests/live-restore.ts';
import type { OriginalResponse } from '../banks/responses.ts';
import { liveFacts, type LiveFactPlayer } from './live-facts.ts';
import { insertFactRows, writeContestFactsWith } from './fact-writer.ts';

/** Players per page: each page is two indexed queries, one pure `liveFacts` call and its inserts. */
const PLAYER_PAGE = 500;

/**
 * Write the facts of an ended live contest (the live engine calls this once when a
 * contest ends; `civiq reports backfill` calls it for contests that ended earlier).
 * Returns the report contest id, or null when the contest has not ended.
 *
 * It runs on the node that ran the contest, so it never holds that node's event loop:
 * the snapshot's player list is read as small rows (never the whole state as one JSON
 * value), and the facts are built and written a page of 500 players at a time — at
 * 25,000 players and 10 questions, building 250,000 facts in one go held the loop for
 * most of a second.
 */
export async function writeLiveContestFacts(db: Kysely<Database>, liveContestId: string): Promise<string | null> {
  const row = await db
    .selectFrom('live_contests')
    .select(['id', 'phase', 'title', 'owner_id', 'region_set', 'bank_slug', 'bank_version_id', 'question_keys', 'ended_at', sql<LiveSnapshot['tallies'] | null>`state->'tallies'`.as('tallies')])
    .where('id', '=', liveContestId)
    .executeTakeFirst();
  if (!row || row.phase !== 'ended' || !row.tallies) return null;
  const tallies = row.tallies;
  const qrows = await db.selectFrom('bank_version_questions').select(['key', 'competences', 'difficulty', 'grade_bands']).where('version_id', '=', row.bank_version_id).execute();
  const byKey = new Map(qrows.map((q) => [q.key, q]));
  const questions = row.question_keys.map((key) => {
    const q = byKey.get(key);
    return { key, competences: q?.competences ?? [], difficulty: q?.difficulty ?? 2, gradeBands: q?.grade_bands ?? [] };
  });
  const endedAt = row.ended_at ? new Date(row.ended_at) : new Date();
  const contest = {
    kind: 'live' as const,
    sourceId: row.id,
    title: row.title,
    ownerId: row.owner_id,
    regionSet: row.region_set,
    bankSlug: row.bank_slug,
    bankVersionId: row.bank_version_id,
    questionCount: questions.length,
    unitFormula: 'mean-points' as const,
    endedAt,
  };
  return writeContestFactsWith(db, contest, async (trx, contestId) => {
    const owed = await snapshotPlayers(trx, liveContestId);
    for (let i = 0; i < owed.length; i += PLAYER_PAGE) {
      const page = owed.slice(i, i + PLAYER_PAGE);
      const ids = page.map((p) => p.id);
      const players = await trx.selectFrom('live_players').select(['id', 'district', 'school']).where('id', 'in', ids).where('kicked_at', 'is', null).execute();
      const answers = await trx
        .selectFrom('live_answers')
        .select(['player_id', 'question_index', 'correct', 'points', 'elapsed_ms', 'received_at', 'response'])
        .where('contest_id', '=', liveContestId)
        .where('player_id', 'in', ids)
        .execute();
      const facts = liveFacts({
        snapshot: { players: page, tallies },
        questions,
        answers: answers.map((a) => ({ playerId: a.player_id, questionIndex: a.question_index, correct: a.correct, points: a.points, elapsedMs: a.elapsed_ms, receivedAt: a.received_at, response: a.response as OriginalResponse })),
        players: new Map(players.map((p) => [p.id, { district: p.district, school: p.school }])),
        endedAt,
      });
      await insertFactRows(trx, contestId, 'live', facts);
    }
  });
}

/** The snapshot's players, in their stored order, as the few fields the facts need. */
async function snapshotPlayers(db: Kysely<Database>, liveContestId: string): Promise<LiveFactPlayer[]> {
  const { rows } = await sql<{ id: string; first_index: number | null; eliminated_at: number | null }>`
    select p.value->>'id' as id, (p.value->>'firstIndex')::int as first_index, (p.value->>'eliminatedAt')::int as eliminated_at
    from live_contests c cross join lateral jsonb_array_elements(c.state->'players') with ordinality as p(value, n)
    where c.id = ${liveContestId}
    order by p.n`.execute(db);
  return rows.map((r) => ({ id: r.id, firstIndex: r.first_index ?? 0, eliminatedAt: r.eliminated_at }));
}

/** Ended live contests without facts yet (or all ended ones with `all`), oldest first. */
export async function liveContestsToBackfill(db: Kysely<Database>, all = false): Promise<string[]> {
  let q = db.selectFrom('live_contests').select('id').where('phase', '=', 'ended').orderBy('ended_at');
  if (!all) q = q.where(sql<boolean>`not exists (select 1 from report_contests rc where rc.kind = 'live' and rc.source_id = live_contests.id::text)`);
  return (await q.execute()).map((r) => r.id);
}
