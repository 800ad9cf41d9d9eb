import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { PlayerResponse } from '../banks/responses.ts';
import { ApiError } from '../http/errors.ts';
import { ANSWER_GRACE_MS, POINTS_PER_QUESTION, acceptsAnswers, deadlineFor, durationMs, isOverdue, keysVisibleNow, remainingMs, startRefusal, type AttemptTiming } from './rules.ts';
import { buildAttempt, drawQuestions, gradeResponse, revealOf } from './attempt-engine.ts';
import { closeOverdueAttempts } from './attempt-closer.ts';
import { windowFacts, type Db, type ScheduledContext } from './context.ts';
import type { Participant } from './participant-service.ts';
import type { ContestCloser } from './close-service.ts';

const REFUSAL_STATUS = { CONTEST_NOT_OPEN: 409, CONTEST_CLOSED: 409, NO_ATTEMPTS_LEFT: 409, ATTEMPT_IN_PROGRESS: 409 } as const;

type AttemptRow = {
  id: string;
  contest_id: string;
  participant_id: string;
  attempt_no: number;
  seed: string;
  question_keys: string[];
  mappings: string[][];
  started_at: Date;
  deadline: Date;
  ended_at: Date | null;
  end_reason: string | null;
  prediction: number | null;
  score: number | null;
  max_score: number;
  correct_count: number | null;
  duration_ms: number | null;
};

