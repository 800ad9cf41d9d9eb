import { sql, type RawBuilder } from 'kysely';
import { fold } from '../shared/text.ts';
import type { Db, ContestRow, ScheduledContext } from './context.ts';
import { PrizesSchema, UnitFormulaSchema, type Prizes, type UnitFormula } from './ranking.ts';

/**
 * Ranking queries, run in PostgreSQL (never by loading attempts): the SQL twin of
 * the pure rules in ranking.ts; a test requires both to order crafted ties alike.
 * Indexes: scheduled_attempts_best_idx (best attempt per participant),
 * scheduled_result_individuals_rank_idx / _district_idx and scheduled_result_units_rank_idx
 * (the frozen results).
 */

export interface IndividualRow {
  rank: number;
  /** Rank among the participants of the same district (same order). */
  district_rank: number;
  participant_id: string;
  attempt_id: string;
  full_name: string;
  district: string;
  school: string;
  school_key: string;
  class_name: string | null;
  grade_band: string | null;
  score: number;
  max_score: number;
  correct_count: number;
  prediction: number | null;
  prediction_error: number | null;
  duration_ms: number;
  submitted_at: Date;
  prize: string | null;
}

export interface UnitRow {
  unit_key: string;
  name: string;
  district: string;
  participants: number;
  enrolment: number | null;
  participation_rate: number | null;
  mean_score: number | null;
  median_score: number | null;
  prize_points: number;
  collective_score: number;
  rank: number;
}

/**
 * The figures predictions are scored against, so far (frozen at close): participants who
 * submitted at least one attempt, and how many of them have a full score (best attempt).
 * Attempts closed automatically count for the ranking but not as "submitted".
 */
export async function predictionCounts(q: Db, contestId: string): Promise<{ participants: number; perfectScores: number }> {
  const r = await sql<{ participants: number; perfect: number }>`
    select count(*)::int as participants, count(*) filter (where best = max_score)::int as perfect
    from (select participant_id, max(score) as best, max(max_score) as max_score
          from scheduled_attempts where contest_id = ${contestId} and ended_at is not null group by participant_id
          having bool_or(end_reason = 'submitted')) t`.execute(q);
  const row = r.rows[0];
  return { participants: Number(row?.participants ?? 0), perfectScores: Number(row?.perfect ?? 0) };
}

/**
 * Individual ranking computed from attempts (before the close; the close step stores
 * it). Best attempt per participant: score desc, then the earlier (index-ordered
 * DISTINCT ON); then the official order with its five keys.
 */
export function liveIndividualsSql(contestId: string, actual: number, prizes: Prizes): RawBuilder<IndividualRow> {
  const p1 = prizes.first;
  const p2 = p1 + prizes.second;
  const p3 = p2 + prizes.third;
  const p4 = p3 + prizes.consolation;
  return sql<IndividualRow>`
    select r.*, case when r.rank <= ${p1}::int then 'first' when r.rank <= ${p2}::int then 'second'
                     when r.rank <= ${p3}::int then 'third' when r.rank <= ${p4}::int then 'consolation' end as prize
    from (
      select (row_number() over (order by b.score desc, b.prediction_error asc nulls last, b.duration_ms asc, b.ended_at asc, b.id asc))::int as rank,
             (row_number() over (partition by p.district order by b.score desc, b.prediction_error asc nulls last, b.duration_ms asc, b.ended_at asc, b.id asc))::int as district_rank,
             b.participant_id, b.id as attempt_id, p.full_name, p.district, p.school, p.school_key, p.class_name, p.grade_band,
             b.score, b.max_score, b.correct_count, b.prediction, b.prediction_error, b.duration_ms, b.ended_at as submitted_at
      from (
        select distinct on (a.participant_id) a.participant_id, a.id, a.score, a.max_score, a.correct_count, a.prediction,
               abs(a.prediction - ${actual}::int) as prediction_error, a.duration_ms, a.ended_at
        from scheduled_attempts a
        where a.contest_id = ${contestId} and a.ended_at is not null
        order by a.participant_id, a.score desc, a.ended_at asc, a.id asc
      ) b
      join scheduled_participants p on p.id = b.participant_id
    ) r`;
}

export interface EnrolmentEntry {
  unit_key: string;
  name: string;
  district: string;
  enrolment: number | null;
}

