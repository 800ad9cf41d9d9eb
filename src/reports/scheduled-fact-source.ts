import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ContestClosedHook } from '../scheduled/context.ts';
import { writeContestFactsWith } from './fact-writer.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Facts of a closed scheduled contest, read from its frozen results: one participant per
 * `scheduled_result_individuals` row (district, school and grade band as registered; the
 * counted, best attempt), one fact per question of that attempt (`question_keys`; a question
 * without a saved answer is unanswered), the answer's correctness, points and time, the chosen
 * option mapped back to the question's own option ids through the attempt's display mapping,
 * competences and difficulty from the bank version, and the number of finished attempts. One
 * INSERT … SELECT: a contest with tens of thousands of attempts is not built in memory.
 * Returns the report contest id, or null when the contest has not closed.
 */
export async function writeScheduledContestFacts(db: Db, scheduledContestId: string): Promise<string | null> {
  const row = await db.selectFrom('scheduled_contests').selectAll().where('id', '=', scheduledContestId).executeTakeFirst();
  if (!row || !row.closed_at) return null;
  const title = row.title.vi || row.title.en;
  return writeContestFactsWith(
    db,
    {
      kind: 'scheduled',
      sourceId: row.slug,
      title,
      ownerId: row.owner_id,
      regionSet: row.region_set,
      bankSlug: row.bank_slug,
      bankVersionId: row.bank_version_id,
      questionCount: row.questions_per_attempt ?? 0,
      unitFormula: 'participation-prizes',
      endedAt: new Date(row.closed_at),
    },
    async (trx, reportId) => {
      await sql`
        insert into report_facts (contest_id, contest_kind, participant_id, question_index, question_key, answered, correct, points, time_ms, choice,
                                  competences, domains, difficulty, district, school, grade_band, attempts, answered_on)
        select ${reportId}::uuid, 'scheduled', r.participant_id::text, (q.pos - 1)::int, q.key,
               a.attempt_id is not null, coalesce(a.correct, false), coalesce(a.points, 0), a.elapsed_ms,
               case a.response->>'type'
                 when 'single_choice' then (t.mappings -> (q.pos - 1)::int) ->> (a.response->>'choice')::int
                 when 'multiple_choice' then (select string_agg((t.mappings -> (q.pos - 1)::int) ->> c::int, '|' order by c::int) from jsonb_array_elements_text(a.response->'choices') c)
                 when 'ordering' then (select string_agg((t.mappings -> (q.pos - 1)::int) ->> o::int, '>' order by i) from jsonb_array_elements_text(a.response->'order') with ordinality e(o, i))
                 when 'true_false' then a.response->>'value'
                 when 'short_answer' then lower(trim(a.response->>'text'))
               end,
               coalesce(v.competences, '{}'),
               coalesce(array(select distinct split_part(c, '.', 1) from unnest(v.competences) c order by 1), '{}'),
               coalesce(v.difficulty, 2), r.district, r.school, r.grade_band, n.attempts,
               (coalesce(a.saved_at, r.submitted_at) at time zone 'Asia/Ho_Chi_Minh')::date
        from scheduled_result_individuals r
        join scheduled_attempts t on t.id = r.attempt_id
        cross join lateral jsonb_array_elements_text(t.question_keys) with ordinality as q(key, pos)
        left join scheduled_answers a on a.attempt_id = r.attempt_id and a.question_key = q.key
        left join bank_version_questions v on v.version_id = ${row.bank_version_id}::uuid and v.key = q.key
        cross join lateral (
          select count(*)::int as attempts from scheduled_attempts x where x.participant_id = r.participant_id and x.ended_at is not null
        ) n
        where r.contest_id = ${row.id}::uuid`.execute(trx);
    },
  );
}

/**
 * The scheduled close step's hook (`scheduled.onContestClosed`): runs inside the close
 * transaction, so the facts and the frozen results commit together or not at all.
 */
export const scheduledContestClosedHook: ContestClosedHook = async (contest, trx) => {
  await writeScheduledContestFacts(trx, contest.id);
};

/** Closed scheduled contests without facts yet (or all closed ones), oldest first. */
export async function scheduledContestsToBackfill(db: Kysely<Database>, all = false): Promise<string[]> {
  let q = db.selectFrom('scheduled_contests').select('id').where('closed_at', 'is not', null).orderBy('closed_at');
  if (!all) q = q.where(sql<boolean>`not exists (select 1 from report_contests rc where rc.kind = 'scheduled' and rc.source_id = scheduled_contests.slug)`);
  return (await q.execute()).map((r) => r.id);
}

