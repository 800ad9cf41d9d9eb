import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import type { Principal } from '../auth/auth-service.ts';
import { ApiError } from '../http/errors.ts';
import type { Language } from '../shared/localized.ts';
import { assertSchoolAccess, combineScopes, scopeFor, type ReportScope } from './report-access.ts';
import { competenceFigures, contestDistrictFigures, materialiseSeries, previousInSeries, questionPrompts, seriesDistrictFigures, questionFigures, schoolFigures, scoreDistribution, trendFigures } from './report-queries.ts';
import { competenceItems, districtItems, questionItems, schoolItems, suppressedDistricts, trendItems, type DistrictItem, type TrendContest, type UnitName } from './report-views.ts';
import type { ContestKind } from './tables.ts';

/** What a report is about: one contest, or the contests of a series (in order). */
export interface ReportSubject {
  kind: 'contest' | 'series';
  id: string;
  title: string;
  regionSet: string | null;
  contests: TrendContest[];
  scope: ReportScope;
}

export const SeriesCreateSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    /** Exactly these contests, in this order. */
    contests: z.array(z.object({ kind: z.enum(['live', 'scheduled']), id: z.string().min(1).max(100) })).min(1).max(100).optional(),
    /** Or every finished contest of a region set in a period (ended_at within [from, to]). */
    regionSet: z.string().max(64).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  })
  .strict()
  .refine((b) => (b.contests ? b.regionSet === undefined && b.from === undefined && b.to === undefined : b.regionSet !== undefined), {
    message: 'give either contests, or regionSet with an optional from/to period',
    path: ['contests'],
  });
export type SeriesCreate = z.infer<typeof SeriesCreateSchema>;

export type ReportService = ReturnType<typeof createReportService>;

