import { sql } from 'kysely';
import type { Principal } from '../auth/auth-service.ts';
import { ApiError } from '../http/errors.ts';
import type { ScheduledContext } from './context.ts';

/**
 * Registrations that look like one person twice (same normalised name, date of birth
 * and school) are flagged at registration and wait here for an organiser: merge
 * (the later registration's attempts move to the earlier one, its token keeps
 * working as the earlier one) or dismiss. Never merged silently.
 */
export function createDuplicatesService(ctx: ScheduledContext) {
  const { db } = ctx;

  return {
    async list(p: Principal, slug: string, status: 'open' | 'merged' | 'dismissed' | 'all') {
      const contest = await ctx.organised(p, slug);
      const rows = await db
        .selectFrom('scheduled_duplicates as d')
        .innerJoin('scheduled_participants as a', 'a.id', 'd.participant_id')
        .innerJoin('scheduled_participants as b', 'b.id', 'd.duplicate_of')
        .select([
          'd.id', 'd.status', 'd.created_at', 'd.decided_at',
          'a.id as a_id', 'a.full_name as a_name', 'a.school as a_school', 'a.district as a_district', 'a.class_name as a_class', 'a.created_at as a_at',
          sql<string | null>`to_char(a.date_of_birth, 'YYYY-MM-DD')`.as('a_dob'),
          'b.id as b_id', 'b.full_name as b_name', 'b.school as b_school', 'b.district as b_district', 'b.class_name as b_class', 'b.created_at as b_at',
          sql<string | null>`to_char(b.date_of_birth, 'YYYY-MM-DD')`.as('b_dob'),
          sql<number>`(select count(*)::int from scheduled_attempts x where x.participant_id = a.id)`.as('a_attempts'),
          sql<number>`(select count(*)::int from scheduled_attempts x where x.participant_id = b.id)`.as('b_attempts'),
        ])
        .where('d.contest_id', '=', contest.id)
        .$if(status !== 'all', (q) => q.where('d.status', '=', status as 'open'))
        .orderBy('d.created_at')
        .limit(1000)
        .execute();
      const who = (id: string, name: string, dob: string | null, school: string, district: string, cls: string | null, at: Date, attempts: number) => ({
        participantId: id, fullName: name, dateOfBirth: dob, school, district, className: cls, registeredAt: new Date(at).toISOString(), attempts: Number(attempts),
      });
      return {
        items: rows.map((r) => ({
          id: r.id,
          status: r.status,
          flaggedAt: new Date(r.created_at).toISOString(),
          decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
          participant: who(r.a_id, r.a_name, r.a_dob, r.a_school, r.a_district, r.a_class, r.a_at, r.a_attempts),
          duplicateOf: who(r.b_id, r.b_name, r.b_dob, r.b_school, r.b_district, r.b_class, r.b_at, r.b_attempts),
        })),
      };
    },

    async decide(p: Principal, slug: string, id: string, decision: 'merge' | 'dismiss') {
      const contest = await ctx.organised(p, slug);
      return db.transaction().execute(async (trx) => {
        const dup = await trx.selectFrom('scheduled_duplicates').selectAll().where('id', '=', id).where('contest_id', '=', contest.id).forUpdate().executeTakeFirst();
        if (!dup) throw new ApiError(404, 'NOT_FOUND');
        if (dup.status !== 'open') throw new ApiError(409, 'DUPLICATE_DECIDED');
        if (decision === 'merge') {
          if (contest.closed_at) throw new ApiError(409, 'CONTEST_CLOSED');
          // The kept registration is the earlier one; if it was itself merged, follow to where it went.
          const target = await trx.selectFrom('scheduled_participants').select(['id', 'merged_into']).where('id', '=', dup.duplicate_of).executeTakeFirstOrThrow();
          const keep = target.merged_into ?? target.id;
          const last = await trx.selectFrom('scheduled_attempts').select(sql<number>`coalesce(max(attempt_no), 0)::int`.as('n')).where('participant_id', '=', keep).executeTakeFirstOrThrow();
          await sql`update scheduled_attempts set participant_id = ${keep}, attempt_no = attempt_no + ${Number(last.n)} where participant_id = ${dup.participant_id}`.execute(trx);
          await trx.updateTable('scheduled_participants').set({ merged_into: keep }).where((eb) => eb.or([eb('id', '=', dup.participant_id), eb('merged_into', '=', dup.participant_id)])).execute();
        }
        const decided = await trx
          .updateTable('scheduled_duplicates')
          .set({ status: decision === 'merge' ? 'merged' : 'dismissed', decided_by: p.via === 'system' ? null : p.userId, decided_at: new Date(ctx.now()) })
          .where('id', '=', id)
          .returning(['id', 'status'])
          .executeTakeFirstOrThrow();
        return { id: decided.id, status: decided.status };
      });
    },
  };
}
export type DuplicatesService = ReturnType<typeof createDuplicatesService>;
