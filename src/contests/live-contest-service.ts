import { randomInt, randomBytes } from 'node:crypto';
import { csvDocument } from '../shared/csv.ts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import type { Principal } from '../auth/auth-service.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken } from '../auth/tokens.ts';
import type { BankService, StoredQuestion } from '../banks/bank-service.ts';
import { BlueprintSchema, drawBlueprint } from '../banks/blueprint.ts';
import { SlugSchema } from '../banks/question-schema.ts';
import { seededRandom, shuffleInPlace } from '../shared/random.ts';
import { LiveSettingsSchema } from './settings.ts';
import { generatePin } from './pin.ts';
import type { DistrictInfo } from './protocol.ts';
import type { LiveSnapshot } from './live-restore.ts';
import { answerAggregates, flaggedAnswersByPlayer, resultsFromSnapshot } from './results-queries.ts';

export const PIN_DIGITS = 7;

/** The projector token of a contest: derived, so the host can always be shown it and nothing secret is stored. */
export function screenTokenFor(secret: string, salt: string): string {
  return hashToken(secret, `screen:${salt}`);
}

export const LiveContestCreateSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    bank: SlugSchema,
    version: z.number().int().min(1),
    /** Exactly these questions, in this order. */
    questionIds: z.array(z.string().max(64)).min(1).max(200).optional(),
    /** Or a blueprint drawn with `seed`. */
    blueprint: BlueprintSchema.optional(),
    /** Or the first N questions of the version (random N with `random: true`). */
    questionCount: z.number().int().min(1).max(200).optional(),
    random: z.boolean().default(false),
    seed: z.string().max(100).optional(),
    settings: LiveSettingsSchema.default(LiveSettingsSchema.parse({})),
    /** Region set whose districts players choose from (default: the default set). */
    regionSet: z.string().max(64).optional(),
    /** Roster mode: players join with per-student codes from POST /roster. */
    rosterMode: z.boolean().default(false),
  })
  .strict()
  .refine((b) => [b.questionIds, b.blueprint, b.questionCount].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of questionIds, blueprint or questionCount',
    path: ['questionIds'],
  });
export type LiveContestCreate = z.infer<typeof LiveContestCreateSchema>;

/** Where districts come from (the region module); injected so contests do not own region data. */
export type DistrictSource = (setCode: string | undefined) => Promise<{ setCode: string | null; districts: DistrictInfo[] }>;

export type LiveContestService = ReturnType<typeof createLiveContestService>;

