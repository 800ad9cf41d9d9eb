import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { authRequired, requireUser } from '../http/app-env.ts';
import { ApiError } from '../http/errors.ts';
import { errorResponses, jsonContent, signedIn } from '../http/openapi-common.ts';
import { REGION_CODE_PATTERN, REGION_CODE_RULE } from './region-set-schema.ts';
import type { RegionService } from './region-service.ts';

/**
 * Region sets are public: players pick their district before they have (or
 * without ever having) an account. Enrolment is not: only staff read it, and
 * only the whole province's officials (or admins) may change it.
 */
const READERS = ['admin', 'official', 'teacher'] as const;
const IMPORTERS = ['admin', 'official'] as const;
const CSV_TYPES = ['text/csv', 'text/plain', 'application/octet-stream', ''];

// Built from this module's `z`: `.openapi()` exists only on schemas made after @hono/zod-openapi has loaded.
const CodeParam = z.object({ code: z.string().regex(REGION_CODE_PATTERN, REGION_CODE_RULE).openapi({ param: { name: 'code', in: 'path' }, example: 'daklak-2021' }) });
const Localized = z.object({ vi: z.string(), en: z.string() });
const SetSummaryOut = z
  .object({
    code: z.string(),
    name: Localized,
    province: z.string(),
    provinceCode: z.string().nullable(),
    validFrom: z.string().openapi({ example: '2021-01-01' }),
    validTo: z.string().nullable().openapi({ example: '2025-06-30' }),
    source: z.string(),
    isDefault: z.boolean(),
    unitCount: z.number().int(),
  })
  .openapi('RegionSetSummary');
const UnitOut = z
  .object({
    code: z.string().openapi({ example: 'krong-pac' }),
    parentCode: z.string().nullable(),
    level: z.enum(['province', 'district', 'commune', 'school-cluster']),
    kind: z.string().openapi({ example: 'district' }),
    name: z.string().openapi({ example: 'Krông Pắc' }),
    fullName: z.string().openapi({ example: 'Huyện Krông Pắc' }),
    nameEn: z.string().openapi({ example: 'Krong Pac District' }),
    aliases: z.array(z.string()).openapi({ example: ['Krông Pắk'] }),
    position: z.number().int(),
  })
  .openapi('RegionUnit');
const SetOut = SetSummaryOut.extend({ units: z.array(UnitOut) }).openapi('RegionSet');
const LineError = z.object({ line: z.number().int(), message: z.string() });
const ImportOut = z
  .object({
    imported: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(LineError),
    dryRun: z.literal(true).optional(),
    wouldFail: z.boolean().optional(),
    rows: z.array(z.looseObject({ line: z.number().int(), action: z.enum(['insert', 'update', 'unchanged']) })).optional(),
  })
  .openapi('EnrolmentImportResult');
const Totals = { schools: z.number().int(), enrolment: z.number().int(), demoSchools: z.number().int() };
const EnrolmentOut = z
  .object({
    set: z.string(),
    units: z.array(z.object({ code: z.string(), name: z.string(), fullName: z.string(), ...Totals })),
    provinceLevel: z.object(Totals),
    total: z.object(Totals),
    schools: z
      .array(z.object({ regionCode: z.string(), name: z.string(), gradeBand: z.string().nullable(), enrolment: z.number().int(), demo: z.boolean(), source: z.string() }))
      .optional()
      .openapi({ description: 'Per-school rows: admins and officials only' }),
  })
  .openapi('EnrolmentReport');

