import { sql, type RawBuilder } from 'kysely';
import type { Principal } from '../auth/auth-service.ts';
import { ApiError } from '../http/errors.ts';
import type { ContestCloser } from './close-service.ts';
import type { ContestRow, ScheduledContext } from './context.ts';
import { predictionActual } from './ranking.ts';
import { contestFormula, contestPrizes, enrolmentFor, liveIndividualsSql, predictionCounts, unitsSql, type IndividualRow, type UnitRow } from './ranking-queries.ts';

/** Cells under this many participants are suppressed in public cross-unit views. */
export const MIN_PUBLIC_CELL = 5;

export type RankingScope = 'individual' | 'school' | 'district';

/** Children's data stays minimal in public: "Nguyễn Văn An" is shown as "N. V. An". */
export function publicName(fullName: string): string {
  const words = fullName.trim().split(/\s+/u);
  if (words.length <= 1) return words[0] ?? '';
  const given = words[words.length - 1] as string;
  return [...words.slice(0, -1).map((w) => `${Array.from(w)[0] ?? ''}.`), given].join(' ');
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function createRankingsService(ctx: ScheduledContext, closer: ContestCloser) {
  const { db } = ctx;

  /** Before the close: computed live from attempts (organisers only); after: the frozen tables. */
  async function individualSource(row: ContestRow): Promise<RawBuilder<IndividualRow>> {
    if (row.closed_at) return sql<IndividualRow>`select * from scheduled_result_individuals where contest_id = ${row.id}`;
    const actual = predictionActual(row.prediction.scoredAgainst, await predictionCounts(db, row.id));
    return liveIndividualsSql(row.id, actual, contestPrizes(row));
  }

  async function access(p: Principal | null, slug: string) {
    let row = await ctx.contest(slug);
    row = await closer.ensureClosed(row);
    const organiser = p !== null && (await ctx.mayOrganise(p, row.region_set));
    if (!organiser) {
      if (row.draft) throw new ApiError(404, 'NOT_FOUND');
      if (!row.published_at) throw new ApiError(403, 'RANKINGS_NOT_PUBLISHED');
    }
    return { row, organiser };
  }

  async function individuals(row: ContestRow, opts: { district?: string | undefined; limit: number; offset: number }) {
    if (row.closed_at) {
      // The frozen table: one index range scan per page (rank or district + rank), and a count.
      let q = db.selectFrom('scheduled_result_individuals').where('contest_id', '=', row.id);
      if (opts.district) q = q.where('district', '=', opts.district);
      const [rows, count] = await Promise.all([
        q.selectAll().orderBy('rank').limit(opts.limit).offset(opts.offset).execute(),
        q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows: rows as unknown as IndividualRow[], total: Number(count.n) };
    }
    const src = await individualSource(row);
    const where = opts.district ? sql`where r.district = ${opts.district}` : sql``;
    const rows = await sql<IndividualRow & { total: number }>`
      select r.*, (count(*) over ())::int as total
      from (${src}) r ${where} order by r.rank limit ${opts.limit} offset ${opts.offset}`.execute(db);
    const total = rows.rows[0]?.total ?? (await sql<{ n: number }>`select count(*)::int as n from (${src}) r ${where}`.execute(db)).rows[0]?.n ?? 0;
    return { rows: rows.rows, total: Number(total) };
  }

  async function units(row: ContestRow, scope: 'school' | 'district', district: string | undefined) {
    const src = await individualSource(row);
    let rows: UnitRow[];
    if (row.closed_at) {
      rows = (await db.selectFrom('scheduled_result_units').selectAll().where('contest_id', '=', row.id).where('scope', '=', scope).orderBy('rank').execute()) as UnitRow[];
    } else {
      const enrolment = await enrolmentFor(ctx, db, row.region_set, scope);
      rows = (await sql<UnitRow>`select * from (${unitsSql(src, scope, enrolment, contestFormula(row))}) u order by u.rank`.execute(db)).rows;
    }
    return district ? rows.filter((u) => u.district === district) : rows;
  }

  const service = {
    async rankings(p: Principal | null, slug: string, q: { scope: RankingScope; district?: string | undefined; limit: number; offset: number }) {
      const { row, organiser } = await access(p, slug);
      const meta = { contest: row.slug, scope: q.scope, official: row.closed_at !== null, published: row.published_at !== null, predictionActual: row.closed_at ? row.prediction_actual : null };
      if (q.scope === 'individual') {
        const { rows, total } = await individuals(row, q);
        return {
          ...meta,
          total,
          items: rows.map((r) => ({
            rank: r.rank,
            participantId: r.participant_id,
            district: r.district,
            districtRank: r.district_rank,
            school: r.school,
            ...(organiser ? { fullName: r.full_name, className: r.class_name, attemptId: r.attempt_id } : { displayName: publicName(r.full_name) }),
            score: r.score,
            maxScore: r.max_score,
            correctCount: r.correct_count,
            prediction: r.prediction,
            predictionError: r.prediction_error,
            durationMs: r.duration_ms,
            submittedAt: iso(r.submitted_at),
            prize: r.prize,
          })),
        };
      }
      const rows = await units(row, q.scope, q.district);
      const items = rows.map((u) => {
        const suppressed = !organiser && u.participants > 0 && u.participants < MIN_PUBLIC_CELL;
        return {
          rank: u.rank,
          unitKey: u.unit_key,
          name: u.name,
          district: u.district,
          participants: u.participants,
          enrolment: u.enrolment,
          participationRate: u.participation_rate,
          meanScore: suppressed ? null : u.mean_score,
          medianScore: suppressed ? null : u.median_score,
          prizePoints: u.prize_points,
          collectiveScore: u.collective_score,
          suppressed,
        };
      });
      return { ...meta, total: items.length, items };
    },

    /** Every ranking row with the keys that decided it (organisers). */
    async audit(p: Principal, slug: string) {
      const row = await ctx.organised(p, slug);
      const closedRow = await closer.ensureClosed(row);
      const ind = await individuals(closedRow, { limit: 10_000_000, offset: 0 });
      const school = await units(closedRow, 'school', undefined);
      const district = await units(closedRow, 'district', undefined);
      return { row: closedRow, individuals: ind.rows, school, district };
    },
  };
  return service;
}
export type RankingsService = ReturnType<typeof createRankingsService>;
