import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { domainsOf, type ContestFacts, type ContestRecord, type FactRow } from './facts.ts';
import { materialiseSeries } from './report-queries.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Prize points per overall place for the 'participation-prizes' unit formula (first 10, next five 8, …). */
export const PRIZE_TIERS: ReadonlyArray<{ upTo: number; points: number }> = [
  { upTo: 1, points: 10 },
  { upTo: 6, points: 8 },
  { upTo: 16, points: 6 },
  { upTo: 36, points: 4 },
];

const CHUNK = 1000;

/**
 * Write one contest's facts and materialise its summaries, all in one transaction:
 * a rewrite (back-fill run twice, a contest closed again) replaces the old rows, so
 * readers never see half a contest. Returns the report contest id.
 */
export async function writeContestFacts(db: Db, input: ContestFacts): Promise<string> {
  return writeContestFactsWith(db, input.contest, (trx, contestId) => insertFactRows(trx, contestId, input.contest.kind, input.facts));
}

/**
 * The same, with the facts inserted by `fill` (e.g. one INSERT … SELECT from the source
 * tables, for contests too large to build row by row in memory). Inside a caller's
 * transaction (the scheduled close step runs its hooks in its own) it writes there;
 * otherwise it opens one.
 */
export async function writeContestFactsWith(db: Db, contest: ContestRecord, fill: (trx: Db, contestId: string) => Promise<void>): Promise<string> {
  const run = async (trx: Db) => {
    const contestId = await upsertContest(trx, contest);
    await clearContest(trx, contestId);
    await fill(trx, contestId);
    await materialiseSummaries(trx, contestId);
    // Series that hold this contest: their figures change with it.
    const series = await trx.selectFrom('report_series_contests').select('series_id').where('contest_id', '=', contestId).execute();
    for (const s of series) await materialiseSeries(trx, s.series_id);
    return contestId;
  };
  if (db.isTransaction) return run(db);
  return db.transaction().execute(run);
}

/** Insert fact rows of one contest, 1,000 per statement (a `fill` of `writeContestFactsWith` may call it page by page). */
export async function insertFactRows(trx: Db, contestId: string, kind: ContestRecord['kind'], facts: readonly FactRow[]): Promise<void> {
  for (let i = 0; i < facts.length; i += CHUNK) {
    await trx
      .insertInto('report_facts')
      .values(
        facts.slice(i, i + CHUNK).map((f) => ({
          contest_id: contestId,
          contest_kind: kind,
          participant_id: f.participantId,
          question_index: f.questionIndex,
          question_key: f.questionKey,
          answered: f.answered,
          correct: f.correct,
          points: f.points,
          time_ms: f.timeMs,
          choice: f.choice,
          competences: f.competences,
          domains: domainsOf(f.competences),
          difficulty: f.difficulty,
          district: f.district,
          school: f.school,
          grade_band: f.gradeBand,
          attempts: f.attempts,
          answered_on: f.answeredOn,
        })),
      )
      .execute();
  }
}

