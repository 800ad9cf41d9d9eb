import { sql } from 'kysely';
import type { Principal } from '../auth/auth-service.ts';
import { ApiError } from '../http/errors.ts';
import { normalizeEmail } from '../auth/auth-service.ts';
import { drawQuestions } from './attempt-engine.ts';
import { lockedFields, type ScheduledContestCreate, type ScheduledContestPatch } from './contest-schema.ts';
import { contestView } from './contest-view.ts';
import { stateOf, type ScheduledContext } from './context.ts';

/** Organiser operations: create, read, change, list, publish; and the organiser right itself. */
export function createOrganiserService(ctx: ScheduledContext) {
  const { db } = ctx;

  /** The bank version must be readable by the organiser; its questions must satisfy the draw. */
  async function resolveVersion(p: Principal, bank: string, version: number, spec: { questionsPerAttempt?: number | null | undefined; blueprint?: unknown }) {
    const v = await ctx.banks.getVersion(p, bank, version);
    const row = await db
      .selectFrom('bank_versions')
      .innerJoin('banks', 'banks.id', 'bank_versions.bank_id')
      .select('bank_versions.id')
      .where('banks.slug', '=', bank)
      .where('bank_versions.version', '=', version)
      .executeTakeFirstOrThrow();
    const draw = drawQuestions(v.questions, spec.blueprint ? { blueprint: spec.blueprint as never } : { count: spec.questionsPerAttempt ?? 0 }, 'check');
    if (!draw.ok) throw new ApiError(422, draw.code, { details: draw.details });
    return row.id;
  }

  async function requireRegionSet(p: Principal, regionSet: string) {
    if ((await ctx.districts(regionSet)).length === 0) throw new ApiError(422, 'REGION_SET_UNKNOWN', { details: { regionSet } });
    if (!(await ctx.mayOrganise(p, regionSet))) throw new ApiError(403, 'FORBIDDEN');
  }

  const service = {
    async create(p: Principal, body: ScheduledContestCreate) {
      await requireRegionSet(p, body.regionSet);
      const versionId = await resolveVersion(p, body.bank, body.version, body);
      const at = new Date(ctx.now());
      const inserted = await db
        .insertInto('scheduled_contests')
        .values({
          slug: body.slug,
          owner_id: p.via === 'system' ? null : p.userId,
          title: JSON.stringify(body.title),
          rules: JSON.stringify(body.rules),
          bank_slug: body.bank,
          bank_version: body.version,
          bank_version_id: versionId,
          questions_per_attempt: body.questionsPerAttempt ?? null,
          blueprint: body.blueprint ? JSON.stringify(body.blueprint) : null,
          attempt_minutes: body.attemptMinutes,
          max_attempts: body.maxAttempts,
          opens_at: new Date(body.opensAt),
          closes_at: new Date(body.closesAt),
          region_set: body.regionSet,
          grade_bands: JSON.stringify(body.gradeBands),
          prediction: JSON.stringify(body.prediction),
          keys_visible: body.keysVisible,
          prizes: JSON.stringify(body.prizes),
          unit_formula: JSON.stringify(body.unitFormula),
          draft: body.draft,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) throw new ApiError(409, 'SLUG_TAKEN');
      return contestView(inserted, ctx.now(), { organiser: true });
    },

    async get(p: Principal | null, slug: string) {
      if (p) {
        const row = await ctx.contest(slug).catch(() => null);
        if (row && (await ctx.mayOrganise(p, row.region_set))) return { ...contestView(row, ctx.now(), { organiser: true }), districts: await districtList(row.region_set) };
      }
      const row = await ctx.contest(slug);
      if (row.draft) throw new ApiError(404, 'NOT_FOUND');
      return { ...contestView(row, ctx.now(), { organiser: false }), districts: await districtList(row.region_set) };
    },

    async patch(p: Principal, slug: string, patch: ScheduledContestPatch) {
      const row = await ctx.organised(p, slug);
      const state = stateOf(row, ctx.now());
      const locked = lockedFields(state, patch, { closesAt: new Date(row.closes_at).getTime() });
      if (locked.length > 0) throw new ApiError(409, 'FIELD_LOCKED', { details: { fields: locked, state } });
      if (patch.regionSet !== undefined) await requireRegionSet(p, patch.regionSet);
      const bank = patch.bank ?? row.bank_slug;
      const version = patch.version ?? row.bank_version;
      const spec = patch.blueprint ? { blueprint: patch.blueprint } : patch.questionsPerAttempt ? { questionsPerAttempt: patch.questionsPerAttempt } : row.blueprint ? { blueprint: row.blueprint } : { questionsPerAttempt: row.questions_per_attempt };
      const versionId = patch.bank || patch.version || patch.blueprint || patch.questionsPerAttempt ? await resolveVersion(p, bank, version, spec) : row.bank_version_id;
      const opensAt = patch.opensAt ? Date.parse(patch.opensAt) : new Date(row.opens_at).getTime();
      const closesAt = patch.closesAt ? Date.parse(patch.closesAt) : new Date(row.closes_at).getTime();
      if (closesAt <= opensAt) throw new ApiError(422, 'VALIDATION_FAILED', { details: [{ path: 'closesAt', message: 'closesAt must be after opensAt' }] });
      const set: Record<string, unknown> = { updated_at: new Date(ctx.now()) };
      if (patch.title) set.title = JSON.stringify(patch.title);
      if (patch.rules) set.rules = JSON.stringify(patch.rules);
      if (patch.bank || patch.version) Object.assign(set, { bank_slug: bank, bank_version: version, bank_version_id: versionId });
      if (patch.blueprint) Object.assign(set, { blueprint: JSON.stringify(patch.blueprint), questions_per_attempt: null });
      if (patch.questionsPerAttempt) Object.assign(set, { questions_per_attempt: patch.questionsPerAttempt, blueprint: null });
      if (patch.attemptMinutes !== undefined) set.attempt_minutes = patch.attemptMinutes;
      if (patch.maxAttempts !== undefined) set.max_attempts = patch.maxAttempts;
      if (patch.opensAt) set.opens_at = new Date(opensAt);
      if (patch.closesAt) set.closes_at = new Date(closesAt);
      if (patch.regionSet) set.region_set = patch.regionSet;
      if (patch.gradeBands) set.grade_bands = JSON.stringify(patch.gradeBands);
      if (patch.prediction) set.prediction = JSON.stringify(patch.prediction);
      if (patch.keysVisible) set.keys_visible = patch.keysVisible;
      if (patch.prizes) set.prizes = JSON.stringify(patch.prizes);
      if (patch.unitFormula) set.unit_formula = JSON.stringify(patch.unitFormula);
      if (patch.draft !== undefined) set.draft = patch.draft;
      const updated = await db.updateTable('scheduled_contests').set(set).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
      return contestView(updated, ctx.now(), { organiser: true });
    },

    /** Organisers: the contests of every region set they organise (admins: all). Anyone else: the announced ones. */
    async list(p: Principal | null) {
      let q = db.selectFrom('scheduled_contests').selectAll().orderBy('opens_at', 'desc').orderBy('slug').limit(500);
      let organiser = false;
      if (p && p.role === 'admin') organiser = true;
      else if (p && p.role === 'teacher') {
        const sets = await db.selectFrom('organiser_grants').select('region_set').where('user_id', '=', p.userId).execute();
        if (sets.length > 0) {
          organiser = true;
          q = q.where('region_set', 'in', sets.map((s) => s.region_set));
        }
      }
      if (!organiser) q = q.where('draft', '=', false);
      const rows = await q.execute();
      const counts = organiser && rows.length > 0
        ? await db
            .selectFrom('scheduled_participants')
            .select(['contest_id', sql<number>`count(*)::int`.as('n')])
            .where('contest_id', 'in', rows.map((r) => r.id))
            .where('merged_into', 'is', null)
            .groupBy('contest_id')
            .execute()
        : [];
      const byId = new Map(counts.map((c) => [c.contest_id, Number(c.n)]));
      return rows.map((r) => ({ ...contestView(r, ctx.now(), { organiser }), ...(organiser ? { participants: byId.get(r.id) ?? 0 } : {}) }));
    },

    /** Make the official rankings public; only after the close step froze them. */
    async publish(p: Principal, slug: string) {
      const row = await ctx.organised(p, slug);
      if (!row.closed_at) throw new ApiError(409, 'CONTEST_NOT_CLOSED');
      const updated = await db
        .updateTable('scheduled_contests')
        .set({ published_at: sql<Date>`coalesce(published_at, ${new Date(ctx.now())})` })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return contestView(updated, ctx.now(), { organiser: true });
    },

    /** Admins give or take a teacher's organiser right for a region set. */
    async setGrant(p: Principal, input: { email: string; regionSet: string; grant: boolean }) {
      if (p.role !== 'admin') throw new ApiError(403, 'FORBIDDEN');
      const user = await db.selectFrom('users').select(['id', 'role']).where('email', '=', normalizeEmail(input.email)).executeTakeFirst();
      if (!user) throw new ApiError(404, 'USER_NOT_FOUND');
      if (input.grant) {
        if (user.role !== 'teacher') throw new ApiError(422, 'ORGANISER_MUST_BE_TEACHER');
        if ((await ctx.districts(input.regionSet)).length === 0) throw new ApiError(422, 'REGION_SET_UNKNOWN', { details: { regionSet: input.regionSet } });
        await db
          .insertInto('organiser_grants')
          .values({ user_id: user.id, region_set: input.regionSet, granted_by: p.via === 'system' ? null : p.userId, created_at: new Date(ctx.now()) })
          .onConflict((oc) => oc.columns(['user_id', 'region_set']).doNothing())
          .execute();
      } else {
        await db.deleteFrom('organiser_grants').where('user_id', '=', user.id).where('region_set', '=', input.regionSet).execute();
      }
      return service.grants(p);
    },

    async grants(p: Principal) {
      if (p.role !== 'admin') throw new ApiError(403, 'FORBIDDEN');
      const rows = await db
        .selectFrom('organiser_grants')
        .innerJoin('users', 'users.id', 'organiser_grants.user_id')
        .select(['users.email', 'organiser_grants.region_set', 'organiser_grants.created_at'])
        .orderBy('users.email')
        .orderBy('organiser_grants.region_set')
        .execute();
      return rows.map((r) => ({ email: r.email, regionSet: r.region_set, grantedAt: new Date(r.created_at).toISOString() }));
    },
  };

  async function districtList(regionSet: string) {
    return (await ctx.districts(regionSet)).map((d) => ({ code: d.code, name: d.name, fullName: d.fullName }));
  }
  return service;
}
export type OrganiserService = ReturnType<typeof createOrganiserService>;
