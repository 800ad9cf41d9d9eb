import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { PlayerResponse } from '../banks/responses.ts';
import { ApiError } from '../http/errors.ts';
import { acceptsAnswers, ANSWER_GRACE_MS, POINTS_PER_QUESTION } from './attempt-rules.ts';
import { buildAttempt, drawQuestions, gradeResponse, revealOf } from './attempt-engine.ts';
import type { ScheduledContext } from './context.ts';

/**
 * Solo practice on a public bank: the same attempt engine as contests, timed or
 * untimed, the explanation after each answer, a summary by competence at the end.
 * Nothing personal is stored (no name, no token, no address); attempts are purged
 * after PRACTICE_TTL_MS by the sweeper. The attempt id (a random uuid) is the only handle.
 */

export const PRACTICE_TTL_MS = 24 * 60 * 60 * 1000;

export const PracticeStartSchema = z
  .object({
    questionCount: z.number().int().min(1).max(100).default(10),
    /** Minutes for the whole attempt; absent or null: untimed. */
    minutes: z.number().int().min(1).max(180).nullable().default(null),
  })
  .strict();

type StoredAnswer = { response: PlayerResponse; correct: boolean; points: number };

export function createPracticeService(ctx: ScheduledContext) {
  const { db } = ctx;

  async function publicVersion(bank: string) {
    const row = await db
      .selectFrom('banks')
      .innerJoin('bank_versions', 'bank_versions.bank_id', 'banks.id')
      .select(['banks.slug', 'banks.title', 'bank_versions.id as version_id', 'bank_versions.version'])
      .where('banks.slug', '=', bank)
      .where('banks.visibility', '=', 'public')
      .where('banks.archived_at', 'is', null)
      .orderBy('bank_versions.version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) throw new ApiError(404, 'NOT_FOUND');
    return row;
  }

  async function load(id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new ApiError(404, 'NOT_FOUND');
    const row = await db.selectFrom('practice_attempts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new ApiError(404, 'NOT_FOUND');
    return row;
  }

  function timing(row: { started_at: Date; deadline: Date | null; ended_at: Date | null }) {
    return { startedAt: new Date(row.started_at).getTime(), deadline: row.deadline ? new Date(row.deadline).getTime() : Number.MAX_SAFE_INTEGER, endedAt: row.ended_at ? new Date(row.ended_at).getTime() : null };
  }

  async function summary(row: Awaited<ReturnType<typeof load>>) {
    const byKey = await ctx.versionQuestions(row.bank_version_id);
    const answers = row.answers as Record<string, StoredAnswer>;
    const competences = new Map<string, { competence: string; questions: number; answered: number; correct: number }>();
    let score = 0;
    let correct = 0;
    for (const key of row.question_keys) {
      const a = answers[key];
      if (a) {
        score += a.points;
        if (a.correct) correct++;
      }
      for (const c of byKey.get(key)?.competences ?? []) {
        const s = competences.get(c) ?? { competence: c, questions: 0, answered: 0, correct: 0 };
        s.questions++;
        if (a) s.answered++;
        if (a?.correct) s.correct++;
        competences.set(c, s);
      }
    }
    return { score, maxScore: row.question_keys.length * POINTS_PER_QUESTION, correctCount: correct, answered: Object.keys(answers).length, byCompetence: [...competences.values()].sort((x, y) => x.competence.localeCompare(y.competence)) };
  }

  return {
    async start(bank: string, input: z.infer<typeof PracticeStartSchema>) {
      const v = await publicVersion(bank);
      const byKey = await ctx.versionQuestions(v.version_id);
      const seed = randomBytes(12).toString('hex');
      const draw = drawQuestions([...byKey.values()], { count: Math.min(input.questionCount, byKey.size) }, seed);
      if (!draw.ok) throw new ApiError(422, draw.code, { details: draw.details });
      const { questions, mappings } = buildAttempt(byKey, draw.keys, seed);
      const now = ctx.now();
      const deadline = input.minutes === null ? null : new Date(now + input.minutes * 60_000);
      const row = await db
        .insertInto('practice_attempts')
        .values({ bank_slug: v.slug, bank_version: v.version, bank_version_id: v.version_id, seed, question_keys: JSON.stringify(draw.keys), mappings: JSON.stringify(mappings), answers: '{}', started_at: new Date(now), deadline })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, bank: v.slug, title: v.title, version: v.version, questions, deadline: deadline?.toISOString() ?? null, serverNow: new Date(now).toISOString() };
    },

    async get(id: string) {
      const row = await load(id);
      const byKey = await ctx.versionQuestions(row.bank_version_id);
      const { questions } = buildAttempt(byKey, row.question_keys, row.seed);
      const answers = row.answers as Record<string, StoredAnswer>;
      const ended = row.ended_at !== null || !acceptsAnswers(timing(row), ctx.now(), ANSWER_GRACE_MS);
      return {
        id: row.id,
        bank: row.bank_slug,
        questions,
        answers: row.question_keys.filter((k) => answers[k]).map((k) => ({ questionId: k, response: answers[k]!.response, correct: answers[k]!.correct, reveal: revealOf(byKey.get(k)!, row.mappings[row.question_keys.indexOf(k)] ?? []) })),
        deadline: row.deadline ? new Date(row.deadline).toISOString() : null,
        serverNow: new Date(ctx.now()).toISOString(),
        state: ended ? 'ended' : 'running',
        summary: ended ? await summary(row) : null,
      };
    },

    /** Answer one question; the reveal (key, explanation, feedback) comes back at once. */
    async answer(id: string, questionKey: string, response: PlayerResponse) {
      const row = await load(id);
      if (!acceptsAnswers(timing(row), ctx.now(), ANSWER_GRACE_MS)) throw new ApiError(409, 'ATTEMPT_CLOSED');
      const position = row.question_keys.indexOf(questionKey);
      if (position < 0) throw new ApiError(404, 'QUESTION_NOT_IN_ATTEMPT');
      const answers = row.answers as Record<string, StoredAnswer>;
      if (answers[questionKey]) throw new ApiError(409, 'ALREADY_ANSWERED');
      const byKey = await ctx.versionQuestions(row.bank_version_id);
      const question = byKey.get(questionKey)!;
      const mapping = row.mappings[position] ?? [];
      const g = gradeResponse(question, mapping, response);
      if (!g.ok) throw new ApiError(422, 'INVALID_RESPONSE');
      const entry: StoredAnswer = { response, correct: g.correct, points: g.points };
      // jsonb_set keeps concurrent answers to other questions (no read-modify-write of the whole object).
      await db
        .updateTable('practice_attempts')
        .set({ answers: sql<string>`jsonb_set(answers, array[${questionKey}]::text[], ${JSON.stringify(entry)}::jsonb)` })
        .where('id', '=', id)
        .execute();
      return { questionId: questionKey, correct: g.correct, points: g.points, reveal: revealOf(question, mapping) };
    },

    /** End the attempt; the summary by competence. */
    async finish(id: string) {
      const row = await load(id);
      const ended = row.ended_at ?? new Date(ctx.now());
      const updated = await db.updateTable('practice_attempts').set({ ended_at: ended }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      return { id, ...(await summary(updated)) };
    },

    /** Purge practice attempts older than a day (run by the sweeper). */
    async purge(): Promise<number> {
      const r = await db.deleteFrom('practice_attempts').where('started_at', '<', new Date(ctx.now() - PRACTICE_TTL_MS)).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
export type PracticeService = ReturnType<typeof createPracticeService>;