export function createLiveContestService(deps: { db: Kysely<Database>; banks: BankService; secret: string; districts: DistrictSource; publicUrl?: string | undefined; now?: () => number }) {
  const { db, banks } = deps;
  const now = () => new Date((deps.now ?? Date.now)());

  function pickQuestions(all: StoredQuestion[], body: LiveContestCreate, seed: string): string[] {
    if (body.questionIds) {
      const ids = new Set(all.map((q) => q.id));
      const missing = body.questionIds.filter((id) => !ids.has(id));
      if (missing.length > 0) throw new ApiError(422, 'QUESTIONS_NOT_IN_VERSION', { details: { missing } });
      if (new Set(body.questionIds).size !== body.questionIds.length) throw new ApiError(422, 'DUPLICATE_QUESTIONS');
      return body.questionIds;
    }
    if (body.blueprint) {
      const r = drawBlueprint(all, body.blueprint, seed);
      if (!r.ok) {
        throw new ApiError(422, 'BLUEPRINT_UNSATISFIABLE', {
            details: r.unmet,
        });
      }
      return r.ids;
    }
    const n = body.questionCount!;
    if (n > all.length) throw new ApiError(422, 'NOT_ENOUGH_QUESTIONS', { details: { wanted: n, available: all.length } });
    const ids = all.map((q) => q.id);
    return body.random ? shuffleInPlace(ids, seededRandom(seed)).slice(0, n) : ids.slice(0, n);
  }

  const joinUrl = (base: string, pin: string) => `${base}/play?pin=${pin}`;

  const service = {
    async create(p: Principal, body: LiveContestCreate, baseUrl: string, joinBase: string = baseUrl) {
      // Reading the version checks the teacher may use the bank.
      const version = await banks.getVersion(p, body.bank, body.version);
      const seed = body.seed ?? randomBytes(8).toString('hex');
      const keys = pickQuestions(version.questions, body, seed);
      const { setCode, districts } = await deps.districts(body.regionSet);
      if (districts.length === 0) throw new ApiError(422, 'REGION_SET_UNKNOWN', { details: { regionSet: body.regionSet ?? null } });
      const versionRow = await db
        .selectFrom('bank_versions')
        .innerJoin('banks', 'banks.id', 'bank_versions.bank_id')
        .select('bank_versions.id')
        .where('banks.slug', '=', body.bank)
        .where('bank_versions.version', '=', body.version)
        .executeTakeFirstOrThrow();
      const screenSalt = randomBytes(16).toString('hex');
      const screenToken = screenTokenFor(deps.secret, screenSalt);
      // A PIN is unique among open contests (partial unique index); retry on the rare collision.
      for (let attempt = 0; attempt < 20; attempt++) {
        const pin = generatePin(randomInt, PIN_DIGITS);
        const inserted = await db
          .insertInto('live_contests')
          .values({
            pin,
            owner_id: p.via === 'system' ? null : p.userId,
            title: body.title,
            bank_slug: body.bank,
            bank_version: body.version,
            bank_version_id: versionRow.id,
            question_keys: JSON.stringify(keys),
            settings: JSON.stringify(body.settings),
            region_set: setCode,
            districts: JSON.stringify(districts),
            roster_mode: body.rosterMode,
            screen_salt: screenSalt,
            seed,
            created_at: now(),
          })
          .onConflict((oc) => oc.column('pin').where('phase', '<>', 'ended').doNothing())
          .returning(['id', 'pin'])
          .executeTakeFirst();
        if (inserted) {
          return {
            id: inserted.id,
            pin: inserted.pin,
            joinUrl: joinUrl(joinBase, inserted.pin),
            screenToken,
            screenUrls: districts.map((d) => ({ district: d.code, name: d.name, url: `${baseUrl}/screen/${inserted.pin}?district=${encodeURIComponent(d.code)}&token=${screenToken}` })),
            questionCount: keys.length,
          };
        }
      }
      throw new ApiError(503, 'UNAVAILABLE');
    },

    /** The contest row, for its owner or an admin only. */
    async owned(p: Principal, id: string) {
      const row = await db.selectFrom('live_contests').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row || (p.role !== 'admin' && row.owner_id !== p.userId)) throw new ApiError(404, 'NOT_FOUND');
      return row;
    },

    async list(p: Principal) {
      let q = db.selectFrom('live_contests').select(['id', 'pin', 'title', 'phase', 'bank_slug', 'bank_version', 'created_at', 'ended_at']).orderBy('created_at', 'desc').limit(100);
      if (p.role !== 'admin') q = q.where('owner_id', '=', p.userId);
      return (await q.execute()).map((r) => ({ id: r.id, pin: r.phase === 'ended' ? null : r.pin, title: r.title, phase: r.phase, bank: r.bank_slug, version: r.bank_version, createdAt: new Date(r.created_at).toISOString(), endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null }));
    },

    joinUrl,

    /** A new screen token (the old one stops working), e.g. when a projector link leaked. */
    async rotateScreenToken(p: Principal, id: string) {
      await service.owned(p, id);
      const salt = randomBytes(16).toString('hex');
      await db.updateTable('live_contests').set({ screen_salt: salt }).where('id', '=', id).execute();
      return screenTokenFor(deps.secret, salt);
    },

    /** Issue per-student join codes for roster mode; returned once, stored hashed. */
    async issueRoster(p: Principal, id: string, students: Array<{ label: string; district?: string | undefined }>) {
      const row = await service.owned(p, id);
      if (!row.roster_mode) throw new ApiError(409, 'NOT_ROSTER_MODE');
      const codes = students.map((s) => ({ ...s, code: Array.from({ length: 8 }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[randomInt(32)]).join('') }));
      await db
        .insertInto('live_roster_codes')
        .values(codes.map((c) => ({ contest_id: id, code_hash: hashToken(deps.secret, c.code), label: c.label, district: c.district ?? null })))
        .execute();
      return codes;
    },

    /**
     * Results after (or during) a contest, per player and per question: players ranked by
     * the same pure code that scored the contest, from the settled totals in the saved
     * snapshot; per-question counts, times and distributions as SQL aggregates over the
     * stored answers (no replay of every answer), so the export equals what players were shown.
     */
    async results(p: Principal, id: string) {
      const row = await service.owned(p, id);
      const players = await db.selectFrom('live_players').select(['id', 'nickname', 'district', 'school', 'class_name', 'kicked_at']).where('contest_id', '=', id).execute();
      const info = new Map(players.map((pl) => [pl.id, pl]));
      const contest = { id: row.id, title: row.title, bank: row.bank_slug, version: row.bank_version, phase: row.phase, endedAt: row.ended_at ? new Date(row.ended_at).toISOString() : null };
      if (!row.state) return { contest, players: [], questions: [], districts: [] };
      const final = resultsFromSnapshot(row.state as unknown as Omit<LiveSnapshot, 'answers'>, await answerAggregates(db, id));
      const flagged = await flaggedAnswersByPlayer(db, id);
      const keys = row.question_keys;
      return {
        contest,
        players: final.players.map((fp) => ({
          rank: fp.rank,
          districtRank: fp.districtRank,
          nickname: fp.nickname,
          district: fp.district,
          school: fp.school,
          className: info.get(fp.playerId)?.class_name ?? null,
          points: fp.points,
          correct: fp.correctCount,
          answered: fp.answeredCount,
          eliminated: fp.eliminated,
          // Answers faster than a person could give them (fast-answers.ts): for the organisers to review.
          flaggedAnswers: flagged.get(fp.playerId) ?? 0,
        })),
        questions: final.questions.map((qr) => ({ ...qr, id: keys[qr.index] })),
        districts: final.districts,
      };
    },
  };
  return service;
}

/** CSV with a BOM so Excel opens Vietnamese text correctly; formulas neutralised by the shared writer. */
export function resultsCsv(results: Awaited<ReturnType<LiveContestService['results']>>): string {
  const rows: unknown[][] = [['rank', 'district_rank', 'nickname', 'district', 'school', 'class', 'points', 'correct', 'answered', 'eliminated', 'flagged_answers']];
  for (const p of results.players) rows.push([p.rank, p.districtRank, p.nickname, p.district, p.school, p.className, p.points, p.correct, p.answered, p.eliminated, p.flaggedAnswers]);
  return csvDocument(rows);
}
