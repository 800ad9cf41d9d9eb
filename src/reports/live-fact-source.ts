import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LiveSnapshot } from '../contests/live-restore.ts';
import type { OriginalResponse } from '../banks/responses.ts';
import { liveFacts } from './live-facts.ts';
import { writeContestFacts } from './fact-writer.ts';

/**
 * Write the facts of an ended live contest (the live engine calls this once when a
 * contest ends; `civiq reports backfill` calls it for contests that ended earlier).
 * Returns the report contest id, or null when the contest has not ended.
 */
export async function writeLiveContestFacts(db: Kysely<Database>, liveContestId: string): Promise<string | null> {
  const row = await db.selectFrom('live_contests').selectAll().where('id', '=', liveContestId).executeTakeFirst();
  if (!row || row.phase !== 'ended' || !row.state) return null;
  const snapshot = row.state as unknown as LiveSnapshot;
  const [qrows, players, answers] = await Promise.all([
    db.selectFrom('bank_version_questions').select(['key', 'competences', 'difficulty', 'grade_bands']).where('version_id', '=', row.bank_version_id).execute(),
    db.selectFrom('live_players').select(['id', 'district', 'school']).where('contest_id', '=', liveContestId).where('kicked_at', 'is', null).execute(),
    db.selectFrom('live_answers').select(['player_id', 'question_index', 'correct', 'points', 'elapsed_ms', 'received_at', 'response']).where('contest_id', '=', liveContestId).execute(),
  ]);
  const byKey = new Map(qrows.map((q) => [q.key, q]));
  const questions = row.question_keys.map((key) => {
    const q = byKey.get(key);
    return { key, competences: q?.competences ?? [], difficulty: q?.difficulty ?? 2, gradeBands: q?.grade_bands ?? [] };
  });
  const endedAt = row.ended_at ? new Date(row.ended_at) : new Date();
  const facts = liveFacts({
    snapshot,
    questions,
    answers: answers.map((a) => ({ playerId: a.player_id, questionIndex: a.question_index, correct: a.correct, points: a.points, elapsedMs: a.elapsed_ms, receivedAt: a.received_at, response: a.response as OriginalResponse })),
    players: new Map(players.map((p) => [p.id, { district: p.district, school: p.school }])),
    endedAt,
  });
  return writeContestFacts(db, {
    contest: {
      kind: 'live',
      sourceId: row.id,
      title: row.title,
      ownerId: row.owner_id,
      regionSet: row.region_set,
      bankSlug: row.bank_slug,
      bankVersionId: row.bank_version_id,
      questionCount: questions.length,
      unitFormula: 'mean-points',
      endedAt,
    },
    facts,
  });
}

/** Ended live contests without facts yet (or all ended ones with `all`), oldest first. */
export async function liveContestsToBackfill(db: Kysely<Database>, all = false): Promise<string[]> {
  let q = db.selectFrom('live_contests').select('id').where('phase', '=', 'ended').orderBy('ended_at');
  if (!all) q = q.where(sql<boolean>`not exists (select 1 from report_contests rc where rc.kind = 'live' and rc.source_id = live_contests.id::text)`);
  return (await q.execute()).map((r) => r.id);
}
