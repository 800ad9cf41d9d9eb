import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The report queries: SQL over the materialised per-contest summaries (and, for
 * figures that cannot be added up across contests such as medians, over
 * report_participants). Every query filters on an indexed contest id list; nothing
 * here reads the live or scheduled answer tables. Shaping, suppression and
 * intervals are in report-views.ts (pure).
 */
type Db = Kysely<Database>;

export interface DistrictFigures {
  district: string;
  participants: number;
  attempts: number;
  enrolment: number | null;
  meanScore: number;
  medianScore: number;
  p90Score: number;
  meanPoints: number;
  completionRate: number;
  collectiveScore: number;
  /** Mean over the contests of each contest's participation rate (series); participants / enrolment for one contest. */
  participationRate: number | null;
}

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** One contest's district figures (its materialised summary). */
export async function contestDistrictFigures(db: Db, contestId: string): Promise<DistrictFigures[]> {
  const rows = await db.selectFrom('report_district_summary').selectAll().where('contest_id', '=', contestId).execute();
  return rows.map((r) => ({
    district: r.district,
    participants: r.participants,
    attempts: r.attempts,
    enrolment: r.enrolment,
    meanScore: r.mean_score,
    medianScore: r.median_score,
    p90Score: r.p90_score,
    meanPoints: r.mean_points,
    completionRate: r.completion_rate,
    collectiveScore: r.collective_score,
    participationRate: r.enrolment ? r.participants / r.enrolment : null,
  }));
}

/** A series' district figures, materialised by `materialiseSeries`. */
export async function seriesDistrictFigures(db: Db, seriesId: string): Promise<DistrictFigures[]> {
  const rows = await db.selectFrom('report_series_district_summary').selectAll().where('series_id', '=', seriesId).execute();
  return rows.map((r) => ({
    district: r.district,
    participants: r.participants,
    attempts: r.attempts,
    enrolment: r.enrolment,
    meanScore: r.mean_score,
    medianScore: r.median_score,
    p90Score: r.p90_score,
    meanPoints: r.mean_points,
    completionRate: r.completion_rate,
    collectiveScore: r.collective_score,
    participationRate: r.participation_rate,
  }));
}

/**
 * (Re)compute a series' per-district figures over all its contests: participants counted once
 * per distinct id, percentiles over every participant × contest score, collective score and
 * participation rate as the mean of the contests' figures.
 */
export async function materialiseSeries(db: Db | Transaction<Database>, seriesId: string): Promise<void> {
  await db.deleteFrom('report_series_district_summary').where('series_id', '=', seriesId).execute();
  await sql`
    insert into report_series_district_summary (series_id, district, participants, attempts, enrolment, mean_score, median_score, p90_score,
                                                mean_points, completion_rate, collective_score, participation_rate)
    with ids as (select contest_id from report_series_contests where series_id = ${seriesId}),
    p as (
      select district, count(distinct participant_id) as participants, sum(attempts) as attempts, avg(score) as mean_score,
             percentile_cont(0.5) within group (order by score) as median_score,
             percentile_cont(0.9) within group (order by score) as p90_score,
             avg(points) as mean_points, avg(completed::int) as completion_rate
      from report_participants where contest_id in (select contest_id from ids) group by district
    ),
    s as (
      select district, max(enrolment) as enrolment, avg(collective_score) as collective_score,
             avg(participants::float8 / nullif(enrolment, 0)) as participation_rate
      from report_district_summary where contest_id in (select contest_id from ids) group by district
    )
    select ${seriesId}::uuid, p.district, p.participants, p.attempts, s.enrolment, p.mean_score, p.median_score, p.p90_score,
           p.mean_points, p.completion_rate, s.collective_score, s.participation_rate
    from p join s using (district)`.execute(db);
}

export interface CompetenceFigures {
  district: string;
  competence: string;
  isDomain: boolean;
  participants: number;
  answers: number;
  correct: number;
}

export async function competenceFigures(db: Db, contestIds: readonly string[]): Promise<CompetenceFigures[]> {
  if (contestIds.length === 0) return [];
  const rows = await db
    .selectFrom('report_competence_summary')
    .select(['district', 'competence', 'is_domain'])
    .select((eb) => [eb.fn.sum<number>('participants').as('participants'), eb.fn.sum<number>('answers').as('answers'), eb.fn.sum<number>('correct').as('correct')])
    .where('contest_id', 'in', contestIds)
    .groupBy(['district', 'competence', 'is_domain'])
    .execute();
  return rows.map((r) => ({ district: r.district, competence: r.competence, isDomain: r.is_domain, participants: num(r.participants), answers: num(r.answers), correct: num(r.correct) }));
}

export interface QuestionFigures {
  district: string;
  questionKey: string;
  questionIndex: number;
  participants: number;
  answered: number;
  correct: number;
  timeSum: number;
  timeN: number;
  topWrongChoice: string | null;
  topWrongCount: number;
}

