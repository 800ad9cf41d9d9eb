import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Principal } from '../auth/auth-service.ts';
import type { BankService, StoredQuestion } from '../banks/bank-service.ts';
import type { RegionService } from '../regions/region-service.ts';
import { ApiError } from '../http/errors.ts';
import { QuestionSchema } from '../banks/question-schema.ts';
import type { ScheduledContestsTable } from './tables.ts';
import { contestState, type ContestState, type WindowFacts } from './window-state.ts';

/**
 * What every part of the scheduled-contest module shares: its dependencies, the
 * contest row loader and the organiser check. Built once by the composition root.
 */

export type Db = Kysely<Database> | Transaction<Database>;
export type ContestRow = Selectable<ScheduledContestsTable>;

/** Facts the close step hands to hooks. */
export interface ClosedContest {
  id: string;
  slug: string;
  regionSet: string;
  bankSlug: string;
  bankVersion: number;
  closedAt: Date;
}

/**
 * A hook the close step runs inside its transaction, after the results snapshot is
 * written (e.g. the reports module's fact writer). A hook that throws rolls the whole
 * close back, so facts and results never disagree; it is retried at the next close attempt.
 */
export type ContestClosedHook = (contest: ClosedContest, trx: Transaction<Database>) => Promise<void>;

export interface DistrictUnit {
  code: string;
  name: string;
  fullName: string;
  nameEn: string;
  aliases: string[];
}

export interface ScheduledDeps {
  db: Kysely<Database>;
  banks: BankService;
  regions: RegionService;
  secret: string;
  now?: () => number;
  /** Run, in order, inside the close transaction (see ContestClosedHook). Push to it before the server starts. */
  onContestClosed?: ContestClosedHook[];
  /** Told about registrations, attempts and submits (live progress); must not throw. */
  onActivity?: (contestId: string) => void;
}

export interface ScheduledContext {
  db: Kysely<Database>;
  banks: BankService;
  regions: RegionService;
  secret: string;
  now: () => number;
  hooks: ContestClosedHook[];
  activity: (contestId: string) => void;
  /** The contest by slug (404 when missing). */
  contest(slug: string, q?: Db): Promise<ContestRow>;
  /** The contest the caller may organise (404 to others, so drafts are not revealed). */
  organised(p: Principal, slug: string): Promise<ContestRow>;
  mayOrganise(p: Principal, regionSet: string): Promise<boolean>;
  /** The units directly under the province of a region set (districts in 2021), cached briefly. */
  districts(regionSet: string): Promise<DistrictUnit[]>;
  /** A published version's questions by key, cached (versions never change). */
  versionQuestions(versionId: string): Promise<Map<string, StoredQuestion>>;
}

export function windowFacts(row: ContestRow): WindowFacts {
  return {
    draft: row.draft,
    opensAt: new Date(row.opens_at).getTime(),
    closesAt: new Date(row.closes_at).getTime(),
    closedAt: row.closed_at ? new Date(row.closed_at).getTime() : null,
    publishedAt: row.published_at ? new Date(row.published_at).getTime() : null,
  };
}

export function stateOf(row: ContestRow, now: number): ContestState {
  return contestState(windowFacts(row), now);
}

const DISTRICT_CACHE_MS = 60_000;
const VERSION_CACHE_MAX = 32;

export function createScheduledContext(deps: ScheduledDeps): ScheduledContext {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const districtCache = new Map<string, { at: number; units: DistrictUnit[] }>();
  const versionCache = new Map<string, Map<string, StoredQuestion>>();

  const ctx: ScheduledContext = {
    db,
    banks: deps.banks,
    regions: deps.regions,
    secret: deps.secret,
    now,
    hooks: deps.onContestClosed ?? [],
    activity: (id) => {
      try {
        deps.onActivity?.(id);
      } catch {
        /* progress is best effort */
      }
    },
    async contest(slug, q = db) {
      const row = await q.selectFrom('scheduled_contests').selectAll().where('slug', '=', slug).executeTakeFirst();
      if (!row) throw new ApiError(404, 'NOT_FOUND');
      return row;
    },
    async mayOrganise(p, regionSet) {
      if (p.role === 'admin') return true;
      if (p.role !== 'teacher') return false;
      const grant = await db.selectFrom('organiser_grants').select('user_id').where('user_id', '=', p.userId).where('region_set', '=', regionSet).executeTakeFirst();
      return grant !== undefined;
    },
    async organised(p, slug) {
      const row = await db.selectFrom('scheduled_contests').selectAll().where('slug', '=', slug).executeTakeFirst();
      if (!row || !(await ctx.mayOrganise(p, row.region_set))) throw new ApiError(404, 'NOT_FOUND');
      return row;
    },
    async districts(regionSet) {
      const hit = districtCache.get(regionSet);
      if (hit && now() - hit.at < DISTRICT_CACHE_MS) return hit.units;
      const set = await deps.regions.getSet(regionSet);
      const units = set
        ? set.units.filter((u) => u.level !== 'province' && u.parentCode === set.provinceCode).map((u) => ({ code: u.code, name: u.name, fullName: u.fullName, nameEn: u.nameEn, aliases: u.aliases }))
        : [];
      districtCache.set(regionSet, { at: now(), units });
      return units;
    },
    async versionQuestions(versionId) {
      const hit = versionCache.get(versionId);
      if (hit) return hit;
      const rows = await db.selectFrom('bank_version_questions').select(['key', 'body']).where('version_id', '=', versionId).execute();
      const map = new Map(rows.map((r) => [r.key, { ...QuestionSchema.parse(r.body), id: r.key } as StoredQuestion]));
      if (versionCache.size >= VERSION_CACHE_MAX) versionCache.delete(versionCache.keys().next().value as string);
      versionCache.set(versionId, map);
      return map;
    },
  };
  return ctx;
}
