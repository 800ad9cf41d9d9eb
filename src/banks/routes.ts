import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { authRequired, requireUser } from '../http/app-env.ts';
import { ApiError } from '../http/errors.ts';
import { errorResponses, jsonBody, jsonContent, signedIn } from '../http/openapi-common.ts';
import { LanguageSchema } from '../shared/localized.ts';
import { QuestionSchema, QUESTION_TYPES, SlugSchema, LIMITS } from './question-schema.ts';
import { BankCreateSchema, BankPatchSchema, type BankService } from './bank-service.ts';
import { acceptedImportTypes, exportFormats, formatCatalogue, formatInfo, importFormats, type BankFormat } from './formats/index.ts';
import { csvTemplate } from './formats/csv-vietnamese-headers.ts';
import { csvDownloadHeaders } from '../shared/csv.ts';
import { readImportUpload } from './import-upload.ts';
import { registerFormatRoutes } from './format-routes.ts';
import { localizeImportReasons } from './formats/skip-reasons.ts';

/**
 * Question-bank routes for teachers and admins (officials read). Every route needs
 * an account; students have none and never reach these. Permission rules live in
 * bank-access.ts and are enforced by the service.
 */
const STAFF = ['admin', 'teacher', 'official'] as const;
const AUTHORS = ['admin', 'teacher'] as const;