/** Unit key of a school: its district and folded name (the same as `school_key` of participants). */
export const schoolUnitKey = (district: string, schoolKey: string) => `${district}/${schoolKey}`;

/**
 * Unit rows (school or district) from a source of individual rows with prizes:
 * participants, enrolment, participation rate, mean and median score, prize points,
 * the collective score and the rank (collective desc, rate desc, mean desc, key).
 * Districts are listed whole (zero participants included); schools only with participants.
 */
export function unitsSql(source: RawBuilder<unknown>, scope: 'school' | 'district', enrolment: readonly EnrolmentEntry[], formula: UnitFormula): RawBuilder<UnitRow> {
  const key = scope === 'district' ? sql`i.district` : sql`i.district || '/' || i.school_key`;
  const join = scope === 'district' ? sql`enr e full outer join grp g on g.unit_key = e.unit_key` : sql`grp g left join enr e on e.unit_key = g.unit_key`;
  const pp = formula.prizePoints;
  return sql<UnitRow>`
    with ind as (${source}),
    enr as (select * from jsonb_to_recordset(${JSON.stringify(enrolment)}::jsonb) as x(unit_key text, name text, district text, enrolment int)),
    grp as (
      select ${key} as unit_key, min(i.school) as name, min(i.district) as district, count(*)::int as participants,
             avg(i.score)::float8 as mean_score,
             (percentile_cont(0.5) within group (order by i.score))::float8 as median_score,
             sum(case i.prize when 'first' then ${pp.first}::float8 when 'second' then ${pp.second}::float8
                              when 'third' then ${pp.third}::float8 when 'consolation' then ${pp.consolation}::float8 else 0::float8 end)::float8 as prize_points
      from ind i group by 1
    ),
    u as (
      select coalesce(g.unit_key, e.unit_key) as unit_key, coalesce(e.name, g.name) as name, coalesce(g.district, e.district) as district,
             coalesce(g.participants, 0) as participants, e.enrolment,
             case when e.enrolment > 0 then coalesce(g.participants, 0)::float8 * 100 / e.enrolment end as participation_rate,
             g.mean_score, g.median_score, coalesce(g.prize_points, 0::float8) as prize_points
      from ${join}
    ),
    c as (select u.*, (${formula.participationWeight}::float8 * coalesce(u.participation_rate, 0::float8) + u.prize_points)::float8 as collective_score from u)
    select c.*, (row_number() over (order by c.collective_score desc, c.participation_rate desc nulls last, c.mean_score desc nulls last, c.unit_key collate "C"))::int as rank
    from c`;
}

/** Enrolment per unit from the region data (region data, not attempts: a few hundred rows). */
export async function enrolmentFor(ctx: ScheduledContext, q: Db, regionSet: string, scope: 'school' | 'district'): Promise<EnrolmentEntry[]> {
  const districts = await ctx.districts(regionSet);
  if (scope === 'district') {
    const report = await ctx.regions.enrolmentByUnit(regionSet).catch(() => null);
    const byCode = new Map(report?.units.map((u) => [u.code, u.enrolment]) ?? []);
    return districts.map((d) => ({ unit_key: d.code, name: d.name, district: d.code, enrolment: byCode.get(d.code) || null }));
  }
  const rows = await q
    .selectFrom('schools')
    .innerJoin('region_sets', 'region_sets.id', 'schools.set_id')
    .select(['schools.region_code', 'schools.name', sql<number>`sum(schools.enrolment)::int`.as('enrolment')])
    .where('region_sets.code', '=', regionSet)
    .groupBy(['schools.region_code', 'schools.name'])
    .execute();
  const merged = new Map<string, EnrolmentEntry>();
  for (const r of rows) {
    const k = schoolUnitKey(r.region_code, fold(r.name));
    const prev = merged.get(k);
    merged.set(k, { unit_key: k, name: prev?.name ?? r.name, district: r.region_code, enrolment: (prev?.enrolment ?? 0) + Number(r.enrolment) });
  }
  return [...merged.values()];
}

export function contestPrizes(row: ContestRow): Prizes {
  return PrizesSchema.parse(row.prizes ?? {});
}
export function contestFormula(row: ContestRow): UnitFormula {
  return UnitFormulaSchema.parse(row.unit_formula ?? {});
}