async function upsertContest(trx: Db, c: ContestRecord): Promise<string> {
  const values = {
    kind: c.kind,
    source_id: c.sourceId,
    title: c.title,
    owner_id: c.ownerId,
    region_set: c.regionSet,
    bank_slug: c.bankSlug,
    bank_version_id: c.bankVersionId,
    question_count: c.questionCount,
    unit_formula: c.unitFormula,
    ended_at: c.endedAt,
    facts_written_at: new Date(),
  };
  const row = await trx
    .insertInto('report_contests')
    .values(values)
    .onConflict((oc) => oc.columns(['kind', 'source_id']).doUpdateSet(({ ref }) => ({
      title: ref('excluded.title'),
      owner_id: ref('excluded.owner_id'),
      region_set: ref('excluded.region_set'),
      bank_slug: ref('excluded.bank_slug'),
      bank_version_id: ref('excluded.bank_version_id'),
      question_count: ref('excluded.question_count'),
      unit_formula: ref('excluded.unit_formula'),
      ended_at: ref('excluded.ended_at'),
      facts_written_at: ref('excluded.facts_written_at'),
    })))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const SUMMARY_TABLES = ['report_question_summary', 'report_competence_summary', 'report_school_summary', 'report_district_summary', 'report_participants', 'report_facts'] as const;

async function clearContest(trx: Db, contestId: string): Promise<void> {
  for (const t of SUMMARY_TABLES) await trx.deleteFrom(t).where('contest_id', '=', contestId).execute();
}

/**
 * The per-contest summaries, computed in SQL from the contest's facts (window functions
 * and ordered-set aggregates; nothing is loaded into memory). Enrolment is taken from the
 * region data at this moment, so a report does not change when the enrolment CSV is
 * re-imported next year. Exported for the benchmark, which generates facts in SQL.
 */
export async function materialiseSummaries(trx: Db, contestId: string): Promise<void> {
  const contest = await trx.selectFrom('report_contests').select(['region_set', 'unit_formula']).where('id', '=', contestId).executeTakeFirstOrThrow();
  for (const t of SUMMARY_TABLES.slice(0, 5)) await trx.deleteFrom(t).where('contest_id', '=', contestId).execute();

  await sql`
    insert into report_participants (contest_id, participant_id, district, school, grade_band, attempts, due, answered, correct, points, score, completed)
    select contest_id, participant_id, min(district), min(school), min(grade_band), max(attempts), count(*),
           count(*) filter (where answered), count(*) filter (where correct), sum(points),
           100.0 * count(*) filter (where correct) / count(*), bool_and(answered)
    from report_facts where contest_id = ${contestId}
    group by contest_id, participant_id`.execute(trx);

  // Schools (and their enrolment) of the contest's region set, limited to the contest's grade bands when it has any.
  const enrolment = sql`
    select s.region_code, r.parent_code, s.name, s.enrolment
    from schools s
    join region_sets rs on rs.id = s.set_id
    join regions r on r.set_id = s.set_id and r.code = s.region_code
    where rs.code = ${contest.region_set}
      and (s.grade_band is null
           or not exists (select 1 from report_participants bp where bp.contest_id = ${contestId} and bp.grade_band is not null)
           or s.grade_band in (select distinct grade_band from report_participants bp where bp.contest_id = ${contestId}))`;

  const tiers = PRIZE_TIERS.map((t) => sql`when place <= ${t.upTo} then ${t.points}`);
  await sql`
    insert into report_district_summary (contest_id, district, participants, attempts, enrolment, mean_score, median_score, p90_score, mean_points, completion_rate, collective_score, rank)
    with p as (
      select *, row_number() over (order by score desc, points desc, participant_id) as place
      from report_participants where contest_id = ${contestId}
    ),
    e as materialized (select region_code, parent_code, enrolment from (${enrolment}) x),
    d as (
      select district, count(*)::int as participants, sum(attempts)::int as attempts,
             avg(score) as mean_score,
             percentile_cont(0.5) within group (order by score) as median_score,
             percentile_cont(0.9) within group (order by score) as p90_score,
             avg(points) as mean_points, avg(completed::int) as completion_rate,
             coalesce(sum(case ${sql.join(tiers, sql` `)} else 0 end), 0) as prize_points,
             (select sum(e.enrolment) from e where e.region_code = p.district or e.parent_code = p.district)::int as enrolment
      from p group by district
    ),
    c as (
      select *, case when ${contest.unit_formula} = 'mean-points' then mean_points
                     else coalesce(100.0 * participants / nullif(enrolment, 0), 0) + prize_points end as collective_score
      from d
    )
    select ${contestId}::uuid, district, participants, attempts, enrolment, mean_score, median_score, p90_score, mean_points, completion_rate, collective_score,
           rank() over (order by collective_score desc)
    from c`.execute(trx);

  await sql`
    insert into report_school_summary (contest_id, district, school, participants, attempts, enrolment, mean_score, median_score, p90_score, completion_rate)
    with e as materialized (select region_code, parent_code, name, enrolment from (${enrolment}) x)
    select ${contestId}::uuid, district, school, count(*), sum(attempts), 
           (select sum(e.enrolment) from e where e.name = p.school and (e.region_code = p.district or e.parent_code = p.district))::int,
           avg(score), percentile_cont(0.5) within group (order by score), percentile_cont(0.9) within group (order by score), avg(completed::int)
    from report_participants p where contest_id = ${contestId} and school is not null
    group by district, school`.execute(trx);

  await sql`
    insert into report_competence_summary (contest_id, district, competence, is_domain, participants, answers, correct)
    select ${contestId}::uuid, district, code, false, count(distinct participant_id), count(*), count(*) filter (where correct)
    from report_facts, unnest(competences) as code
    where contest_id = ${contestId} group by district, code
    union all
    select ${contestId}::uuid, district, code, true, count(distinct participant_id), count(*), count(*) filter (where correct)
    from report_facts, unnest(domains) as code
    where contest_id = ${contestId} group by district, code`.execute(trx);

  // Per question, overall ('') and per district, with the most chosen wrong option: one pass over the facts.
  await sql`
    insert into report_question_summary (contest_id, district, question_index, question_key, participants, answered, correct, time_sum, time_n, top_wrong_choice, top_wrong_count)
    with f as materialized (
      select district, question_key, question_index, answered, correct, time_ms, choice from report_facts where contest_id = ${contestId}
    ),
    q as (
      select coalesce(district, '') as d, question_key, min(question_index) as qi, count(*) as participants, count(*) filter (where answered) as answered,
             count(*) filter (where correct) as correct, coalesce(sum(time_ms) filter (where answered), 0) as time_sum, count(time_ms) filter (where answered) as time_n
      from f group by grouping sets ((district, question_key), (question_key))
    ),
    w as (
      select coalesce(district, '') as d, question_key, choice, count(*) as n
      from f where answered and not correct and choice is not null
      group by grouping sets ((district, question_key, choice), (question_key, choice))
    ),
    top as (select distinct on (d, question_key) d, question_key, choice, n from w order by d, question_key, n desc, choice)
    select ${contestId}::uuid, q.d, q.qi, q.question_key, q.participants, q.answered, q.correct, q.time_sum, q.time_n, top.choice, coalesce(top.n, 0)
    from q left join top on top.d = q.d and top.question_key = q.question_key`.execute(trx);
}