/** Per question (by key across a series), for one district or the whole contest ('' ). */
export async function questionFigures(db: Db, contestIds: readonly string[], district: string): Promise<QuestionFigures[]> {
  if (contestIds.length === 0) return [];
  const ids = sql.join(contestIds.map((id) => sql`${id}::uuid`));
  const { rows } = await sql<Record<string, unknown>>`
    select question_key, min(question_index) as question_index, sum(participants) as participants, sum(answered) as answered,
           sum(correct) as correct, sum(time_sum) as time_sum, sum(time_n) as time_n,
           (array_agg(top_wrong_choice order by top_wrong_count desc, top_wrong_choice) filter (where top_wrong_choice is not null))[1] as top_wrong_choice,
           max(top_wrong_count) as top_wrong_count
    from report_question_summary
    where contest_id in (${ids}) and district = ${district}
    group by question_key
    order by min(question_index)`.execute(db);
  return rows.map((r) => ({
    district,
    questionKey: String(r.question_key),
    questionIndex: num(r.question_index),
    participants: num(r.participants),
    answered: num(r.answered),
    correct: num(r.correct),
    timeSum: num(r.time_sum),
    timeN: num(r.time_n),
    topWrongChoice: (r.top_wrong_choice as string | null) ?? null,
    topWrongCount: num(r.top_wrong_count),
  }));
}

export interface SchoolFigures {
  school: string | null;
  participants: number;
  attempts: number;
  enrolment: number | null;
  meanScore: number;
  medianScore: number;
  p90Score: number;
  completionRate: number;
}

/** Schools of one district, plus a row (school null) for participants who gave no school. */
export async function schoolFigures(db: Db, contestIds: readonly string[], district: string): Promise<SchoolFigures[]> {
  if (contestIds.length === 0) return [];
  const ids = sql.join(contestIds.map((id) => sql`${id}::uuid`));
  const { rows } = await sql<Record<string, unknown>>`
    with p as (
      select school, count(distinct participant_id) as participants, sum(attempts) as attempts, avg(score) as mean_score,
             percentile_cont(0.5) within group (order by score) as median_score,
             percentile_cont(0.9) within group (order by score) as p90_score, avg(completed::int) as completion_rate
      from report_participants where contest_id in (${ids}) and district = ${district} group by school
    ),
    e as (select school, max(enrolment) as enrolment from report_school_summary where contest_id in (${ids}) and district = ${district} group by school)
    select p.*, e.enrolment from p left join e on e.school = p.school
    order by p.school nulls last`.execute(db);
  return rows.map((r) => ({
    school: (r.school as string | null) ?? null,
    participants: num(r.participants),
    attempts: num(r.attempts),
    enrolment: numOrNull(r.enrolment),
    meanScore: num(r.mean_score),
    medianScore: num(r.median_score),
    p90Score: num(r.p90_score),
    completionRate: num(r.completion_rate),
  }));
}

/** Participants per score band (ten bands of 10 points on the 0–100 score). */
export async function scoreDistribution(db: Db, contestIds: readonly string[], district?: string): Promise<Array<{ from: number; to: number; count: number }>> {
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, count: 0 }));
  if (contestIds.length === 0) return bins;
  let q = db
    .selectFrom('report_participants')
    .select([sql<number>`least(floor(score / 10), 9)::int`.as('bin'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('contest_id', 'in', contestIds);
  if (district) q = q.where('district', '=', district);
  for (const r of await q.groupBy(sql`1`).execute()) {
    const b = bins[Number(r.bin)];
    if (b) b.count = Number(r.n);
  }
  return bins;
}

export interface TrendPoint {
  contestId: string;
  district: string;
  participants: number;
  enrolment: number | null;
  meanScore: number;
}

/** Per contest of a series (in order) and district: the figures a trend line needs. */
export async function trendFigures(db: Db, contestIds: readonly string[]): Promise<TrendPoint[]> {
  if (contestIds.length === 0) return [];
  const rows = await db
    .selectFrom('report_district_summary')
    .select(['contest_id', 'district', 'participants', 'enrolment', 'mean_score'])
    .where('contest_id', 'in', contestIds)
    .execute();
  return rows.map((r) => ({ contestId: r.contest_id, district: r.district, participants: r.participants, enrolment: r.enrolment, meanScore: r.mean_score }));
}

/** The contest before this one in a series it belongs to (the first such series), if any. */
export async function previousInSeries(db: Db, contestId: string): Promise<string | null> {
  const row = await db
    .selectFrom('report_series_contests as cur')
    .innerJoin('report_series_contests as prev', (j) => j.onRef('prev.series_id', '=', 'cur.series_id').onRef('prev.position', '<', 'cur.position'))
    .select('prev.contest_id')
    .where('cur.contest_id', '=', contestId)
    .orderBy('cur.series_id')
    .orderBy('prev.position', 'desc')
    .executeTakeFirst();
  return row?.contest_id ?? null;
}

/** The text of the questions (by key) in the contests' bank versions, in one language (the other when it is empty). */
export async function questionPrompts(db: Db, contestIds: readonly string[], keys: readonly string[], lang: 'vi' | 'en'): Promise<Map<string, string>> {
  if (contestIds.length === 0 || keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('bank_version_questions as q')
    .innerJoin('report_contests as c', 'c.bank_version_id', 'q.version_id')
    .select(['q.key', 'q.body'])
    .where('c.id', 'in', contestIds)
    .where('q.key', 'in', keys)
    .execute();
  const out = new Map<string, string>();
  for (const r of rows) {
    const prompt = (r.body as { prompt?: { vi?: string; en?: string } }).prompt;
    const text = (lang === 'en' ? prompt?.en || prompt?.vi : prompt?.vi || prompt?.en) ?? '';
    if (text && !out.has(r.key)) out.set(r.key, text);
  }
  return out;
}
