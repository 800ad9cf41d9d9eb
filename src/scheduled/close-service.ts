import { sql } from 'kysely';
import type { Principal } from '../auth/auth-service.ts';
import { ApiError } from '../http/errors.ts';
import { closeOverdueAttempts, endAllOpenAttempts } from './attempt-closer.ts';
import { ANSWER_GRACE_MS } from './attempt-rules.ts';
import { windowFacts, type ContestRow, type ScheduledContext } from './context.ts';
import { predictionActual } from './ranking.ts';
import { contestFormula, contestPrizes, enrolmentFor, liveIndividualsSql, predictionCounts, unitsSql } from './ranking-queries.ts';
import { closeDue } from './window-state.ts';

/**
 * The close step: end every open attempt, freeze the official results (individual,
 * school and district rows) into the scheduled_result_* tables, record the
 * prediction's actual figure, then run the close hooks — all in one transaction.
 * Later changes to accounts, banks, settings or enrolment never alter the snapshot.
 */
export function createContestCloser(ctx: ScheduledContext) {
  const { db } = ctx;

  async function close(contestId: string): Promise<ContestRow> {
    // Region data (enrolment) is read before the transaction: it is not attempts, and the
    // region service has its own connection use.
    const setRow = await db.selectFrom('scheduled_contests').select('region_set').where('id', '=', contestId).executeTakeFirstOrThrow();
    const enrolment = { school: await enrolmentFor(ctx, db, setRow.region_set, 'school'), district: await enrolmentFor(ctx, db, setRow.region_set, 'district') };
    const closed = await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('scheduled_contests').selectAll().where('id', '=', contestId).forUpdate().executeTakeFirstOrThrow();
      if (row.closed_at !== null) return row;
      const now = ctx.now();
      await endAllOpenAttempts(trx, row.id, now);
      const counts = await predictionCounts(trx, row.id);
      const actual = predictionActual(row.prediction.scoredAgainst, counts);
      const prizes = contestPrizes(row);
      const formula = contestFormula(row);
      await sql`
        insert into scheduled_result_individuals (contest_id, participant_id, rank, district_rank, attempt_id, full_name, district, school, school_key, class_name, grade_band,
          score, max_score, correct_count, prediction, prediction_error, duration_ms, submitted_at, prize)
        select ${row.id}, participant_id, rank, district_rank, attempt_id, full_name, district, school, school_key, class_name, grade_band,
          score, max_score, correct_count, prediction, prediction_error, duration_ms, submitted_at, prize
        from (${liveIndividualsSql(row.id, actual, prizes)}) r`.execute(trx);
      const frozen = sql`select * from scheduled_result_individuals where contest_id = ${row.id}`;
      for (const scope of ['school', 'district'] as const) {
        await sql`
          insert into scheduled_result_units (contest_id, scope, unit_key, name, district, participants, enrolment, participation_rate,
            mean_score, median_score, prize_points, collective_score, rank)
          select ${row.id}, ${scope}, unit_key, name, district, participants, enrolment, participation_rate,
            mean_score, median_score, prize_points, collective_score, rank
          from (${unitsSql(frozen, scope, enrolment[scope], formula)}) u`.execute(trx);
      }
      const closedAt = new Date(now);
      const updated = await trx
        .updateTable('scheduled_contests')
        .set({ closed_at: closedAt, prediction_actual: actual })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      for (const hook of ctx.hooks) {
        await hook({ id: row.id, slug: row.slug, regionSet: row.region_set, bankSlug: row.bank_slug, bankVersion: row.bank_version, closedAt }, trx);
      }
      return updated;
    });
    ctx.activity(contestId);
    return closed;
  }

  const closer = {
    /** Close now (organisers; also tests). Idempotent: a closed contest is returned as it is. */
    async closeEarly(p: Principal, slug: string): Promise<ContestRow> {
      const row = await ctx.organised(p, slug);
      if (row.draft && row.closed_at === null && ctx.now() < new Date(row.opens_at).getTime()) throw new ApiError(409, 'CONTEST_NOT_OPEN');
      return close(row.id);
    },

    /** Lazily run the close step when the window (and the answer grace) has passed. */
    async ensureClosed(row: ContestRow): Promise<ContestRow> {
      if (!closeDue(windowFacts(row), ctx.now(), ANSWER_GRACE_MS)) return row;
      // A failing close (a hook down) must not break reads: the window already reads as
      // closed by time, and the sweeper retries the close step.
      return close(row.id).catch(() => row);
    },

    /** Close every contest whose window and grace ended (cheap when none is due: a partial index). */
    async sweepDueContests(): Promise<string[]> {
      const due = await db
        .selectFrom('scheduled_contests')
        .select(['id', 'slug'])
        .where('closed_at', 'is', null)
        .where('closes_at', '<=', new Date(ctx.now() - ANSWER_GRACE_MS))
        .execute();
      const closed: string[] = [];
      for (const c of due) {
        // One contest whose hook fails must not hold up the others; it is retried at the next sweep.
        const ok = await close(c.id).then(() => true, () => false);
        if (ok) closed.push(c.slug);
      }
      return closed;
    },

    /**
     * One sweep: close overdue attempts (in batches) and contests whose window ended.
     * Returns what it did, for logs and tests.
     */
    async sweep(): Promise<{ attempts: number; contests: string[] }> {
      const now = ctx.now();
      const ended = await closeOverdueAttempts(db, now, { limit: 1000 });
      for (const id of new Set(ended.map((e) => e.contest_id))) ctx.activity(id);
      const contests = await closer.sweepDueContests();
      return { attempts: ended.length, contests };
    },
  };
  return closer;
}
export type ContestCloser = ReturnType<typeof createContestCloser>;
