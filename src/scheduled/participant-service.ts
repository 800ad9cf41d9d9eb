import { randomBytes, randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { hashToken } from '../auth/tokens.ts';
import { PARTICIPANT_TOKEN_PREFIX } from '../auth/middleware.ts';
import { GradeBandSchema } from '../banks/question-schema.ts';
import { ApiError } from '../http/errors.ts';
import { nfcString } from '../shared/localized.ts';
import { regionMatcher } from '../regions/region-matching.ts';
import { windowFacts, type ScheduledContext } from './context.ts';
import { isPlausibleBirthDate, mayRegister, needsGuardianConsent, nameKey, schoolKey } from './rules.ts';

const DateOfBirth = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** Forms send empty fields as ""; an empty optional field is an absent one. */
const blankAsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

export const RegisterSchema = z
  .object({
    fullName: nfcString(120).pipe(z.string().min(2)),
    dateOfBirth: blankAsAbsent(DateOfBirth),
    gradeBand: blankAsAbsent(GradeBandSchema),
    school: nfcString(200).pipe(z.string().min(2)),
    /** A unit code, or a name with or without diacritics, or an alias. */
    district: nfcString(200).pipe(z.string().min(1)),
    className: blankAsAbsent(nfcString(40)),
    phone: blankAsAbsent(z.string().trim().regex(/^\+?[0-9 .-]{8,20}$/)),
    email: blankAsAbsent(z.email().max(200)),
    guardianConsent: z.boolean().optional(),
  })
  .strict()
  .refine((b) => b.dateOfBirth !== undefined || b.gradeBand !== undefined, { message: 'give dateOfBirth or gradeBand', path: ['dateOfBirth'] });
export type RegisterInput = z.infer<typeof RegisterSchema>;

export const ResumeSchema = z
  .object({
    resumeCode: z.string().trim().min(4).max(20),
    dateOfBirth: blankAsAbsent(DateOfBirth),
    gradeBand: blankAsAbsent(GradeBandSchema),
  })
  .strict()
  .refine((b) => b.dateOfBirth !== undefined || b.gradeBand !== undefined, { message: 'give dateOfBirth or gradeBand', path: ['dateOfBirth'] });

/** Resume codes avoid look-alike letters and digits (no 0/O, 1/I/L) and are typed case-insensitively. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const RESUME_CODE_LENGTH = 8;

export function newResumeCode(): string {
  return Array.from({ length: RESUME_CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * The participant token is derived from a per-participant salt (HMAC with the server
 * secret), so the same token can be restored on another device by the resume code;
 * only its hash is stored for look-up.
 */
export function participantToken(secret: string, salt: string): string {
  return PARTICIPANT_TOKEN_PREFIX + hashToken(secret, `participant:${salt}`);
}

export interface Participant {
  id: string;
  contestId: string;
  district: string;
}

export function createParticipantService(ctx: ScheduledContext) {
  const { db } = ctx;
  const codeHash = (contestId: string, code: string) => hashToken(ctx.secret, `resume:${contestId}:${normaliseCode(code)}`);

  return {
    async register(slug: string, input: RegisterInput) {
      const contest = await ctx.contest(slug);
      const now = ctx.now();
      if (contest.draft) throw new ApiError(404, 'NOT_FOUND');
      if (!mayRegister(windowFacts(contest), now)) throw new ApiError(409, 'CONTEST_CLOSED');
      if (input.dateOfBirth !== undefined && !isPlausibleBirthDate(input.dateOfBirth, now)) {
        throw new ApiError(422, 'VALIDATION_FAILED', { details: [{ path: 'dateOfBirth', message: 'not a plausible date of birth' }] });
      }
      if (needsGuardianConsent(input.dateOfBirth ?? null, now) && input.guardianConsent !== true) {
        throw new ApiError(422, 'GUARDIAN_CONSENT_REQUIRED', { details: { privacyNotice: '/privacy' } });
      }
      const eligible = contest.grade_bands;
      if (eligible.length > 0 && input.gradeBand !== undefined && !eligible.includes(input.gradeBand)) {
        throw new ApiError(422, 'NOT_ELIGIBLE', { details: { gradeBands: eligible } });
      }
      const units = await ctx.districts(contest.region_set);
      const match = regionMatcher(units)(input.district);
      if (!match.region) {
        throw new ApiError(422, 'DISTRICT_UNKNOWN', { details: { district: input.district, candidates: match.candidates.map((c) => ({ code: c.code, name: c.name })) } });
      }
      const district = match.region.code;
      const school = await canonicalSchool(contest.region_set, district, input.school);
      const salt = randomBytes(16).toString('base64url');
      const token = participantToken(ctx.secret, salt);
      const keyName = nameKey(input.fullName);
      const keySchool = schoolKey(school);
      return db.transaction().execute(async (trx) => {
        // Up to 5 draws for a free resume code; a collision within one contest is ~1e-8 per registration.
        for (let i = 0; i < 5; i++) {
          const resumeCode = newResumeCode();
          const inserted = await trx
            .insertInto('scheduled_participants')
            .values({
              contest_id: contest.id,
              full_name: input.fullName,
              name_key: keyName,
              date_of_birth: input.dateOfBirth ?? null,
              grade_band: input.gradeBand ?? null,
              school,
              school_key: keySchool,
              district,
              class_name: input.className ?? null,
              phone: input.phone ?? null,
              email: input.email ?? null,
              guardian_consent: input.guardianConsent === true,
              token_salt: salt,
              token_hash: hashToken(ctx.secret, token),
              resume_code_hash: codeHash(contest.id, resumeCode),
              created_at: new Date(now),
            })
            .onConflict((oc) => oc.columns(['contest_id', 'resume_code_hash']).doNothing())
            .returning('id')
            .executeTakeFirst();
          if (!inserted) continue;
          // Same normalised name, date of birth (or grade band) and school: flag for review, never merge silently.
          let same = trx
            .selectFrom('scheduled_participants')
            .select('id')
            .where('contest_id', '=', contest.id)
            .where('name_key', '=', keyName)
            .where('school_key', '=', keySchool)
            .where('id', '<>', inserted.id)
            .where('merged_into', 'is', null);
          same = input.dateOfBirth ? same.where('date_of_birth', '=', input.dateOfBirth) : same.where('date_of_birth', 'is', null).where('grade_band', '=', input.gradeBand ?? '');
          const dups = await same.execute();
          if (dups.length > 0) {
            await trx
              .insertInto('scheduled_duplicates')
              .values(dups.map((d) => ({ contest_id: contest.id, participant_id: inserted.id, duplicate_of: d.id, created_at: new Date(now) })))
              .onConflict((oc) => oc.columns(['participant_id', 'duplicate_of']).doNothing())
              .execute();
          }
          ctx.activity(contest.id);
          return { participantId: inserted.id, participantToken: token, resumeCode, district, school, duplicateFlagged: dups.length > 0 };
        }
        throw new ApiError(503, 'UNAVAILABLE');
      });
    },

    /** The resume code and the date of birth (or grade band) given at registration restore the same token. */
    async resume(slug: string, input: z.infer<typeof ResumeSchema>) {
      const contest = await ctx.contest(slug);
      const row = await db
        .selectFrom('scheduled_participants')
        .select(['id', 'token_salt', 'district', 'merged_into', sql<string | null>`to_char(date_of_birth, 'YYYY-MM-DD')`.as('dob'), 'grade_band'])
        .where('contest_id', '=', contest.id)
        .where('resume_code_hash', '=', codeHash(contest.id, input.resumeCode))
        .executeTakeFirst();
      const matches = row && (row.dob !== null ? row.dob === input.dateOfBirth : row.grade_band === input.gradeBand && input.dateOfBirth === undefined);
      if (!row || !matches) throw new ApiError(404, 'RESUME_NOT_FOUND');
      return { participantId: row.merged_into ?? row.id, participantToken: participantToken(ctx.secret, row.token_salt), district: row.district };
    },

    /** The participant a bearer token belongs to (a merged registration acts as the one it was merged into). */
    async authenticate(token: string | null): Promise<Participant> {
      if (!token || !token.startsWith(PARTICIPANT_TOKEN_PREFIX)) throw new ApiError(401, 'PARTICIPANT_TOKEN_REQUIRED');
      const row = await db
        .selectFrom('scheduled_participants as p')
        .leftJoin('scheduled_participants as m', 'm.id', 'p.merged_into')
        .select(['p.id', 'p.contest_id', 'p.district', 'm.id as merged_id', 'm.district as merged_district'])
        .where('p.token_hash', '=', hashToken(ctx.secret, token))
        .executeTakeFirst();
      if (!row) throw new ApiError(401, 'PARTICIPANT_TOKEN_REQUIRED');
      return row.merged_id ? { id: row.merged_id, contestId: row.contest_id, district: row.merged_district ?? row.district } : { id: row.id, contestId: row.contest_id, district: row.district };
    },

    /** Schools of a district from the region data, for the registration picker. */
    async schools(slug: string, district: string) {
      const contest = await ctx.contest(slug);
      if (contest.draft) throw new ApiError(404, 'NOT_FOUND');
      const units = await ctx.districts(contest.region_set);
      const unit = regionMatcher(units)(district).region;
      if (!unit) return [];
      return schoolNames(contest.region_set, unit.code);
    },
  };

  async function schoolNames(regionSet: string, district: string): Promise<string[]> {
    const rows = await db
      .selectFrom('schools')
      .innerJoin('region_sets', 'region_sets.id', 'schools.set_id')
      .select('schools.name')
      .distinct()
      .where('region_sets.code', '=', regionSet)
      .where('schools.region_code', '=', district)
      .orderBy('schools.name')
      .execute();
    return rows.map((r) => r.name);
  }

  /** A typed school name that folds to a listed school of the district takes the listed spelling (enrolment joins on it). */
  async function canonicalSchool(regionSet: string, district: string, typed: string): Promise<string> {
    const key = schoolKey(typed);
    const listed = (await schoolNames(regionSet, district)).find((n) => schoolKey(n) === key);
    return listed ?? typed;
  }
}
export type ParticipantService = ReturnType<typeof createParticipantService>;
