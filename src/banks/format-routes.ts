import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { authRequired, requireUser } from '../http/app-env.ts';
import { errorResponses, jsonContent, signedIn } from '../http/openapi-common.ts';
import { FORMATS, acceptedImportTypes } from './formats/index.ts';
import { TEMPLATE_QUESTIONS, exportXlsx } from './formats/xlsx-format.ts';

/**
 * The format registry for pages and scripts (what can be imported and exported,
 * with labels, extensions, content types and question types), and the Excel
 * template teachers fill in.
 */
const STAFF = ['admin', 'teacher', 'official'] as const;

const FormatOut = z
  .object({
    name: z.string(),
    label: z.object({ vi: z.string(), en: z.string() }),
    extensions: z.array(z.string()),
    contentTypes: z.array(z.string()),
    import: z.boolean(),
    export: z.boolean(),
    binary: z.boolean(),
    languages: z.enum(['both', 'one']),
    types: z.array(z.string()),
  })
  .openapi('BankFormat');

export function registerFormatRoutes(app: OpenAPIHono<AppEnv>): void {
  const tags = ['banks'];
  app.use('/api/formats', authRequired(STAFF));
  app.use('/api/formats/*', authRequired(STAFF));

  app.openapi(
    createRoute({
      method: 'get', path: '/api/formats', tags, security: signedIn, summary: 'Question-bank file formats: names for ?format=, labels, extensions, content types and capabilities',
      responses: { 200: jsonContent(z.object({ formats: z.array(FormatOut), acceptedImportTypes: z.array(z.string()) }), 'The registry'), 401: errorResponses[401], 403: errorResponses[403] },
    }),
    async (c) => {
      requireUser(c, STAFF);
      return c.json({ formats: FORMATS.map((f) => ({ ...f, extensions: [...f.extensions], contentTypes: [...f.contentTypes], types: [...f.types] })), acceptedImportTypes: acceptedImportTypes() }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/formats/xlsx/template', tags, security: signedIn, summary: 'The Excel template: Vietnamese headers (the CSV columns) and one example row of every question type',
      responses: { 200: { description: 'An .xlsx workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) } } }, 401: errorResponses[401], 403: errorResponses[403] },
    }),
    async (c) => {
      requireUser(c, STAFF);
      const out = await exportXlsx({ meta: {}, questions: TEMPLATE_QUESTIONS });
      c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      c.header('Content-Disposition', 'attachment; filename="mau-ngan-hang-cau-hoi.xlsx"');
      return c.body(out.bytes as Uint8Array<ArrayBuffer>, 200) as never;
    },
  );
}
