import { sql } from 'kysely';
import type { Db } from './context.ts';
import { ANSWER_GRACE_MS } from './attempt-rules.ts';

/**
 * Ends open attempts in SQL, scoring them with what was saved: used by the sweeper,
 * lazily on read, and by the contest's close step. The duration rule is the same as
 * `durationMs` in attempt-rules.ts: start to end, never past the deadline.
 */

/** Close attempts whose deadline plus grace passed before `now` (optionally one attempt or one contest). */
export async function closeOverdueAttempts(q: Db, now: number, scope: { attemptId?: string; contestId?: string; participantId?: string; limit?: number } = {}) {
  const cutoff = new Date(now - ANSWER_GRACE_MS);
  const ids = q
    .selectFrom('scheduled_attempts')
    .select('id')
    .where('ended_at', 'is', null)
    .where('deadline', '<', cutoff)
    .$if(scope.attemptId !== undefined, (b) => b.where('id', '=', scope.attemptId!))
    .$if(scope.contestId !== undefined, (b) => b.where('contest_id', '=', scope.contestId!))
    .$if(scope.participantId !== undefined, (b) => b.where('participant_id', '=', scope.participantId!))
    .limit(scope.limit ?? 1000);
  return endAttempts(q, ids, sql`a.deadline`, sql`'deadline'`);
}

/** The close step: every attempt still open ends now (or at its deadline if that came first). */
export async function endAllOpenAttempts(q: Db, contestId: string, now: number) {
  const at = new Date(now);
  const ids = q.selectFrom('scheduled_attempts').select('id').where('contest_id', '=', contestId).where('ended_at', 'is', null);
  return endAttempts(q, ids, sql`least(a.deadline, ${at}::timestamptz)`, sql`case when a.deadline <= ${at}::timestamptz then 'deadline' else 'contest_closed' end`);
}

async function endAttempts(q: Db, ids: { compile(): unknown } & object, endExpr: ReturnType<typeof sql>, reasonExpr: ReturnType<typeof sql>) {
  const result = await sql<{ id: string; contest_id: string }>`
    update scheduled_attempts a set
      ended_at = ${endExpr},
      end_reason = ${reasonExpr},
      score = coalesce((select sum(w.points) from scheduled_answers w where w.attempt_id = a.id), 0),
      correct_count = coalesce((select count(*) from scheduled_answers w where w.attempt_id = a.id and w.correct), 0),
      duration_ms = greatest(0, round(extract(epoch from (least(${endExpr}, a.deadline) - a.started_at)) * 1000))::int
    where a.id in (${ids as never}) and a.ended_at is null
    returning a.id, a.contest_id`.execute(q);
  return result.rows;
}
