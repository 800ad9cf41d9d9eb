import { sql } from 'kysely';
import { stateOf, type ContestRow, type ScheduledContext } from './context.ts';

/** Participants and attempts so far, per district: two grouped queries, no rows loaded. */
export async function contestProgress(ctx: ScheduledContext, row: ContestRow) {
  const [people, attempts, units] = await Promise.all([
    ctx.db
      .selectFrom('scheduled_participants')
      .select(['district', sql<number>`count(*)::int`.as('n')])
      .where('contest_id', '=', row.id)
      .where('merged_into', 'is', null)
      .groupBy('district')
      .execute(),
    ctx.db
      .selectFrom('scheduled_attempts as a')
      .innerJoin('scheduled_participants as p', 'p.id', 'a.participant_id')
      .select([
        'p.district',
        sql<number>`count(*)::int`.as('attempts'),
        sql<number>`count(*) filter (where a.ended_at is null)::int`.as('in_progress'),
        sql<number>`count(*) filter (where a.ended_at is not null)::int`.as('finished'),
      ])
      .where('a.contest_id', '=', row.id)
      .groupBy('p.district')
      .execute(),
    ctx.districts(row.region_set),
  ]);
  const pBy = new Map(people.map((r) => [r.district, Number(r.n)]));
  const aBy = new Map(attempts.map((r) => [r.district, r]));
  const districts = units.map((u) => ({
    code: u.code,
    name: u.name,
    participants: pBy.get(u.code) ?? 0,
    attempts: Number(aBy.get(u.code)?.attempts ?? 0),
    inProgress: Number(aBy.get(u.code)?.in_progress ?? 0),
    finished: Number(aBy.get(u.code)?.finished ?? 0),
  }));
  const sum = (k: 'participants' | 'attempts' | 'inProgress' | 'finished') => districts.reduce((s, d) => s + d[k], 0);
  return {
    contest: row.slug,
    state: stateOf(row, ctx.now()),
    at: new Date(ctx.now()).toISOString(),
    participants: sum('participants'),
    attempts: sum('attempts'),
    inProgress: sum('inProgress'),
    finished: sum('finished'),
    districts,
  };
}
export type ContestProgress = Awaited<ReturnType<typeof contestProgress>>;
