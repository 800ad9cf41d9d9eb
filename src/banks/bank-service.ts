import { sql, type Kysely, type Transaction } from 'kysely';
import { isAllowedImageUrl } from './image-policy.ts';
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/schema.ts';
import type { Principal } from '../auth/auth-service.ts';
import { ApiError } from '../http/errors.ts';
import { fold } from '../shared/text.ts';
import type { Language } from '../shared/localized.ts';
import { BankMetaSchema, QuestionSchema, LIMITS, VisibilitySchema, type Question } from './question-schema.ts';
import { LanguageSchema } from '../shared/localized.ts';
import { bankAccess, canEdit, canManage, canRead, canReview, mayAuthor, type BankAccess } from './bank-access.ts';
import { changedFields, checksumOf, searchTextOf } from './question-text.ts';
import { exportBankFile, parseBankFile, type BankFormat, type EmbeddedImage } from './formats/index.ts';
import type { ParseOptions, ParseResult } from './formats/format-types.ts';
import { z } from 'zod';
import { databaseImageStore, type ImageStore } from './image-store.ts';

/** Bank metadata as the API shows it. */
export type BankMeta = z.infer<typeof BankMetaSchema>;
/** A question with its stable id (always present once stored). */
export type StoredQuestion = Question & { id: string };

type Db = Kysely<Database> | Transaction<Database>;
type BankRow = Awaited<ReturnType<typeof loadBankRow>>;

const notFound = () => new ApiError(404, 'NOT_FOUND');
const forbidden = () => new ApiError(403, 'FORBIDDEN');

async function loadBankRow(db: Db, slug: string, userId: string) {
  return db
    .selectFrom('banks')
    .leftJoin('bank_members', (j) => j.onRef('bank_members.bank_id', '=', 'banks.id').on('bank_members.user_id', '=', userId))
    .selectAll('banks')
    .select('bank_members.role as member_role')
    .where('banks.slug', '=', slug)
    .executeTakeFirst();
}

function accessFor(p: Principal, row: NonNullable<BankRow>): BankAccess | null {
  return bankAccess(p, { ownerId: row.owner_id, visibility: row.visibility, regionCode: row.region_code, memberRole: row.member_role ?? null });
}

function metaOf(row: NonNullable<BankRow>): BankMeta {
  return {
    slug: row.slug,
    title: row.title,
    ...(row.description ? { description: row.description } : {}),
    defaultLanguage: row.default_language,
    framework: row.framework,
    visibility: row.visibility,
    ...(row.licence ? { licence: row.licence } : {}),
    ...(row.author ? { author: row.author } : {}),
    tags: row.tags,
  };
}

/** A new stable question id when the author gave none. */
export function newQuestionKey(): string {
  return `q-${randomBytes(5).toString('hex')}`;
}

function questionColumns(q: StoredQuestion) {
  return {
    key: q.id,
    type: q.type,
    body: JSON.stringify(q),
    competences: q.competences,
    grade_bands: q.gradeBands,
    difficulty: q.difficulty,
  };
}

/** Parse stored JSON back through the schema (it was valid when written; this also applies new defaults). */
function toQuestion(body: unknown): StoredQuestion {
  return QuestionSchema.parse(body) as StoredQuestion;
}

export const BankCreateSchema = BankMetaSchema.extend({
  regionCode: z.string().max(64).optional(),
  reviewRequired: z.boolean().default(false),
});
/** A patch names only what changes: no defaults here, or a title edit would reset the visibility. */
export const BankPatchSchema = z
  .object({
    title: BankMetaSchema.shape.title,
    description: BankMetaSchema.shape.description.unwrap(),
    defaultLanguage: LanguageSchema,
    framework: z.string().max(64),
    visibility: VisibilitySchema,
    licence: BankMetaSchema.shape.licence.unwrap(),
    author: BankMetaSchema.shape.author.unwrap(),
    tags: z.array(z.string().max(100)).max(LIMITS.tags),
    regionCode: z.string().max(64).nullable(),
    reviewRequired: z.boolean(),
  })
  .partial()
  .strict();

export interface ImportOutcome {
  imported: number;
  replaced: number;
  skipped: Array<{ line: number; reason: string }>;
  /** Present on a dry run: nothing was written; `questions` is what would be. */
  dryRun?: true;
  /** On a dry run: each question that would be stored, in file order. */
  questions?: Array<{ line: number; id: string; type: string; prompt: { vi: string; en: string }; action: 'insert' | 'replace' }>;
  /** On a dry run in strict mode: the real import would refuse the file (422 IMPORT_FAILED). */
  wouldFail?: boolean;
}

export type BankService = ReturnType<typeof createBankService>;

/** Parses an import file's bytes; Node parses off the event loop (formats/parse-off-thread.ts), other runtimes in place. */
export type ImportParser = (format: BankFormat, bytes: Uint8Array, opts: ParseOptions) => Promise<ParseResult | { notUtf8: true }>;

/**
 * Store the embedded images the imported questions use (through the image store: bytes
 * first, row second, as uploads do) and return a function that points each question's
 * `/uploads/pending-N` at its stored file.
 */