const timing = (a: AttemptRow): AttemptTiming => ({ startedAt: new Date(a.started_at).getTime(), deadline: new Date(a.deadline).getTime(), endedAt: a.ended_at ? new Date(a.ended_at).getTime() : null });
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Attempts of scheduled contests: start, resume, autosave, submit. */
export function createAttemptService(ctx: ScheduledContext, closer: ContestCloser) {
  const { db } = ctx;

  async function loadAttempt(q: Db, participant: Participant, id: string, lock?: 'update' | 'share'): Promise<AttemptRow> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new ApiError(404, 'NOT_FOUND');
    let query = q.selectFrom('scheduled_attempts').selectAll().where('id', '=', id);
    if (lock === 'update') query = query.forUpdate();
    if (lock === 'share') query = query.forShare();
    const row = (await query.executeTakeFirst()) as AttemptRow | undefined;
    // Another participant's attempt reads as missing: ids are not a credential.
    if (!row || row.participant_id !== participant.id) throw new ApiError(404, 'NOT_FOUND');
    return row;
  }

  /** Lazily close an attempt left open past its deadline; returns the fresh row. */
  async function settle(participant: Participant, row: AttemptRow): Promise<AttemptRow> {
    if (!isOverdue(timing(row), ctx.now())) return row;
    await closeOverdueAttempts(db, ctx.now(), { attemptId: row.id });
    ctx.activity(row.contest_id);
    return loadAttempt(db, participant, row.id);
  }

  function resultOf(a: AttemptRow) {
    if (a.ended_at === null) return null;
    return { score: a.score ?? 0, maxScore: a.max_score, correctCount: a.correct_count ?? 0, durationMs: a.duration_ms ?? 0, submittedAt: iso(a.ended_at)!, endReason: a.end_reason, prediction: a.prediction };
  }

  async function contestOf(a: AttemptRow) {
    return db.selectFrom('scheduled_contests').selectAll().where('id', '=', a.contest_id).executeTakeFirstOrThrow();
  }

  const service = {
    async start(participant: Participant, slug: string) {
      let contest = await ctx.contest(slug);
      if (contest.id !== participant.contestId) throw new ApiError(403, 'FORBIDDEN');
      contest = await closer.ensureClosed(contest);
      const now = ctx.now();
      const p = await db.selectFrom('scheduled_participants').select(['grade_band']).where('id', '=', participant.id).executeTakeFirstOrThrow();
      const facts = windowFacts(contest);
      // The window is checked before eligibility so a closed contest says so.
      const windowRefusal = startRefusal(facts, now, { used: 0, max: 1, inProgress: false });
      if (windowRefusal) throw new ApiError(REFUSAL_STATUS[windowRefusal], windowRefusal);
      if (contest.grade_bands.length > 0 && p.grade_band !== null && !contest.grade_bands.includes(p.grade_band)) {
        throw new ApiError(403, 'NOT_ELIGIBLE', { details: { gradeBands: contest.grade_bands } });
      }
      const byKey = await ctx.versionQuestions(contest.bank_version_id);
      await closeOverdueAttempts(db, now, { contestId: contest.id, limit: 50 });
      const created = await db.transaction().execute(async (trx) => {
        // One start at a time per participant: the row lock serialises double clicks.
        await trx.selectFrom('scheduled_participants').select('id').where('id', '=', participant.id).forUpdate().executeTakeFirst();
        const stats = await trx
          .selectFrom('scheduled_attempts')
          .select([sql<number>`count(*)::int`.as('used'), sql<number>`count(*) filter (where ended_at is null)::int`.as('open'), sql<number>`coalesce(max(attempt_no), 0)::int`.as('last')])
          .where('participant_id', '=', participant.id)
          .executeTakeFirstOrThrow();
        const refusal = startRefusal(facts, now, { used: Number(stats.used), max: contest.max_attempts, inProgress: Number(stats.open) > 0 });
        if (refusal) {
          const open = refusal === 'ATTEMPT_IN_PROGRESS' ? await trx.selectFrom('scheduled_attempts').select('id').where('participant_id', '=', participant.id).where('ended_at', 'is', null).executeTakeFirst() : undefined;
          throw new ApiError(REFUSAL_STATUS[refusal], refusal, open ? { details: { attemptId: open.id } } : {});
        }
        const seed = randomBytes(12).toString('hex');
        const pool = [...byKey.values()];
        const spec = contest.blueprint ? { blueprint: contest.blueprint as never } : { count: contest.questions_per_attempt ?? pool.length };
        const draw = drawQuestions(pool, spec, seed);
        if (!draw.ok) throw new ApiError(422, draw.code, { details: draw.details });
        const { questions, mappings } = buildAttempt(byKey, draw.keys, seed);
        const deadline = deadlineFor(now, contest.attempt_minutes, facts.closesAt);
        const row = await trx
          .insertInto('scheduled_attempts')
          .values({
            contest_id: contest.id,
            participant_id: participant.id,
            attempt_no: Number(stats.last) + 1,
            seed,
            question_keys: JSON.stringify(draw.keys),
            mappings: JSON.stringify(mappings),
            started_at: new Date(now),
            deadline: new Date(deadline),
            max_score: draw.keys.length * POINTS_PER_QUESTION,
          })
          .returning(['id', 'attempt_no'])
          .executeTakeFirstOrThrow();
        return { id: row.id, attemptNo: row.attempt_no, attemptsLeft: contest.max_attempts - Number(stats.used) - 1, questions, deadline: new Date(deadline).toISOString(), startedAt: new Date(now).toISOString(), serverNow: new Date(now).toISOString() };
      });
      ctx.activity(contest.id);
      return created;
    },

    /** Resume after a reload or on another device: the views again, saved answers, time left by the server clock. */
    async get(participant: Participant, id: string) {
      const row = await settle(participant, await loadAttempt(db, participant, id));
      const contest = await contestOf(row);
      const byKey = await ctx.versionQuestions(contest.bank_version_id);
      const { questions } = buildAttempt(byKey, row.question_keys, row.seed);
      const answers = await db.selectFrom('scheduled_answers').select(['question_key', 'response', 'saved_at']).where('attempt_id', '=', row.id).orderBy('position').execute();
      const now = ctx.now();
      const t = timing(row);
      const ended = row.ended_at !== null;
      const showKeys = keysVisibleNow(contest.keys_visible, ended, contest.closed_at !== null);
      return {
        id: row.id,
        contest: contest.slug,
        attemptNo: row.attempt_no,
        state: ended ? ('ended' as const) : ('running' as const),
        questions,
        answers: answers.map((a) => ({ questionId: a.question_key, response: a.response, savedAt: iso(a.saved_at)! })),
        startedAt: iso(row.started_at)!,
        deadline: iso(row.deadline)!,
        serverNow: new Date(now).toISOString(),
        remainingMs: remainingMs(t, now),
        graceMs: ANSWER_GRACE_MS,
        result: resultOf(row),
        keysVisible: contest.keys_visible,
        reveals: showKeys ? row.question_keys.map((k, i) => ({ questionId: k, ...revealOf(byKey.get(k)!, row.mappings[i] ?? []) })) : null,
      };
    },

    /** Autosave one answer: idempotent, last write (by server time) wins, refused after deadline + grace. */
    async saveAnswer(participant: Participant, id: string, questionKey: string, response: PlayerResponse) {
      // Read and grade first (no lock held: the version's questions may need a query of their own).
      const before = await loadAttempt(db, participant, id);
      const position = before.question_keys.indexOf(questionKey);
      if (position < 0) throw new ApiError(404, 'QUESTION_NOT_IN_ATTEMPT');
      const contest = await db.selectFrom('scheduled_contests').select('bank_version_id').where('id', '=', before.contest_id).executeTakeFirstOrThrow();
      const question = (await ctx.versionQuestions(contest.bank_version_id)).get(questionKey)!;
      const g = gradeResponse(question, before.mappings[position] ?? [], response);
      if (!g.ok) throw new ApiError(422, 'INVALID_RESPONSE');
      const outcome = await db.transaction().execute(async (trx) => {
        // FOR SHARE: saves run side by side, but never alongside a submit or close of the attempt.
        const row = await loadAttempt(trx, participant, id, 'share');
        const now = ctx.now();
        if (!acceptsAnswers(timing(row), now)) return { closed: true as const, overdue: isOverdue(timing(row), now), row };
        const savedAt = new Date(now);
        await trx
          .insertInto('scheduled_answers')
          .values({ attempt_id: row.id, question_key: questionKey, position, response: JSON.stringify(response), correct: g.correct, fraction: g.fraction, points: g.points, saved_at: savedAt, elapsed_ms: Math.max(0, now - timing(row).startedAt) })
          .onConflict((oc) =>
            oc
              .columns(['attempt_id', 'question_key'])
              .doUpdateSet((eb) => ({ response: eb.ref('excluded.response'), correct: eb.ref('excluded.correct'), fraction: eb.ref('excluded.fraction'), points: eb.ref('excluded.points'), saved_at: eb.ref('excluded.saved_at'), elapsed_ms: eb.ref('excluded.elapsed_ms') }))
              .where('scheduled_answers.saved_at', '<=', savedAt),
          )
          .execute();
        return { closed: false as const, savedAt, deadline: row.deadline };
      });
      if (outcome.closed) {
        if (outcome.overdue) await settle(participant, outcome.row);
        throw new ApiError(409, 'ATTEMPT_CLOSED');
      }
      return { questionId: questionKey, saved: true, savedAt: outcome.savedAt.toISOString(), deadline: iso(outcome.deadline)!, serverNow: new Date(ctx.now()).toISOString() };
    },

    /** Submit with the prediction; scored on the server from the saved answers. A repeated submit returns the same result. */
    async submit(participant: Participant, id: string, prediction: number) {
      const out = await db.transaction().execute(async (trx) => {
        const row = await loadAttempt(trx, participant, id, 'update');
        const now = ctx.now();
        if (row.ended_at !== null) {
          if (row.end_reason === 'submitted') return { row, fresh: false };
          throw new ApiError(409, 'ATTEMPT_CLOSED');
        }
        if (!acceptsAnswers(timing(row), now)) return { row, overdue: true as const };
        const totals = await trx
          .selectFrom('scheduled_answers')
          .select([sql<number>`coalesce(sum(points), 0)::int`.as('score'), sql<number>`count(*) filter (where correct)::int`.as('correct')])
          .where('attempt_id', '=', row.id)
          .executeTakeFirstOrThrow();
        const updated = (await trx
          .updateTable('scheduled_attempts')
          .set({ ended_at: new Date(now), end_reason: 'submitted', prediction, score: Number(totals.score), correct_count: Number(totals.correct), duration_ms: durationMs(timing(row), now) })
          .where('id', '=', row.id)
          .returningAll()
          .executeTakeFirstOrThrow()) as AttemptRow;
        return { row: updated, fresh: true };
      });
      if ('overdue' in out) {
        await settle(participant, out.row);
        throw new ApiError(409, 'ATTEMPT_CLOSED');
      }
      if (out.fresh) ctx.activity(out.row.contest_id);
      const r = resultOf(out.row)!;
      const contest = await contestOf(out.row);
      let reveals = null;
      if (keysVisibleNow(contest.keys_visible, true, contest.closed_at !== null)) {
        const byKey = await ctx.versionQuestions(contest.bank_version_id);
        reveals = out.row.question_keys.map((k, i) => ({ questionId: k, ...revealOf(byKey.get(k)!, out.row.mappings[i] ?? []) }));
      }
      return { id: out.row.id, score: r.score, maxScore: r.maxScore, correctCount: r.correctCount, durationMs: r.durationMs, submittedAt: r.submittedAt, prediction: out.row.prediction, reveals };
    },

    /** The participant's own attempts (for the result page and "attempts left"). */
    async mine(participant: Participant) {
      const contest = await db.selectFrom('scheduled_contests').select(['slug', 'max_attempts']).where('id', '=', participant.contestId).executeTakeFirstOrThrow();
      await closeOverdueAttempts(db, ctx.now(), { participantId: participant.id });
      const rows = await db.selectFrom('scheduled_attempts').selectAll().where('participant_id', '=', participant.id).orderBy('attempt_no').execute();
      return {
        contest: contest.slug,
        participantId: participant.id,
        district: participant.district,
        maxAttempts: contest.max_attempts,
        attemptsLeft: Math.max(0, contest.max_attempts - rows.length),
        attempts: rows.map((a) => ({ id: a.id, attemptNo: a.attempt_no, startedAt: iso(a.started_at)!, deadline: iso(a.deadline)!, state: a.ended_at ? 'ended' : 'running', result: resultOf(a as AttemptRow) })),
      };
    },
  };
  return service;
}
export type AttemptService = ReturnType<typeof createAttemptService>;