const QuestionOut = z.looseObject({ id: z.string(), type: z.enum(QUESTION_TYPES) }).openapi('Question', {
  description: 'A question in the native format (see /schemas/bank.json), including its key: these routes are for authors only.',
});
const BankOut = z.looseObject({ slug: z.string(), title: z.object({ vi: z.string(), en: z.string() }) }).openapi('Bank');
const SlugParam = z.object({ slug: SlugSchema });
const QuestionParam = SlugParam.extend({ id: z.string().max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'pw-001' }) });
const VersionParam = SlugParam.extend({ n: z.coerce.number().int().min(1).openapi({ param: { name: 'n', in: 'path' }, example: 1 }) });
const DiffParam = SlugParam.extend({ a: z.coerce.number().int().min(1), b: z.coerce.number().int().min(1) });
/** From the one registry (formats/format-registry.ts): a new format is accepted here with no second list. */
const ImportFormatSchema = z.enum(importFormats() as [BankFormat, ...BankFormat[]]);
const ExportFormatSchema = z.enum(exportFormats() as [BankFormat, ...BankFormat[]]);
const ImportQuery = z.object({
  format: ImportFormatSchema,
  mode: z.enum(['lenient', 'strict']).default('lenient'),
  /** Which language a one-language format (GIFT, Aiken) fills; default: the bank language. */
  lang: LanguageSchema.optional(),
  onConflict: z.enum(['skip', 'replace']).default('skip'),
  /** Parse and plan only: report what would be imported and skipped, write nothing. */
  dryRun: z.enum(['true', 'false']).default('false'),
});
const ExportQuery = z.object({
  format: ExportFormatSchema,
  version: z.coerce.number().int().min(1).optional(),
  lang: LanguageSchema.optional(),
});
const SearchQuery = z.object({
  q: z.string().max(200).optional(),
  competence: z.string().regex(/^\d+(\.\d+)*$/).optional(),
  gradeBand: z.string().max(8).optional(),
  difficulty: z.coerce.number().int().min(1).max(3).optional(),
  type: z.enum(QUESTION_TYPES).optional(),
  bank: SlugSchema.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
const ImportResultSchema = z
  .object({
    imported: z.number(),
    replaced: z.number(),
    skipped: z.array(z.object({ line: z.number(), reason: z.string() })),
    dryRun: z.literal(true).optional(),
    wouldFail: z.boolean().optional().openapi({ description: 'Dry run in strict mode: the real import would refuse the file' }),
    questions: z
      .array(z.object({ line: z.number(), id: z.string(), type: z.string(), prompt: z.object({ vi: z.string(), en: z.string() }), action: z.enum(['insert', 'replace']) }))
      .optional()
      .openapi({ description: 'Dry run: the questions that would be stored' }),
  })
  .openapi('ImportResult');

const IMAGE_TYPES: Record<string, (b: Uint8Array) => boolean> = {
  'image/png': (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38,
  'image/webp': (b) => b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50,
};
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/** The image type the bytes really are, when it is the one declared and allowed. */
export function checkImage(bytes: Uint8Array, declared: string): string | null {
  const type = declared.split(';')[0]!.trim().toLowerCase();
  const sniff = IMAGE_TYPES[type];
  return sniff && bytes.length >= 12 && sniff(bytes) ? type : null;
}

export function registerBankRoutes(app: OpenAPIHono<AppEnv>, banks: BankService): void {
  const tags = ['banks'];
  for (const path of ['/api/banks', '/api/banks/*', '/api/questions']) app.use(path, authRequired(STAFF));
  registerFormatRoutes(app);

  app.openapi(
    createRoute({
      method: 'get', path: '/api/banks', tags, security: signedIn, summary: 'Banks the caller may read, with question counts and latest version',
      request: { query: z.object({ q: z.string().max(200).optional(), archived: z.enum(['true', 'false']).optional() }) },
      responses: { 200: jsonContent(z.object({ banks: z.array(BankOut) }), 'Banks'), 401: errorResponses[401], 403: errorResponses[403] },
    }),
    async (c) => {
      const p = requireUser(c, STAFF);
      const q = c.req.valid('query');
      return c.json({ banks: await banks.list(p, { q: q.q, includeArchived: q.archived === 'true' }) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/banks', tags, security: signedIn, summary: 'Create a bank (the caller owns it)',
      request: { body: jsonBody(BankCreateSchema) },
      responses: { 201: jsonContent(BankOut, 'Created'), 401: errorResponses[401], 403: errorResponses[403], 409: jsonContent(z.any(), 'SLUG_TAKEN'), 422: errorResponses[422] },
    }),
    async (c) => c.json(await banks.create(requireUser(c, AUTHORS), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/banks/{slug}', tags, security: signedIn, summary: 'One bank', request: { params: SlugParam }, responses: { 200: jsonContent(BankOut, 'The bank'), 401: errorResponses[401], 404: errorResponses[404] } }),
    async (c) => c.json(await banks.get(requireUser(c, STAFF), c.req.valid('param').slug), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/api/banks/{slug}', tags, security: signedIn, summary: 'Edit bank metadata (visibility and review rules: owner only)',
      request: { params: SlugParam, body: jsonBody(BankPatchSchema) },
      responses: { 200: jsonContent(BankOut, 'Updated'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => c.json(await banks.update(requireUser(c, AUTHORS), c.req.valid('param').slug, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/api/banks/{slug}', tags, security: signedIn, summary: 'Archive a bank (published versions stay for contests that pin them)',
      request: { params: SlugParam }, responses: { 204: { description: 'Archived' }, 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
    }),
    async (c) => {
      await banks.archive(requireUser(c, AUTHORS), c.req.valid('param').slug);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/api/banks/{slug}/members', tags, security: signedIn, summary: 'Add, change or remove a collaborator (owner only)',
      request: { params: SlugParam, body: jsonBody(z.object({ email: z.email(), role: z.enum(['editor', 'viewer', 'reviewer']).nullable() }).openapi('BankMember')) },
      responses: { 200: jsonContent(BankOut, 'The bank with its members'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
    }),
    async (c) => {
      const b = c.req.valid('json');
      return c.json(await banks.setMember(requireUser(c, AUTHORS), c.req.valid('param').slug, b.email, b.role), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/banks/{slug}/questions', tags, security: signedIn, summary: 'The draft questions, in order',
      request: { params: SlugParam }, responses: { 200: jsonContent(z.object({ questions: z.array(QuestionOut) }), 'Questions'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json({ questions: await banks.listQuestions(requireUser(c, STAFF), c.req.valid('param').slug) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/banks/{slug}/questions', tags, security: signedIn, summary: 'Add a question to the draft',
      request: { params: SlugParam, body: jsonBody(QuestionSchema) },
      responses: { 201: jsonContent(QuestionOut, 'Created'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 409: jsonContent(z.any(), 'QUESTION_ID_TAKEN'), 422: errorResponses[422] },
    }),
    async (c) => c.json(await banks.addQuestion(requireUser(c, AUTHORS), c.req.valid('param').slug, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/api/banks/{slug}/questions/order', tags, security: signedIn, summary: 'Reorder the draft: list every question id once',
      request: { params: SlugParam, body: jsonBody(z.object({ ids: z.array(z.string().max(64)).max(LIMITS.questionsPerBank) })) },
      responses: { 200: jsonContent(z.object({ ids: z.array(z.string()) }), 'New order'), 401: errorResponses[401], 403: errorResponses[403], 422: errorResponses[422] },
    }),
    async (c) => c.json({ ids: await banks.reorder(requireUser(c, AUTHORS), c.req.valid('param').slug, c.req.valid('json').ids) }, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/banks/{slug}/questions/{id}', tags, security: signedIn, summary: 'One draft question', request: { params: QuestionParam }, responses: { 200: jsonContent(QuestionOut, 'The question'), 401: errorResponses[401], 404: errorResponses[404] } }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return c.json(await banks.getQuestion(requireUser(c, STAFF), slug, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/api/banks/{slug}/questions/{id}', tags, security: signedIn, summary: 'Change fields of a draft question (the result is validated whole)',
      request: { params: QuestionParam, body: jsonBody(z.record(z.string(), z.unknown())) },
      responses: { 200: jsonContent(QuestionOut, 'Updated'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      const { id: _ignored, ...patch } = c.req.valid('json');
      return c.json(await banks.updateQuestion(requireUser(c, AUTHORS), slug, id, patch), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: '/api/banks/{slug}/questions/{id}', tags, security: signedIn, summary: 'Remove a question from the draft', request: { params: QuestionParam }, responses: { 204: { description: 'Removed' }, 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] } }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      await banks.deleteQuestion(requireUser(c, AUTHORS), slug, id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/banks/{slug}/publish', tags, security: signedIn, summary: 'Freeze the draft as the next immutable version, with an optional note on what changed',
      request: { params: SlugParam, body: { required: false, content: { 'application/json': { schema: z.object({ note: z.string().max(2000).optional() }).openapi('PublishRequest') } } } },
      responses: { 201: jsonContent(z.object({ version: z.number() }), 'Published'), 401: errorResponses[401], 403: errorResponses[403], 409: jsonContent(z.any(), 'NO_CHANGES or REVIEW_REQUIRED'), 422: errorResponses[422] },
    }),
    async (c) => {
      const r = await banks.publish(requireUser(c, AUTHORS), c.req.valid('param').slug, { note: c.req.valid('json')?.note });
      return c.json({ version: r.version }, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/banks/{slug}/versions', tags, security: signedIn, summary: 'Published versions, newest first', request: { params: SlugParam }, responses: { 200: jsonContent(z.object({ versions: z.array(z.looseObject({ version: z.number() })) }), 'Versions'), 401: errorResponses[401], 404: errorResponses[404] } }),
    async (c) => c.json({ versions: await banks.listVersions(requireUser(c, STAFF), c.req.valid('param').slug) }, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/banks/{slug}/versions/{n}', tags, security: signedIn, summary: 'One published version with its questions', request: { params: VersionParam }, responses: { 200: jsonContent(z.looseObject({ version: z.number(), questions: z.array(QuestionOut) }), 'The version'), 401: errorResponses[401], 404: errorResponses[404] } }),
    async (c) => {
      const { slug, n } = c.req.valid('param');
      // Published versions never change: an ETag lets clients (and the benchmark) revalidate for free.
      const { etag, json } = await banks.getVersionEncoded(requireUser(c, STAFF), slug, n);
      const headers = { ETag: etag, 'Cache-Control': 'private, no-cache' };
      const match = c.req.header('If-None-Match');
      if (match && match.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) return c.body(null, 304, headers) as never;
      return c.body(json, 200, { ...headers, 'Content-Type': 'application/json' }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/banks/{slug}/versions/{a}/diff/{b}', tags, security: signedIn, summary: 'Questions added, changed (with fields) and removed between two versions',
      request: { params: DiffParam }, responses: { 200: jsonContent(z.looseObject({ added: z.array(z.any()), changed: z.array(z.any()), removed: z.array(z.any()) }), 'The diff'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const { slug, a, b } = c.req.valid('param');
      return c.json(await banks.diff(requireUser(c, STAFF), slug, a, b), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/banks/{slug}/import', tags, security: signedIn,
      summary: 'Import a bank file into the draft: the request body with its content type, or multipart/form-data with a "file" field',
      description: `Formats: ${importFormats().join(', ')} (GET /api/bank-formats describes them). Lenient mode (default) imports what it can and reports each skipped question, and what was left out of an imported one, with its line; reasons follow Accept-Language. Strict mode imports nothing when anything is reported (422 IMPORT_FAILED, details lists {line, message}). With dryRun=true nothing is written: the answer lists the questions that would be stored and the lines that would be skipped (wouldFail says whether strict mode would refuse the file). Limit: 5 MB, 2,000 questions. An unsupported content type answers 415 with details.accepted.`,
      request: {
        params: SlugParam,
        query: ImportQuery,
        body: {
          required: true,
          // Plain schema objects, not zod: a zod JSON/form schema would make the library gate media types with a bare 415
          // and parse JSON before the importer can report its line. readImportUpload checks the type and answers 415 with the list.
          content: Object.fromEntries(acceptedImportTypes().map((t) => [t, { schema: t === 'multipart/form-data' ? { type: 'object' as const, properties: { file: { type: 'string' as const, format: 'binary' } } } : t === 'application/json' ? { type: 'object' as const } : { type: 'string' as const } }])),
        },
      },
      responses: { 200: jsonContent(ImportResultSchema, 'Imported'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 413: errorResponses[413], 415: jsonContent(z.any(), 'UNSUPPORTED_MEDIA_TYPE (details.accepted lists the accepted types)'), 422: errorResponses[422] },
    }),
    async (c) => {
      const p = requireUser(c, AUTHORS);
      const { slug } = c.req.valid('param');
      const q = c.req.valid('query');
      const bytes = await readImportUpload(c.req);
      const lang = q.lang ?? (await banks.get(p, slug)).defaultLanguage;
      try {
        const result = await banks.importFile(p, slug, q.format, bytes, { lang, strict: q.mode === 'strict', onConflict: q.onConflict, dryRun: q.dryRun === 'true' });
        return c.json({ ...result, skipped: localizeImportReasons(result.skipped, c.get('lang')) }, 200);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'IMPORT_FAILED' && Array.isArray(e.details)) {
          const details = e.details as Array<{ line: number; message: string }>;
          const localized = localizeImportReasons(details.map((d) => ({ line: d.line, reason: d.message })), c.get('lang'));
          throw new ApiError(422, 'IMPORT_FAILED', { details: localized.map((d) => ({ line: d.line, message: d.reason })) });
        }
        throw e;
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/banks/{slug}/export', tags, security: signedIn, summary: 'Export the draft or a published version as GIFT, Aiken, CSV (UTF-8 with BOM) or JSON',
      request: { params: SlugParam, query: ExportQuery },
      responses: { 200: { description: 'The file; X-Civiq-Skipped counts questions the format cannot hold', content: { 'text/plain': { schema: z.string() } } }, 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const p = requireUser(c, STAFF);
      const { slug } = c.req.valid('param');
      const q = c.req.valid('query');
      const lang = q.lang ?? (await banks.get(p, slug)).defaultLanguage;
      const out = await banks.exportFile(p, slug, q.format, { version: q.version, lang });
      const info = formatInfo(q.format);
      const type = info.contentTypes[0]!;
      c.header('Content-Type', info.binary ? type : `${type}; charset=utf-8`);
      c.header('Content-Disposition', `attachment; filename="${slug}${q.version ? `-v${q.version}` : ''}${info.extensions[0]}"`);
      c.header('X-Civiq-Skipped', String(out.skipped.length));
      if (out.skipped.length > 0) c.header('X-Civiq-Skipped-Ids', out.skipped.map((s) => s.id).join(',').slice(0, 2000));
      // c.body, not c.text: the Content-Type set above (text/csv, application/json) must stand.
      if (out.bytes) return c.body(out.bytes as Uint8Array<ArrayBuffer>, 200) as never;
      return c.body(out.text, 200) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/banks/{slug}/export/report', tags, security: signedIn,
      summary: 'What an export in this format would leave out, per question, in the language of Accept-Language (the export itself only counts them in X-Civiq-Skipped)',
      request: { params: SlugParam, query: ExportQuery },
      responses: { 200: jsonContent(z.object({ format: z.string(), skipped: z.array(z.object({ id: z.string(), reason: z.string() })) }).openapi('ExportReport'), 'The report'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const p = requireUser(c, STAFF);
      const { slug } = c.req.valid('param');
      const q = c.req.valid('query');
      const lang = q.lang ?? (await banks.get(p, slug)).defaultLanguage;
      const out = await banks.exportFile(p, slug, q.format, { version: q.version, lang });
      return c.json({ format: q.format, skipped: localizeImportReasons(out.skipped, c.get('lang')) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/questions', tags, security: signedIn, summary: 'Search questions across readable banks (diacritic-insensitive: "mat khau" finds "mật khẩu")',
      request: { query: SearchQuery },
      responses: { 200: jsonContent(z.object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(z.object({ bank: z.string(), question: QuestionOut })) }), 'Matches'), 401: errorResponses[401], 422: errorResponses[422] },
    }),
    async (c) => {
      const p = requireUser(c, STAFF);
      const q = c.req.valid('query');
      const r = await banks.search(p, { ...q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
      return c.json({ total: r.total, page: q.page, pageSize: q.pageSize, items: r.items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/api/banks/{slug}/questions/{id}', tags, security: signedIn, summary: 'Replace a draft question whole (the editor saves this way: a field left out is removed)',
      request: { params: QuestionParam, body: jsonBody(z.record(z.string(), z.unknown())) },
      responses: { 200: jsonContent(QuestionOut, 'Replaced'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      const { id: _ignored, ...body } = c.req.valid('json');
      return c.json(await banks.updateQuestion(requireUser(c, AUTHORS), slug, id, body, { replace: true }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/banks/{slug}/questions/bulk', tags, security: signedIn, summary: 'Delete several draft questions, or add or remove a tag on them, all or nothing',
      request: {
        params: SlugParam,
        body: jsonBody(z.object({ ids: z.array(z.string().max(64)).min(1).max(LIMITS.questionsPerBank), action: z.enum(['delete', 'addTag', 'removeTag']), tag: z.string().max(100).optional() }).openapi('BulkQuestionChange')),
      },
      responses: { 200: jsonContent(z.object({ changed: z.number() }), 'Changed'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => c.json(await banks.bulk(requireUser(c, AUTHORS), c.req.valid('param').slug, c.req.valid('json')), 200),
  );

  const FormatOut = z
    .object({ id: z.string(), label: z.string(), extensions: z.array(z.string()), mediaType: z.string(), binary: z.boolean(), imports: z.boolean(), exports: z.boolean(), oneLanguage: z.boolean() })
    .openapi('BankFormat');
  app.openapi(
    createRoute({
      method: 'get', path: '/api/bank-formats', tags, summary: 'The question-file formats civiq imports and exports (the one list the pages offer)',
      responses: { 200: jsonContent(z.object({ formats: z.array(FormatOut) }), 'Formats') },
    }),
    (c) => c.json({ formats: formatCatalogue(c.get('lang')) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get', path: '/api/bank-formats/csv/template', tags, summary: 'A CSV template with Vietnamese headers and two example rows (UTF-8 with BOM, opens in Excel)',
      responses: { 200: { description: 'The template', content: { 'text/csv': { schema: z.string() } } } },
    }),
    (c) => {
      for (const [k, v] of Object.entries(csvDownloadHeaders('mau-ngan-hang-cau-hoi.csv'))) c.header(k, v);
      return c.body(csvTemplate(), 200) as never;
    },
  );

  const ReviewOut = z.looseObject({ state: z.string(), comments: z.array(z.any()) }).openapi('Review');
  app.openapi(
    createRoute({ method: 'get', path: '/api/banks/{slug}/review', tags, security: signedIn, summary: 'Review state and comments', request: { params: SlugParam }, responses: { 200: jsonContent(ReviewOut, 'Review'), 401: errorResponses[401], 404: errorResponses[404] } }),
    async (c) => c.json(await banks.review(requireUser(c, STAFF), c.req.valid('param').slug), 200),
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/api/banks/{slug}/review/submit', tags, security: signedIn, summary: 'Send the draft for review',
      request: { params: SlugParam, body: { required: false, content: { 'application/json': { schema: z.object({ note: z.string().max(4000).optional() }) } } } },
      responses: { 200: jsonContent(ReviewOut, 'Review'), 401: errorResponses[401], 403: errorResponses[403], 409: jsonContent(z.any(), 'ALREADY_IN_REVIEW') },
    }),
    async (c) => c.json(await banks.submitForReview(requireUser(c, AUTHORS), c.req.valid('param').slug, c.req.valid('json')?.note), 200),
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/api/banks/{slug}/review/decision', tags, security: signedIn, summary: 'Approve the draft or request changes (reviewers and the owner)',
      request: { params: SlugParam, body: jsonBody(z.object({ decision: z.enum(['approve', 'request_changes']), comment: z.string().max(4000).optional() })) },
      responses: { 200: jsonContent(ReviewOut, 'Review'), 401: errorResponses[401], 403: errorResponses[403], 409: jsonContent(z.any(), 'NOT_IN_REVIEW') },
    }),
    async (c) => {
      const b = c.req.valid('json');
      return c.json(await banks.decide(requireUser(c, AUTHORS), c.req.valid('param').slug, b.decision, b.comment), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/api/banks/{slug}/review/comments', tags, security: signedIn, summary: 'Comment on the bank or on one question',
      request: { params: SlugParam, body: jsonBody(z.object({ body: z.string().trim().min(1).max(4000), questionId: z.string().max(64).optional() })) },
      responses: { 200: jsonContent(ReviewOut, 'Review'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
    }),
    async (c) => {
      const b = c.req.valid('json');
      return c.json(await banks.comment(requireUser(c, AUTHORS), c.req.valid('param').slug, b.body, b.questionId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/banks/{slug}/images', tags, security: signedIn, summary: 'Upload an image (PNG, JPEG, GIF or WebP, at most 2 MB) for use in questions',
      request: { params: SlugParam, body: { required: true, content: { 'image/png': { schema: z.any() }, 'image/jpeg': { schema: z.any() }, 'image/gif': { schema: z.any() }, 'image/webp': { schema: z.any() } } } },
      responses: { 201: jsonContent(z.object({ url: z.string(), size: z.number(), contentType: z.string() }), 'Stored; use url as the question image'), 401: errorResponses[401], 403: errorResponses[403], 413: errorResponses[413], 415: jsonContent(z.any(), 'UNSUPPORTED_MEDIA_TYPE') },
    }),
    async (c) => {
      const p = requireUser(c, AUTHORS);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength > MAX_IMAGE_BYTES) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', { details: { limitBytes: MAX_IMAGE_BYTES } });
      const type = checkImage(bytes, c.req.header('Content-Type') ?? '');
      if (!type) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { message: { vi: 'Chỉ nhận ảnh PNG, JPEG, GIF hoặc WebP đúng định dạng.', en: 'Only genuine PNG, JPEG, GIF or WebP images are accepted.' } });
      return c.json(await banks.uploadImage(p, c.req.valid('param').slug, bytes, type), 201);
    },
  );

  app.get('/uploads/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/.test(id)) return c.notFound();
    const img = await banks.image(id);
    if (!img) return c.notFound();
    c.header('Content-Type', img.content_type);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('Content-Security-Policy', "default-src 'none'");
    return c.body(img.bytes as Uint8Array<ArrayBuffer>, 200);
  });
}