async function storeEmbeddedImages(tx: Db, store: ImageStore, bankId: string, userId: string | null, at: Date, images: EmbeddedImage[], questions: StoredQuestion[]): Promise<(q: StoredQuestion) => StoredQuestion> {
  const used = new Set(questions.map((q) => q.image?.url).filter((u): u is string => !!u));
  const urls = new Map<string, string>();
  for (const img of images) {
    if (!used.has(img.ref)) continue;
    const id = crypto.randomUUID();
    await store.put(id, img.bytes, img.contentType);
    await tx
      .insertInto('images')
      .values({ id, bank_id: bankId, content_type: img.contentType, bytes: store.kind === 'database' ? img.bytes : null, stored_in: store.kind, size: img.bytes.byteLength, uploaded_by: userId, created_at: at })
      .execute();
    urls.set(img.ref, `/uploads/${id}`);
  }
  return (q) => (q.image && urls.has(q.image.url) ? { ...q, image: { ...q.image, url: urls.get(q.image.url)! } } : q);
}

export function createBankService(deps: { db: Kysely<Database>; now?: () => number; images?: ImageStore; imageHosts?: readonly string[]; parseImport?: ImportParser }) {
  const { db } = deps;
  const images = deps.images ?? databaseImageStore;
  const now = () => new Date((deps.now ?? Date.now)());

  /**
   * Turn the caller's pending invitations (collaborators are added by email, see
   * `setMember`) into memberships. Runs when an account uses banks.
   */
  async function acceptInvitations(p: Principal, within: Db = db): Promise<void> {
    if (p.via === 'system') return;
    const email = p.email.trim().toLowerCase();
    const pending = await within.selectFrom('bank_invitations').select('bank_id').where('email', '=', email).limit(1).executeTakeFirst();
    if (!pending) return;
    const accept = async (tx: Db) => {
      const invites = await tx.deleteFrom('bank_invitations').where('email', '=', email).returning(['bank_id', 'role']).execute();
      if (invites.length === 0) return;
      await tx
        .insertInto('bank_members')
        .values(invites.map((i) => ({ bank_id: i.bank_id, user_id: p.userId, role: i.role })))
        .onConflict((oc) => oc.columns(['bank_id', 'user_id']).doUpdateSet((eb) => ({ role: eb.ref('excluded.role') })))
        .execute();
    };
    if (within === db) await db.transaction().execute(accept);
    else await accept(within);
  }

  /** Load a bank the caller may read (404 otherwise, so private banks are not revealed). */
  async function readable(p: Principal, slug: string, tx: Db = db) {
    await acceptInvitations(p, tx);
    const row = await loadBankRow(tx, slug, p.userId);
    if (!row) throw notFound();
    const access = accessFor(p, row);
    if (!canRead(access)) throw notFound();
    return { row, access };
  }

  async function editable(p: Principal, slug: string, tx: Db = db) {
    const r = await readable(p, slug, tx);
    if (!canEdit(r.access) || !mayAuthor(p)) throw forbidden();
    if (r.row.archived_at) throw new ApiError(409, 'BANK_ARCHIVED');
    return r;
  }

  /** Every draft edit bumps the revision; an approval only covers the revision it saw. */
  async function touchDraft(tx: Db, bankId: string) {
    await tx
      .updateTable('banks')
      .set((eb) => ({
        draft_revision: eb('draft_revision', '+', 1),
        updated_at: now(),
        review_state: sql<'draft'>`case when review_state = 'approved' or review_state = 'in_review' then 'draft' else review_state end`,
      }))
      .where('id', '=', bankId)
      .execute();
  }

  async function draftQuestions(tx: Db, bankId: string): Promise<StoredQuestion[]> {
    const rows = await tx.selectFrom('questions').select('body').where('bank_id', '=', bankId).orderBy('position').orderBy('key').execute();
    return rows.map((r) => toQuestion(r.body));
  }

  async function versionRow(tx: Db, bankId: string, version: number) {
    const v = await tx.selectFrom('bank_versions').selectAll().where('bank_id', '=', bankId).where('version', '=', version).executeTakeFirst();
    if (!v) throw new ApiError(404, 'VERSION_NOT_FOUND');
    return v;
  }

  async function versionQuestions(tx: Db, versionId: string): Promise<StoredQuestion[]> {
    const rows = await tx.selectFrom('bank_version_questions').select('body').where('version_id', '=', versionId).orderBy('position').execute();
    return rows.map((r) => toQuestion(r.body));
  }

  /** Insert or replace one draft question; `position` appends when new. */
  async function upsertQuestion(tx: Db, bankId: string, q: StoredQuestion, mode: 'insert' | 'replace') {
    // Images only from our uploads or the admin's list of hosts (image-policy.ts): a third-party host would see every pupil.
    if (q.image && !isAllowedImageUrl(q.image.url, deps.imageHosts ?? [])) {
      throw new ApiError(422, 'IMAGE_URL_NOT_ALLOWED', { details: { questionId: q.id, url: q.image.url, allowedHosts: deps.imageHosts ?? [] } });
    }
    const cols = { ...questionColumns(q), search_text: searchTextOf(q), updated_at: now() };
    if (mode === 'replace') {
      await tx.updateTable('questions').set(cols).where('bank_id', '=', bankId).where('key', '=', q.id).execute();
      return;
    }
    const pos = await tx
      .updateTable('banks')
      .set((eb) => ({ next_position: eb('next_position', '+', 1) }))
      .where('id', '=', bankId)
      .returning('next_position')
      .executeTakeFirstOrThrow();
    await tx.insertInto('questions').values({ ...cols, bank_id: bankId, position: pos.next_position, created_at: now() }).execute();
  }

  async function countQuestions(tx: Db, bankId: string): Promise<number> {
    const r = await tx.selectFrom('questions').select((eb) => eb.fn.countAll<number>().as('n')).where('bank_id', '=', bankId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  function withKey(input: Question, existing: Set<string>): StoredQuestion {
    let id = input.id;
    if (!id) {
      do id = newQuestionKey();
      while (existing.has(id));
    }
    return { ...input, id };
  }

  /** Encoded published versions by version id (immutable, so never stale). */
  const versionCache = new Map<string, { etag: string; json: string }>();
  const service = {
    async list(p: Principal, opts: { includeArchived?: boolean; q?: string } = {}) {
      await acceptInvitations(p);
      let query = db
        .selectFrom('banks')
        .leftJoin('bank_members', (j) => j.onRef('bank_members.bank_id', '=', 'banks.id').on('bank_members.user_id', '=', p.userId))
        .selectAll('banks')
        .select('bank_members.role as member_role')
        .select((eb) => [
          eb.selectFrom('questions').select(eb.fn.countAll<number>().as('n')).whereRef('questions.bank_id', '=', 'banks.id').as('question_count'),
          eb.selectFrom('bank_versions').select((e) => e.fn.max('bank_versions.version').as('v')).whereRef('bank_versions.bank_id', '=', 'banks.id').as('latest_version'),
        ])
        .orderBy('banks.slug');
      if (!opts.includeArchived) query = query.where('banks.archived_at', 'is', null);
      const rows = await query.execute();
      const needle = opts.q ? fold(opts.q) : '';
      return rows
        .map((row) => ({ row, access: accessFor(p, row) }))
        .filter((r) => canRead(r.access))
        .filter((r) => !needle || fold(`${r.row.slug} ${r.row.title.vi} ${r.row.title.en}`).includes(needle))
        .map(({ row, access }) => ({
          ...service.present(row, access!),
          questionCount: Number(row.question_count ?? 0),
          latestVersion: row.latest_version == null ? null : Number(row.latest_version),
        }));
    },

    present(row: NonNullable<BankRow>, access: BankAccess) {
      return {
        ...metaOf(row),
        regionCode: row.region_code,
        ownerId: row.owner_id,
        access,
        reviewRequired: row.review_required,
        reviewState: row.review_state,
        archived: row.archived_at !== null,
        createdAt: new Date(row.created_at).toISOString(),
        updatedAt: new Date(row.updated_at).toISOString(),
      };
    },

    async get(p: Principal, slug: string) {
      const { row, access } = await readable(p, slug);
      const [count, latest, members, invited] = await Promise.all([
        countQuestions(db, row.id),
        db.selectFrom('bank_versions').select(['version', 'published_at', 'question_count']).where('bank_id', '=', row.id).orderBy('version', 'desc').executeTakeFirst(),
        db
          .selectFrom('bank_members')
          .innerJoin('users', 'users.id', 'bank_members.user_id')
          .select(['users.id', 'users.email', 'users.display_name', 'bank_members.role'])
          .where('bank_id', '=', row.id)
          .orderBy('users.email')
          .execute(),
        db.selectFrom('bank_invitations').select(['email', 'role']).where('bank_id', '=', row.id).orderBy('email').execute(),
      ]);
      return {
        ...service.present(row, access),
        questionCount: count,
        latestVersion: latest ? Number(latest.version) : null,
        members: [
          ...members.map((m) => ({ userId: m.id as string | null, email: m.email, displayName: m.display_name as string | null, role: m.role, pending: false })),
          ...invited.map((i) => ({ userId: null, email: i.email, displayName: null, role: i.role, pending: true })),
        ],
      };
    },

    async create(p: Principal, input: z.infer<typeof BankCreateSchema>) {
      if (!mayAuthor(p)) throw forbidden();
      const exists = await db.selectFrom('banks').select('id').where('slug', '=', input.slug).executeTakeFirst();
      if (exists) throw new ApiError(409, 'SLUG_TAKEN');
      await db
        .insertInto('banks')
        .values({
          slug: input.slug,
          title: JSON.stringify(input.title),
          description: input.description ? JSON.stringify(input.description) : null,
          default_language: input.defaultLanguage,
          framework: input.framework,
          visibility: input.visibility,
          region_code: input.regionCode ?? p.regionCode,
          licence: input.licence ?? null,
          author: input.author ?? null,
          tags: JSON.stringify(input.tags),
          owner_id: p.via === 'system' ? null : p.userId,
          review_required: input.reviewRequired,
          created_at: now(),
          updated_at: now(),
        })
        .execute();
      return service.get(p, input.slug);
    },

    async update(p: Principal, slug: string, patch: z.infer<typeof BankPatchSchema>) {
      const { row, access } = await readable(p, slug);
      if (!canEdit(access) || !mayAuthor(p)) throw forbidden();
      // Visibility, review rules and the unit are the owner's decisions.
      if ((patch.visibility !== undefined || patch.reviewRequired !== undefined || patch.regionCode !== undefined) && !canManage(access)) throw forbidden();
      await db
        .updateTable('banks')
        .set({
          ...(patch.title ? { title: JSON.stringify(patch.title) } : {}),
          ...(patch.description ? { description: JSON.stringify(patch.description) } : {}),
          ...(patch.defaultLanguage ? { default_language: patch.defaultLanguage } : {}),
          ...(patch.framework ? { framework: patch.framework } : {}),
          ...(patch.visibility ? { visibility: patch.visibility } : {}),
          ...(patch.regionCode !== undefined ? { region_code: patch.regionCode } : {}),
          ...(patch.licence !== undefined ? { licence: patch.licence } : {}),
          ...(patch.author !== undefined ? { author: patch.author } : {}),
          ...(patch.tags ? { tags: JSON.stringify(patch.tags) } : {}),
          ...(patch.reviewRequired !== undefined ? { review_required: patch.reviewRequired } : {}),
          updated_at: now(),
        })
        .where('id', '=', row.id)
        .execute();
      return service.get(p, slug);
    },

    /** Archive: hidden from lists and closed to edits; published versions stay for the contests that pin them. */
    async archive(p: Principal, slug: string) {
      const { row, access } = await readable(p, slug);
      if (!canManage(access)) throw forbidden();
      await db.updateTable('banks').set({ archived_at: row.archived_at ?? now(), updated_at: now() }).where('id', '=', row.id).execute();
    },

    /**
     * Add, change or remove a collaborator by email. The answer never depends on
     * whether the email has an account: a new collaborator is stored as an
     * invitation (listed as pending) that becomes a membership when that account
     * next uses banks. Changing or removing an existing member acts at once.
     */
    async setMember(p: Principal, slug: string, rawEmail: string, role: 'editor' | 'viewer' | 'reviewer' | null) {
      const { row, access } = await readable(p, slug);
      if (!canManage(access)) throw forbidden();
      const email = rawEmail.normalize('NFC').trim().toLowerCase();
      await db.transaction().execute(async (tx) => {
        const member = await tx
          .selectFrom('bank_members')
          .innerJoin('users', 'users.id', 'bank_members.user_id')
          .select('users.id')
          .where('bank_members.bank_id', '=', row.id)
          .where((eb) => eb(eb.fn('lower', ['users.email']), '=', email))
          .executeTakeFirst();
        if (role === null) {
          if (member) await tx.deleteFrom('bank_members').where('bank_id', '=', row.id).where('user_id', '=', member.id).execute();
          await tx.deleteFrom('bank_invitations').where('bank_id', '=', row.id).where('email', '=', email).execute();
        } else if (member) {
          await tx.updateTable('bank_members').set({ role }).where('bank_id', '=', row.id).where('user_id', '=', member.id).execute();
        } else {
          await tx
            .insertInto('bank_invitations')
            .values({ bank_id: row.id, email, role })
            .onConflict((oc) => oc.columns(['bank_id', 'email']).doUpdateSet({ role }))
            .execute();
        }
      });
      return service.get(p, slug);
    },

    async listQuestions(p: Principal, slug: string) {
      const { row } = await readable(p, slug);
      return draftQuestions(db, row.id);
    },

    async getQuestion(p: Principal, slug: string, key: string) {
      const { row } = await readable(p, slug);
      const q = await db.selectFrom('questions').select('body').where('bank_id', '=', row.id).where('key', '=', key).executeTakeFirst();
      if (!q) throw notFound();
      return toQuestion(q.body);
    },

    async addQuestion(p: Principal, slug: string, input: Question) {
      return db.transaction().execute(async (tx) => {
        const { row } = await editable(p, slug, tx);
        if ((await countQuestions(tx, row.id)) >= LIMITS.questionsPerBank) throw new ApiError(422, 'BANK_FULL', { details: { limit: LIMITS.questionsPerBank } });
        const existing = new Set((await tx.selectFrom('questions').select('key').where('bank_id', '=', row.id).execute()).map((r) => r.key));
        if (input.id && existing.has(input.id)) throw new ApiError(409, 'QUESTION_ID_TAKEN', { details: { id: input.id } });
        const q = withKey(input, existing);
        await upsertQuestion(tx, row.id, q, 'insert');
        await touchDraft(tx, row.id);
        return q;
      });
    },

    /** Merge a partial question into the stored one (or replace it whole) and validate the result. */
    async updateQuestion(p: Principal, slug: string, key: string, patch: Record<string, unknown>, opts: { replace?: boolean } = {}) {
      return db.transaction().execute(async (tx) => {
        const { row } = await editable(p, slug, tx);
        const cur = await tx.selectFrom('questions').select('body').where('bank_id', '=', row.id).where('key', '=', key).executeTakeFirst();
        if (!cur) throw notFound();
        const merged = opts.replace ? { ...patch, id: key } : { ...(cur.body as Record<string, unknown>), ...patch, id: key };
        const parsed = QuestionSchema.safeParse(merged);
        if (!parsed.success) {
          throw new ApiError(422, 'VALIDATION_FAILED', { details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })) });
        }
        const q = { ...parsed.data, id: key } as StoredQuestion;
        await upsertQuestion(tx, row.id, q, 'replace');
        await touchDraft(tx, row.id);
        return q;
      });
    },

    async deleteQuestion(p: Principal, slug: string, key: string) {
      await db.transaction().execute(async (tx) => {
        const { row } = await editable(p, slug, tx);
        const r = await tx.deleteFrom('questions').where('bank_id', '=', row.id).where('key', '=', key).executeTakeFirst();
        if (Number(r.numDeletedRows) === 0) throw notFound();
        await touchDraft(tx, row.id);
      });
    },

    /**
     * One change to several draft questions at once, all or nothing: delete them,
     * or add or remove a tag. Every id must exist (404 names the first that does not).
     */
    async bulk(p: Principal, slug: string, input: { ids: string[]; action: 'delete' | 'addTag' | 'removeTag'; tag?: string | undefined }) {
      return db.transaction().execute(async (tx) => {
        const { row } = await editable(p, slug, tx);
        const ids = [...new Set(input.ids)];
        const rows = ids.length === 0 ? [] : await tx.selectFrom('questions').select(['key', 'body']).where('bank_id', '=', row.id).where('key', 'in', ids).execute();
        const missing = ids.find((id) => !rows.some((r) => r.key === id));
        if (missing) throw new ApiError(404, 'NOT_FOUND', { details: { id: missing } });
        if (input.action === 'delete') {
          if (ids.length > 0) await tx.deleteFrom('questions').where('bank_id', '=', row.id).where('key', 'in', ids).execute();
        } else {
          const tag = (input.tag ?? '').normalize('NFC').trim();
          if (!tag) throw new ApiError(422, 'VALIDATION_FAILED', { details: [{ path: 'tag', message: 'a tag is required' }] });
          for (const r of rows) {
            const q = toQuestion(r.body);
            const tags = input.action === 'addTag' ? (q.tags.includes(tag) ? q.tags : [...q.tags, tag]) : q.tags.filter((t) => t !== tag);
            if (tags.length > LIMITS.tags) throw new ApiError(422, 'VALIDATION_FAILED', { details: [{ path: 'tags', message: `at most ${LIMITS.tags} tags`, id: q.id }] });
            await upsertQuestion(tx, row.id, { ...q, tags }, 'replace');
          }
        }
        if (ids.length > 0) await touchDraft(tx, row.id);
        return { changed: ids.length };
      });
    },

    /** Set the order of the draft: `ids` must list every question exactly once. */
    async reorder(p: Principal, slug: string, ids: string[]) {
      return db.transaction().execute(async (tx) => {
        const { row } = await editable(p, slug, tx);
        const keys = (await tx.selectFrom('questions').select('key').where('bank_id', '=', row.id).execute()).map((r) => r.key);
        if (ids.length !== keys.length || new Set(ids).size !== ids.length || !ids.every((id) => keys.includes(id))) {
          throw new ApiError(422, 'INVALID_ORDER', { details: { expected: keys.length } });
        }
        for (const [i, key] of ids.entries()) await tx.updateTable('questions').set({ position: i + 1 }).where('bank_id', '=', row.id).where('key', '=', key).execute();
        await tx.updateTable('banks').set({ next_position: ids.length + 1 }).where('id', '=', row.id).execute();
        await touchDraft(tx, row.id);
        return ids;
      });
    },

    /** Freeze the draft as the next immutable version. */
    async publish(p: Principal, slug: string, opts: { allowUnchanged?: boolean; note?: string } = {}) {
      return db.transaction().execute(async (tx) => {
        const { row } = await editable(p, slug, tx);
        // Serialise publishes of one bank so version numbers never collide.
        await sql`select id from banks where id = ${row.id} for update`.execute(tx);
        if (row.review_required && !(row.review_state === 'approved' && row.reviewed_revision === row.draft_revision)) {
          throw new ApiError(409, 'REVIEW_REQUIRED', {
            details: { reviewState: row.review_state },
          });
        }
        const questions = await draftQuestions(tx, row.id);
        if (questions.length === 0) throw new ApiError(422, 'EMPTY_BANK');
        const meta = metaOf(row);
        const checksum = checksumOf({ meta, questions });
        const latest = await tx.selectFrom('bank_versions').select(['version', 'checksum']).where('bank_id', '=', row.id).orderBy('version', 'desc').executeTakeFirst();
        if (latest && latest.checksum === checksum) {
          if (opts.allowUnchanged) return { version: Number(latest.version), created: false };
          throw new ApiError(409, 'NO_CHANGES', { details: { version: Number(latest.version) } });
        }
        const version = (latest ? Number(latest.version) : 0) + 1;
        const v = await tx
          .insertInto('bank_versions')
          .values({ bank_id: row.id, version, meta: JSON.stringify(meta), checksum, question_count: questions.length, published_by: p.via === 'system' ? null : p.userId, published_at: now(), note: opts.note?.normalize('NFC').trim() ?? '' })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (let i = 0; i < questions.length; i += 200) {
          await tx
            .insertInto('bank_version_questions')
            .values(
              questions.slice(i, i + 200).map((q, j) => {
                const c = questionColumns(q);
                return { version_id: v.id, key: c.key, position: i + j + 1, type: c.type, body: c.body, competences: c.competences, grade_bands: c.grade_bands, difficulty: c.difficulty };
              }),
            )
            .execute();
        }
        return { version, created: true };
      });
    },

    async listVersions(p: Principal, slug: string) {
      const { row } = await readable(p, slug);
      const rows = await db
        .selectFrom('bank_versions')
        .leftJoin('users', 'users.id', 'bank_versions.published_by')
        .select(['bank_versions.version', 'bank_versions.question_count', 'bank_versions.published_at', 'bank_versions.checksum', 'bank_versions.note', 'users.email as published_by'])
        .where('bank_id', '=', row.id)
        .orderBy('version', 'desc')
        .execute();
      return rows.map((r) => ({ version: Number(r.version), questionCount: r.question_count, publishedAt: new Date(r.published_at).toISOString(), publishedBy: r.published_by, checksum: r.checksum, note: r.note }));
    },

    async getVersion(p: Principal, slug: string, version: number) {
      const { row } = await readable(p, slug);
      const v = await versionRow(db, row.id, version);
      return {
        version: Number(v.version),
        publishedAt: new Date(v.published_at).toISOString(),
        meta: v.meta as BankMeta,
        questions: await versionQuestions(db, v.id),
      };
    },

    /**
     * A published version as JSON text with a strong ETag. Versions are immutable, so
     * the encoded body is cached by version id (the reader's access is still checked
     * on every call); a client sending the ETag back gets 304 without a body.
     */
    async getVersionEncoded(p: Principal, slug: string, version: number): Promise<{ etag: string; json: string }> {
      const { row } = await readable(p, slug);
      const v = await versionRow(db, row.id, version);
      const cached = versionCache.get(v.id);
      if (cached) return cached;
      const json = JSON.stringify({
        version: Number(v.version),
        publishedAt: new Date(v.published_at).toISOString(),
        meta: v.meta as BankMeta,
        questions: await versionQuestions(db, v.id),
      });
      const entry = { etag: `"bv-${v.id}"`, json };
      versionCache.set(v.id, entry);
      // A small bound: a few hundred versions' bodies, oldest out first.
      if (versionCache.size > 200) versionCache.delete(versionCache.keys().next().value!);
      return entry;
    },

    async diff(p: Principal, slug: string, a: number, b: number) {
      const { row } = await readable(p, slug);
      const [va, vb] = await Promise.all([versionRow(db, row.id, a), versionRow(db, row.id, b)]);
      const [qa, qb] = await Promise.all([versionQuestions(db, va.id), versionQuestions(db, vb.id)]);
      const ma = new Map(qa.map((q) => [q.id, q]));
      const mb = new Map(qb.map((q) => [q.id, q]));
      return {
        from: a,
        to: b,
        added: qb.filter((q) => !ma.has(q.id)).map((q) => ({ id: q.id, prompt: q.prompt })),
        removed: qa.filter((q) => !mb.has(q.id)).map((q) => ({ id: q.id, prompt: q.prompt })),
        changed: qb
          .filter((q) => ma.has(q.id))
          .map((q) => ({ id: q.id, prompt: q.prompt, fields: changedFields(ma.get(q.id) as Record<string, unknown>, q as Record<string, unknown>) }))
          .filter((c) => c.fields.length > 0),
        metaChanged: changedFields(va.meta as Record<string, unknown>, vb.meta as Record<string, unknown>),
      };
    },

    /**
     * Import a file into the draft. Lenient: store what parses and report the rest
     * with line numbers. Strict: all or nothing (422 listing every problem).
     * Questions whose id already exists are skipped, or replaced with onConflict=replace.
     */
    async importFile(p: Principal, slug: string, format: BankFormat, file: string | Uint8Array, opts: { lang: Language; strict: boolean; onConflict: 'skip' | 'replace'; dryRun?: boolean }): Promise<ImportOutcome> {
      const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file;
      if (bytes.byteLength > LIMITS.importBytes) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', { details: { limitBytes: LIMITS.importBytes } });
      // On Node off the event loop: a large file must not stall live contests (parse-off-thread.ts).
      const result = await (deps.parseImport ?? parseBankFile)(format, bytes, { lang: opts.lang });
      if ('notUtf8' in result) throw new ApiError(422, 'NOT_UTF8');
      const parsed = result;
      if (parsed.questions.length > LIMITS.questionsPerImport) {
        throw new ApiError(422, 'TOO_MANY_QUESTIONS', { details: { limit: LIMITS.questionsPerImport, found: parsed.questions.length } });
      }
      return db.transaction().execute(async (tx) => {
        const { row } = await editable(p, slug, tx);
        const existing = new Set((await tx.selectFrom('questions').select('key').where('bank_id', '=', row.id).execute()).map((r) => r.key));
        const skipped = [...parsed.skipped];
        const plan: Array<{ q: StoredQuestion; mode: 'insert' | 'replace'; line: number }> = [];
        const seenInFile = new Set<string>();
        for (const { line, question } of parsed.questions) {
          if (question.id && seenInFile.has(question.id)) {
            skipped.push({ line, reason: `duplicate id "${question.id}" in the file` });
            continue;
          }
          if (question.id && existing.has(question.id)) {
            if (opts.onConflict === 'skip') {
              skipped.push({ line, reason: `a question with id "${question.id}" already exists (use onConflict=replace to overwrite)` });
              continue;
            }
            plan.push({ q: question as StoredQuestion, mode: 'replace', line });
          } else {
            const q = withKey(question, existing);
            existing.add(q.id);
            plan.push({ q, mode: 'insert', line });
          }
          seenInFile.add(question.id ?? plan[plan.length - 1]!.q.id);
        }
        skipped.sort((x, y) => x.line - y.line);
        if (opts.dryRun) {
          // The preview: the same plan the real import would carry out, and nothing written.
          return {
            dryRun: true,
            imported: plan.filter((x) => x.mode === 'insert').length,
            replaced: plan.filter((x) => x.mode === 'replace').length,
            skipped,
            wouldFail: opts.strict && skipped.length > 0,
            questions: plan.map((x) => ({ line: x.line, id: x.q.id, type: x.q.type, prompt: x.q.prompt, action: x.mode })),
          };
        }
        if (opts.strict && skipped.length > 0) {
          throw new ApiError(422, 'IMPORT_FAILED', {
            details: skipped.map((s) => ({ line: s.line, message: s.reason })),
          });
        }
        if ((await countQuestions(tx, row.id)) + plan.filter((x) => x.mode === 'insert').length > LIMITS.questionsPerBank) {
          throw new ApiError(422, 'BANK_FULL', { details: { limit: LIMITS.questionsPerBank } });
        }
        // Images carried inside the file (Moodle XML base64) go to the image store, in the same transaction.
        const stored = await storeEmbeddedImages(tx, images, row.id, p.userId, now(), parsed.images ?? [], plan.map((x) => x.q));
        for (const item of plan) await upsertQuestion(tx, row.id, stored(item.q), item.mode);
        if (plan.length > 0) await touchDraft(tx, row.id);
        return { imported: plan.filter((x) => x.mode === 'insert').length, replaced: plan.filter((x) => x.mode === 'replace').length, skipped };
      });
    },

    async exportFile(p: Principal, slug: string, format: BankFormat, opts: { version?: number | undefined; lang: Language }) {
      const { row } = await readable(p, slug);
      let meta = metaOf(row);
      let questions: StoredQuestion[];
      if (opts.version !== undefined) {
        const v = await versionRow(db, row.id, opts.version);
        meta = v.meta as BankMeta;
        questions = await versionQuestions(db, v.id);
      } else questions = await draftQuestions(db, row.id);
      return exportBankFile(format, { meta, questions }, { lang: opts.lang });
    },

    /** Search questions in every bank the caller may read; "mat khau" finds "mật khẩu". */
    async search(
      p: Principal,
      f: { q?: string | undefined; competence?: string | undefined; gradeBand?: string | undefined; difficulty?: number | undefined; type?: string | undefined; bank?: string | undefined; limit: number; offset: number },
    ) {
      const readableBanks = (await service.list(p)).map((b) => b.slug);
      const slugs = f.bank ? readableBanks.filter((s) => s === f.bank) : readableBanks;
      if (slugs.length === 0) return { total: 0, items: [] as Array<{ bank: string; question: StoredQuestion }> };
      let query = db.selectFrom('questions').innerJoin('banks', 'banks.id', 'questions.bank_id').where('banks.slug', 'in', slugs);
      const terms = f.q ? fold(f.q).split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 10) : [];
      if (terms.length > 0) {
        const tsquery = terms.map((t) => `${t.replace(/[^a-z0-9]/g, '')}:*`).filter((t) => t !== ':*').join(' & ');
        if (tsquery) query = query.where(sql<boolean>`to_tsvector('simple', questions.search_text) @@ to_tsquery('simple', ${tsquery})`);
      }
      if (f.competence) {
        const c = f.competence;
        query = query.where(sql<boolean>`exists (select 1 from unnest(questions.competences) code where code = ${c} or code like ${c + '.%'})`);
      }
      if (f.gradeBand) query = query.where(sql<boolean>`${f.gradeBand} = any(questions.grade_bands)`);
      if (f.difficulty) query = query.where('questions.difficulty', '=', f.difficulty);
      if (f.type) query = query.where('questions.type', '=', f.type);
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await query.select(['questions.body', 'banks.slug']).orderBy('banks.slug').orderBy('questions.position').limit(f.limit).offset(f.offset).execute();
      return { total: Number(total.n), items: rows.map((r) => ({ bank: r.slug, question: toQuestion(r.body) })) };
    },

    // Review workflow (optional per bank): draft → in_review → approved / changes_requested.
    async review(p: Principal, slug: string) {
      const { row } = await readable(p, slug);
      const comments = await db
        .selectFrom('review_comments')
        .leftJoin('users', 'users.id', 'review_comments.author_id')
        .select(['review_comments.id', 'review_comments.question_key', 'review_comments.kind', 'review_comments.body', 'review_comments.created_at', 'users.email as author'])
        .where('bank_id', '=', row.id)
        .orderBy('review_comments.created_at')
        .execute();
      return {
        required: row.review_required,
        state: row.review_state,
        approvedRevision: row.reviewed_revision,
        draftRevision: row.draft_revision,
        comments: comments.map((c) => ({ id: c.id, questionId: c.question_key, kind: c.kind, body: c.body, author: c.author, createdAt: new Date(c.created_at).toISOString() })),
      };
    },

    async submitForReview(p: Principal, slug: string, note?: string) {
      const { row } = await editable(p, slug);
      if (row.review_state === 'in_review') throw new ApiError(409, 'ALREADY_IN_REVIEW');
      await db.updateTable('banks').set({ review_state: 'in_review', updated_at: now() }).where('id', '=', row.id).execute();
      await db.insertInto('review_comments').values({ bank_id: row.id, author_id: p.userId, kind: 'submitted', body: note ?? '', created_at: now() }).execute();
      return service.review(p, slug);
    },

    async decide(p: Principal, slug: string, decision: 'approve' | 'request_changes', comment?: string) {
      const { row, access } = await readable(p, slug);
      if (!canReview(access) || !mayAuthor(p)) throw forbidden();
      if (row.review_state !== 'in_review') throw new ApiError(409, 'NOT_IN_REVIEW');
      await db
        .updateTable('banks')
        .set({ review_state: decision === 'approve' ? 'approved' : 'changes_requested', reviewed_revision: decision === 'approve' ? row.draft_revision : null, updated_at: now() })
        .where('id', '=', row.id)
        .execute();
      await db
        .insertInto('review_comments')
        .values({ bank_id: row.id, author_id: p.userId, kind: decision === 'approve' ? 'approved' : 'changes_requested', body: comment ?? '', created_at: now() })
        .execute();
      return service.review(p, slug);
    },

    async comment(p: Principal, slug: string, body: string, questionId?: string) {
      const { row, access } = await readable(p, slug);
      if (!(canReview(access) || canEdit(access)) || !mayAuthor(p)) throw forbidden();
      if (questionId) {
        const q = await db.selectFrom('questions').select('key').where('bank_id', '=', row.id).where('key', '=', questionId).executeTakeFirst();
        if (!q) throw notFound();
      }
      await db.insertInto('review_comments').values({ bank_id: row.id, author_id: p.userId, question_key: questionId ?? null, kind: 'comment', body, created_at: now() }).execute();
      return service.review(p, slug);
    },

    async uploadImage(p: Principal, slug: string, bytes: Uint8Array, contentType: string) {
      const { row } = await editable(p, slug);
      // Bytes first, row second: a failed store leaves no row pointing at nothing.
      const id = crypto.randomUUID();
      await images.put(id, bytes, contentType);
      await db
        .insertInto('images')
        .values({ id, bank_id: row.id, content_type: contentType, bytes: images.kind === 'database' ? bytes : null, stored_in: images.kind, size: bytes.byteLength, uploaded_by: p.userId, created_at: now() })
        .execute();
      return { url: `/uploads/${id}`, size: bytes.byteLength, contentType };
    },

    /** An image's type and bytes, wherever they are kept; null when unknown or kept where this runtime cannot reach. */
    async image(id: string): Promise<{ content_type: string; bytes: Uint8Array } | null> {
      const row = await db.selectFrom('images').select(['content_type', 'bytes', 'stored_in']).where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      if (row.stored_in === 'database') return row.bytes ? { content_type: row.content_type, bytes: row.bytes } : null;
      const bytes = row.stored_in === images.kind ? await images.get(id) : null;
      return bytes ? { content_type: row.content_type, bytes } : null;
    },

    /** For contests and seeding: a version's questions by bank id (no permission check; callers check). */
    async versionQuestionsById(bankSlug: string, version: number) {
      const bank = await db.selectFrom('banks').select('id').where('slug', '=', bankSlug).executeTakeFirst();
      if (!bank) throw notFound();
      const v = await versionRow(db, bank.id, version);
      return { versionId: v.id, meta: v.meta as BankMeta, questions: await versionQuestions(db, v.id) };
    },
  };
  return service;
}