export function registerRegionRoutes(app: OpenAPIHono<AppEnv>, regions: RegionService): void {
  const tags = ['regions'];

  app.openapi(
    createRoute({
      method: 'get', path: '/api/region-sets', tags, summary: 'Region sets (versioned administrative maps), the default first; no sign-in needed',
      responses: { 200: jsonContent(z.object({ sets: z.array(SetSummaryOut) }), 'Region sets') },
    }),
    async (c) => c.json({ sets: await regions.listSets() }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/region-sets/{code}', tags, summary: 'One region set with its units (players choose their district from it); no sign-in needed',
      request: { params: CodeParam },
      responses: { 200: jsonContent(SetOut, 'The set'), 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => {
      const set = await regions.getSet(c.req.valid('param').code);
      if (!set) throw new ApiError(404, 'NOT_FOUND');
      return c.json(set, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/region-sets', tags, security: signedIn,
      // Checked before the body is validated: an anonymous caller learns only that it must sign in.
      middleware: [authRequired(['admin'])] as const,
      summary: 'Add or update a region set from its JSON file (the format of data/regions/*.json); admins only. Idempotent.',
      request: { body: { required: true, content: { 'application/json': { schema: z.any() } } } },
      responses: {
        200: jsonContent(z.object({ code: z.string(), set: z.string(), regions: z.object({ inserted: z.number(), updated: z.number(), unchanged: z.number(), removed: z.number() }) }).openapi('RegionSetUpsertReport'), 'Stored'),
        401: errorResponses[401],
        403: errorResponses[403],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      requireUser(c, ['admin']);
      return c.json(await regions.upsertRegionSet(c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/region-sets/{code}/enrolment', tags, security: signedIn,
      summary: 'Import schools and enrolment from a CSV (the request body); admins and province officials',
      description:
        'Columns: region_code,school_name,grade_band,enrolment[,demo] with a header; "," or ";"; UTF-8 with or without BOM; "#" starts a comment line. ' +
        'region_code may be a unit code or name ("Krông Pắk", "H. Lắk"). Rows are upserted by unit, school name and grade band. ' +
        'Lenient mode (default) stores the good rows and lists the others by line; strict mode stores nothing when any row fails (422 IMPORT_FAILED, details lists {line, message}).',
      request: {
        params: CodeParam,
        query: z.object({ mode: z.enum(['lenient', 'strict']).default('lenient'), dryRun: z.enum(['true', 'false']).default('false').openapi({ description: 'Check and preview only: nothing is written' }) }),
        body: { required: true, content: { 'text/csv': { schema: z.string() }, 'text/plain': { schema: z.string() } } },
      },
      responses: {
        200: jsonContent(ImportOut, 'Imported'),
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
        413: errorResponses[413],
        415: jsonContent(z.any(), 'UNSUPPORTED_MEDIA_TYPE'),
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const p = requireUser(c, IMPORTERS);
      const { code } = c.req.valid('param');
      const { mode, dryRun } = c.req.valid('query');
      const set = await regions.getSet(code);
      if (!set) throw new ApiError(404, 'NOT_FOUND');
      // A district official must not rewrite the whole province's denominators.
      if (p.role === 'official' && (set.provinceCode === null || p.regionCode !== set.provinceCode)) throw new ApiError(403, 'FORBIDDEN');
      const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!CSV_TYPES.includes(type)) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { details: { accepted: ['text/csv', 'text/plain'] } });
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
      } catch {
        throw new ApiError(422, 'NOT_UTF8');
      }
      const result = await regions.importEnrolment(code, text, { strict: mode === 'strict', lang: c.get('lang'), source: `csv upload by ${p.email}`, dryRun: dryRun === 'true' });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/region-sets/{code}/enrolment', tags, security: signedIn,
      summary: 'Schools and enrolment per unit (admins and officials also get each school)',
      request: { params: CodeParam },
      responses: { 200: jsonContent(EnrolmentOut, 'Enrolment'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
    }),
    async (c) => {
      const p = requireUser(c, READERS);
      const { code } = c.req.valid('param');
      const report = await regions.enrolmentByUnit(code);
      if (p.role === 'teacher') return c.json(report, 200);
      return c.json({ ...report, schools: await regions.listSchools(code) }, 200);
    },
  );
}