export function createReportService(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  const contestRow = (kind: ContestKind, sourceId: string) =>
    db.selectFrom('report_contests').select(['id', 'kind', 'source_id', 'title', 'owner_id', 'region_set', 'ended_at']).where('kind', '=', kind).where('source_id', '=', sourceId).executeTakeFirst();

  const toTrendContest = (r: { id: string; kind: string; source_id: string; title: string; ended_at: Date }): TrendContest => ({ id: r.id, kind: r.kind, sourceId: r.source_id, title: r.title, endedAt: new Date(r.ended_at).toISOString() });

  async function units(regionSet: string | null, lang: Language): Promise<UnitName[]> {
    if (!regionSet) return [];
    const rows = await db
      .selectFrom('regions')
      .innerJoin('region_sets', 'region_sets.id', 'regions.set_id')
      .select(['regions.code', 'regions.name', 'regions.name_en', 'regions.level', 'regions.parent_code', 'regions.position'])
      .where('region_sets.code', '=', regionSet)
      .orderBy('regions.position')
      .execute();
    const province = rows.find((r) => r.level === 'province')?.code ?? null;
    return rows.filter((r) => r.level !== 'province' && r.parent_code === province).map((r) => ({ code: r.code, name: lang === 'en' ? r.name_en : r.name }));
  }

  const service = {
    /** One contest's report subject, or 404 when it has no facts or is outside the caller's scope. */
    async contest(p: Principal, kind: ContestKind, sourceId: string): Promise<ReportSubject> {
      const row = await contestRow(kind, sourceId);
      const scope = row ? await scopeFor(db, p, row) : null;
      if (!row || !scope) throw new ApiError(404, 'NOT_FOUND');
      return { kind: 'contest', id: row.id, title: row.title, regionSet: row.region_set, contests: [toTrendContest(row)], scope };
    },

    async series(p: Principal, seriesId: string): Promise<ReportSubject> {
      if (!z.uuid().safeParse(seriesId).success) throw new ApiError(404, 'NOT_FOUND');
      const series = await db.selectFrom('report_series').selectAll().where('id', '=', seriesId).executeTakeFirst();
      if (!series) throw new ApiError(404, 'NOT_FOUND');
      const rows = await db
        .selectFrom('report_series_contests as sc')
        .innerJoin('report_contests as c', 'c.id', 'sc.contest_id')
        .select(['c.id', 'c.kind', 'c.source_id', 'c.title', 'c.owner_id', 'c.region_set', 'c.ended_at'])
        .where('sc.series_id', '=', seriesId)
        .orderBy('sc.position')
        .execute();
      const scope = rows.length === 0 ? null : combineScopes(await Promise.all(rows.map((r) => scopeFor(db, p, r))));
      // Readable by whoever may read every contest in it, in the narrowest of their scopes.
      if (!scope) throw new ApiError(404, 'NOT_FOUND');
      return { kind: 'series', id: series.id, title: series.title, regionSet: series.region_set, contests: rows.map(toTrendContest), scope };
    },

    async districts(s: ReportSubject, lang: Language): Promise<DistrictItem[]> {
      const figures = s.kind === 'series' ? await seriesDistrictFigures(db, s.id) : await contestDistrictFigures(db, s.contests[0]!.id);
      let previous = null;
      if (s.kind === 'contest') {
        const prevId = await previousInSeries(db, s.contests[0]!.id);
        if (prevId) previous = await contestDistrictFigures(db, prevId);
      }
      return districtItems(await units(s.regionSet, lang), figures, previous);
    },

    async competences(s: ReportSubject, lang: Language, level: 'domain' | 'component' | 'all') {
      const ids = s.contests.map((c) => c.id);
      const [u, figures, districts] = await Promise.all([units(s.regionSet, lang), competenceFigures(db, ids), service.districts(s, lang)]);
      const items = competenceItems(u, figures, suppressedDistricts(districts), lang);
      return level === 'all' ? items : items.filter((i) => i.isDomain === (level === 'domain'));
    },

    async questions(s: ReportSubject, lang: Language, district: string | undefined) {
      const ids = s.contests.map((c) => c.id);
      const figures = await questionFigures(db, ids, district ?? '');
      const hidden = district ? suppressedDistricts(await service.districts(s, lang)).has(district) : false;
      const prompts = await questionPrompts(db, ids, figures.map((f) => f.questionKey), lang);
      return questionItems(figures, district ?? null, hidden, prompts);
    },

    async schools(s: ReportSubject, district: string) {
      assertSchoolAccess(s.scope, district);
      return schoolItems(district, await schoolFigures(db, s.contests.map((c) => c.id), district));
    },

    async distribution(s: ReportSubject) {
      return scoreDistribution(db, s.contests.map((c) => c.id));
    },

    async trend(s: ReportSubject, lang: Language) {
      const ids = s.contests.map((c) => c.id);
      return trendItems(await units(s.regionSet, lang), s.contests, await trendFigures(db, ids));
    },

    /** Finished contests and series the caller may open (the dashboard's choices). */
    async available(p: Principal) {
      const contests = await db.selectFrom('report_contests').select(['id', 'kind', 'source_id', 'title', 'owner_id', 'region_set', 'ended_at']).orderBy('ended_at', 'desc').limit(500).execute();
      const visible = [];
      for (const c of contests) {
        const scope = await scopeFor(db, p, c);
        if (scope) visible.push({ kind: c.kind, id: c.source_id, title: c.title, regionSet: c.region_set, endedAt: new Date(c.ended_at).toISOString(), scope: scope.level, ...(scope.level === 'district' ? { district: scope.district } : {}) });
      }
      const series = await db.selectFrom('report_series').select(['id', 'title', 'region_set', 'created_at']).orderBy('created_at', 'desc').limit(200).execute();
      const visibleSeries = [];
      for (const s of series) {
        const subject = await service.series(p, s.id).catch(() => null);
        if (subject) visibleSeries.push({ id: s.id, title: s.title, regionSet: s.region_set, contests: subject.contests.length, scope: subject.scope.level });
      }
      return { contests: visible, series: visibleSeries };
    },

    /** Group contests into a series (organisers: their own contests; province officials: their province; admins: any). */
    async createSeries(p: Principal, body: SeriesCreate) {
      let rows: Array<{ id: string; kind: ContestKind; source_id: string; owner_id: string | null; region_set: string | null }>;
      if (body.contests) {
        rows = [];
        const missing: Array<{ kind: string; id: string }> = [];
        for (const c of body.contests) {
          const row = await contestRow(c.kind, c.id);
          const scope = row ? await scopeFor(db, p, row) : null;
          if (!row || !scope || scope.level !== 'full') missing.push(c);
          else rows.push(row);
        }
        if (missing.length > 0) throw new ApiError(422, 'REPORT_CONTESTS_UNKNOWN', { details: { contests: missing } });
        if (new Set(rows.map((r) => r.id)).size !== rows.length) throw new ApiError(422, 'VALIDATION_FAILED', { details: [{ path: 'contests', message: 'a contest is listed twice' }] });
      } else {
        let q = db.selectFrom('report_contests').select(['id', 'kind', 'source_id', 'owner_id', 'region_set', 'ended_at']).where('region_set', '=', body.regionSet!).orderBy('ended_at');
        if (body.from) q = q.where('ended_at', '>=', new Date(`${body.from}T00:00:00+07:00`));
        if (body.to) q = q.where('ended_at', '<', new Date(new Date(`${body.to}T00:00:00+07:00`).getTime() + 86_400_000));
        const all = await q.execute();
        rows = [];
        for (const r of all) if ((await scopeFor(db, p, r))?.level === 'full') rows.push(r);
      }
      if (rows.length === 0) throw new ApiError(422, 'REPORT_SERIES_EMPTY');
      const sets = new Set(rows.map((r) => r.region_set));
      if (sets.size > 1) throw new ApiError(422, 'REPORT_SERIES_MIXED_REGIONS', { details: { regionSets: [...sets] } });
      // A district official cannot create a series (scopeFor gives them 'district', never 'full').
      const id = await db.transaction().execute(async (trx) => {
        const s = await trx.insertInto('report_series').values({ title: body.title, owner_id: p.via === 'system' ? null : p.userId, region_set: rows[0]!.region_set }).returning('id').executeTakeFirstOrThrow();
        await trx.insertInto('report_series_contests').values(rows.map((r, i) => ({ series_id: s.id, contest_id: r.id, position: i + 1 }))).execute();
        await materialiseSeries(trx, s.id);
        return s.id;
      });
      return { id, title: body.title, regionSet: rows[0]!.region_set, contests: rows.map((r) => ({ kind: r.kind, id: r.source_id })) };
    },
  };
  return service;
}
