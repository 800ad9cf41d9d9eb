import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { csvDocument } from '../shared/csv.ts';
import QRCode from 'qrcode';
import type { AppEnv } from '../http/app-env.ts';
import { authRequired, requireUser } from '../http/app-env.ts';
import { errorResponses, jsonBody, jsonContent, signedIn } from '../http/openapi-common.ts';
import { LiveContestCreateSchema, resultsCsv, type LiveContestService } from './live-contest-service.ts';

const HOSTS = ['admin', 'teacher'] as const;
const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const CreatedSchema = z
  .object({
    id: z.string(),
    pin: z.string(),
    joinUrl: z.string(),
    screenToken: z.string(),
    screenUrls: z.array(z.object({ district: z.string(), name: z.string(), url: z.string() })),
    questionCount: z.number(),
  })
  .openapi('LiveContestCreated');

/** The public base URL for links: PUBLIC_URL, else the request's own origin. */
function baseUrl(c: import('../http/app-env.ts').AppContext): string {
  return (c.get('deps').publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, '');
}

/** Where phones join: the reachable address (src/net/join-address.ts), else as `baseUrl`. */
function joinBase(c: import('../http/app-env.ts').AppContext): string {
  return (c.get('deps').joinBase?.() ?? baseUrl(c)).replace(/\/$/, '');
}

/** Live-contest management over HTTP; play itself is on the socket (docs/protocol.md). */
export function registerLiveContestRoutes(app: OpenAPIHono<AppEnv>, contests: LiveContestService): void {
  const tags = ['live contests'];
  for (const path of ['/api/live-contests', '/api/live-contests/*']) app.use(path, authRequired(HOSTS));

  app.openapi(
    createRoute({
      method: 'post', path: '/api/live-contests', tags, security: signedIn,
      summary: 'Create a live contest from a published bank version',
      description: 'Questions: exactly one of questionIds, blueprint (drawn with seed) or questionCount (first N, or random N). Returns the PIN, join link and the projector screen token (shown once).',
      request: { body: jsonBody(LiveContestCreateSchema) },
      responses: { 201: jsonContent(CreatedSchema, 'Created'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => c.json(await contests.create(requireUser(c, HOSTS), c.req.valid('json'), baseUrl(c), joinBase(c)), 201),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/live-contests', tags, security: signedIn, summary: "The caller's live contests (admins: all)", responses: { 200: jsonContent(z.object({ contests: z.array(z.looseObject({ id: z.string() })) }), 'Contests'), 401: errorResponses[401] } }),
    async (c) => c.json({ contests: await contests.list(requireUser(c, HOSTS)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/live-contests/{id}/results', tags, security: signedIn,
      summary: 'Results: per player (rank, district, school, points, correct) and per question (distribution, mean time, correct rate); ?format=csv for a spreadsheet (UTF-8 with BOM)',
      request: { params: IdParam, query: z.object({ format: z.enum(['json', 'csv']).default('json') }) },
      responses: { 200: jsonContent(z.looseObject({ players: z.array(z.any()), questions: z.array(z.any()) }), 'Results'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const r = await contests.results(requireUser(c, HOSTS), c.req.valid('param').id);
      if (c.req.valid('query').format === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="civiq-results-${r.contest.id}.csv"`);
        return c.body(resultsCsv(r)) as never;
      }
      return c.json(r, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/live-contests/{id}/qr.svg', tags, security: signedIn, summary: 'QR code (SVG) of the join link, for the lobby screen',
      request: { params: IdParam }, responses: { 200: { description: 'SVG', content: { 'image/svg+xml': { schema: z.string() } } }, 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const row = await contests.owned(requireUser(c, HOSTS), c.req.valid('param').id);
      const svg = await QRCode.toString(contests.joinUrl(joinBase(c), row.pin), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      c.header('Content-Type', 'image/svg+xml');
      c.header('Cache-Control', 'private, max-age=3600');
      return c.body(svg) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/live-contests/{id}/screen-token', tags, security: signedIn, summary: 'Issue a new projector screen token (the old one stops working)',
      request: { params: IdParam }, responses: { 200: jsonContent(z.object({ screenToken: z.string() }), 'New token'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json({ screenToken: await contests.rotateScreenToken(requireUser(c, HOSTS), c.req.valid('param').id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/live-contests/{id}/roster', tags, security: signedIn,
      summary: 'Roster mode: issue one join code per student (returned once, as JSON or CSV with ?format=csv)',
      request: {
        params: IdParam,
        query: z.object({ format: z.enum(['json', 'csv']).default('json') }),
        body: jsonBody(z.object({ students: z.array(z.object({ label: z.string().trim().min(1).max(120), district: z.string().max(64).optional() })).min(1).max(5000) })),
      },
      responses: { 201: jsonContent(z.object({ codes: z.array(z.object({ label: z.string(), district: z.string().optional(), code: z.string() })) }), 'Codes'), 401: errorResponses[401], 404: errorResponses[404], 409: jsonContent(z.any(), 'NOT_ROSTER_MODE') },
    }),
    async (c) => {
      const codes = await contests.issueRoster(requireUser(c, HOSTS), c.req.valid('param').id, c.req.valid('json').students);
      if (c.req.valid('query').format === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8');
        return c.body(csvDocument([['label', 'district', 'code'], ...codes.map((k) => [k.label, k.district ?? '', k.code])]), 201) as never;
      }
      return c.json({ codes }, 201);
    },
  );
}
