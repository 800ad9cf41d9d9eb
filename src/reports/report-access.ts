import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Principal } from '../auth/auth-service.ts';
import { ApiError } from '../http/errors.ts';

/** Who reads reports: admins, teachers (their own contests) and officials (their region). */
export const REPORT_READERS = ['admin', 'teacher', 'official'] as const;
/** Who groups contests into a series: organisers (teachers: their own contests; province officials: their province) and admins. */
export const SERIES_CREATORS = ['admin', 'teacher', 'official'] as const;

/**
 * What a caller may see of one contest's reports.
 * - `full`: admins, the owning teacher, and officials of the whole province: every district and its schools.
 * - `district`: an official of one district: all districts' aggregates, but schools only of `district`.
 */
export type ReportScope = { level: 'full' } | { level: 'district'; district: string };

export interface ReportContestRow {
  id: string;
  owner_id: string | null;
  region_set: string | null;
}

/** The caller's scope for a contest, or null when the contest is outside it (callers answer 404: no existence hint). */
export async function scopeFor(db: Kysely<Database>, p: Principal, contest: ReportContestRow): Promise<ReportScope | null> {
  if (p.role === 'admin') return { level: 'full' };
  if (p.role === 'teacher') return contest.owner_id !== null && contest.owner_id === p.userId ? { level: 'full' } : null;
  if (p.role !== 'official' || !p.regionCode || !contest.region_set) return null;
  const unit = await db
    .selectFrom('regions')
    .innerJoin('region_sets', 'region_sets.id', 'regions.set_id')
    .select(['regions.level', 'regions.code'])
    .where('region_sets.code', '=', contest.region_set)
    .where('regions.code', '=', p.regionCode)
    .executeTakeFirst();
  if (!unit) return null;
  return unit.level === 'province' ? { level: 'full' } : { level: 'district', district: unit.code };
}

/** The narrowest of several contests' scopes (a series): null if any contest is outside the caller's reach. */
export function combineScopes(scopes: ReadonlyArray<ReportScope | null>): ReportScope | null {
  let out: ReportScope = { level: 'full' };
  for (const s of scopes) {
    if (!s) return null;
    if (s.level === 'district') {
      if (out.level === 'district' && out.district !== s.district) return null;
      out = s;
    }
  }
  return out;
}

/** School detail of `district` is only for scopes that cover it. */
export function assertSchoolAccess(scope: ReportScope, district: string): void {
  if (scope.level === 'district' && scope.district !== district) throw new ApiError(403, 'FORBIDDEN');
}
