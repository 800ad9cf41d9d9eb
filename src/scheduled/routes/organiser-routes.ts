import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import { authRequired, requireUser } from '../../http/app-env.ts';
import { errorResponses, jsonBody, jsonContent, signedIn } from '../../http/openapi-common.ts';
import { ScheduledContestCreateSchema, ScheduledContestPatchSchema } from '../contest-schema.ts';
import { contestView } from '../contest-view.ts';
import type { ScheduledModule } from '../scheduled-module.ts';
import { Loose, SlugParam, tags } from './shared.ts';
import { contestProgress } from '../progress.ts';

const ORGANISERS = ['admin', 'teacher'] as const;
const ContestOut = Loose('ScheduledContest');
const DupParam = SlugParam.extend({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

/** Organiser routes: create, read, change, list, close, publish, duplicates, the organiser right. */
export function registerOrganiserRoutes(app: OpenAPIHono<AppEnv>, m: ScheduledModule): void {
  app.use('/api/organiser-grants', authRequired(['admin']));

  app.openapi(
    createRoute({
      method: 'post', path: '/api/scheduled-contests', tags, security: signedIn,
      summary: 'Create a scheduled contest (admin, or a teacher with the organiser right for the region set)',
      description: 'Exactly one of questionsPerAttempt or blueprint. Times are ISO 8601, stored in UTC, shown in Asia/Ho_Chi_Minh. Defaults: maxAttempts 1, keysVisible afterClose, unit formula 1 × participation % + prize points 10/8/6/2.',
      middleware: [authRequired(ORGANISERS)] as const,
      request: { body: jsonBody(ScheduledContestCreateSchema) },
      responses: { 201: jsonContent(ContestOut, 'Created'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 409: jsonContent(z.any(), 'SLUG_TAKEN'), 422: errorResponses[422] },
    }),
    async (c) => c.json(await m.organiser.create(requireUser(c, ORGANISERS), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/scheduled-contests', tags,
      summary: 'Contests with their state (draft/upcoming/open/closed/published): organisers see theirs (drafts too), anyone else the announced ones',
      responses: { 200: jsonContent(z.object({ contests: z.array(ContestOut) }), 'Contests') },
    }),
    async (c) => {
      await m.closer.sweepDueContests();
      return c.json({ contests: await m.organiser.list(c.get('principal')) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/scheduled-contests/{slug}', tags,
      summary: 'One contest: rules, window (UTC and Vietnam time), districts; organisers also see the draw settings',
      request: { params: SlugParam },
      responses: { 200: jsonContent(ContestOut, 'Contest'), 404: errorResponses[404] },
    }),
    async (c) => {
      const { slug } = c.req.valid('param');
      await m.closer.ensureClosed(await m.ctx.contest(slug));
      return c.json(await m.organiser.get(c.get('principal'), slug), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/api/scheduled-contests/{slug}', tags, security: signedIn,
      summary: 'Change a contest: anything before it opens; while open only title, rules, prizes, unitFormula and a later closesAt; after close only texts (409 FIELD_LOCKED)',
      middleware: [authRequired(ORGANISERS)] as const,
      request: { params: SlugParam, body: jsonBody(ScheduledContestPatchSchema) },
      responses: { 200: jsonContent(ContestOut, 'Updated'), 401: errorResponses[401], 404: errorResponses[404], 409: jsonContent(z.any(), 'FIELD_LOCKED'), 422: errorResponses[422] },
    }),
    async (c) => c.json(await m.organiser.patch(requireUser(c, ORGANISERS), c.req.valid('param').slug, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/scheduled-contests/{slug}/close', tags, security: signedIn,
      summary: 'Close now: running attempts end with what was saved, the official results are frozen (idempotent)',
      middleware: [authRequired(ORGANISERS)] as const,
      request: { params: SlugParam },
      responses: { 200: jsonContent(ContestOut, 'Closed'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const row = await m.closer.closeEarly(requireUser(c, ORGANISERS), c.req.valid('param').slug);
      return c.json(contestView(row, m.ctx.now(), { organiser: true }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/scheduled-contests/{slug}/publish', tags, security: signedIn,
      summary: 'Make the official rankings public (after close; 409 CONTEST_NOT_CLOSED before)',
      middleware: [authRequired(ORGANISERS)] as const,
      request: { params: SlugParam },
      responses: { 200: jsonContent(ContestOut, 'Published'), 401: errorResponses[401], 404: errorResponses[404], 409: jsonContent(z.any(), 'CONTEST_NOT_CLOSED') },
    }),
    async (c) => {
      const p = requireUser(c, ORGANISERS);
      const { slug } = c.req.valid('param');
      await m.closer.ensureClosed(await m.ctx.organised(p, slug));
      return c.json(await m.organiser.publish(p, slug), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/scheduled-contests/{slug}/progress', tags, security: signedIn,
      summary: 'Participants and attempts so far, per district (the same figures the /scheduled socket pushes)',
      middleware: [authRequired(ORGANISERS)] as const,
      request: { params: SlugParam },
      responses: { 200: jsonContent(Loose('ScheduledProgress'), 'Progress'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const row = await m.ctx.organised(requireUser(c, ORGANISERS), c.req.valid('param').slug);
      return c.json(await contestProgress(m.ctx, row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/scheduled-contests/{slug}/duplicates', tags, security: signedIn,
      summary: 'Registrations flagged as likely duplicates (same normalised name, date of birth and school), for review',
      middleware: [authRequired(ORGANISERS)] as const,
      request: { params: SlugParam, query: z.object({ status: z.enum(['open', 'merged', 'dismissed', 'all']).default('open') }) },
      responses: { 200: jsonContent(z.object({ items: z.array(Loose('ScheduledDuplicate')) }), 'Flags'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await m.duplicates.list(requireUser(c, ORGANISERS), c.req.valid('param').slug, c.req.valid('query').status), 200),
  );

  for (const decision of ['merge', 'dismiss'] as const) {
    app.openapi(
      createRoute({
        method: 'post', path: `/api/scheduled-contests/{slug}/duplicates/{id}/${decision}`, tags, security: signedIn,
        summary: decision === 'merge' ? "Merge: the later registration's attempts move to the earlier one (before close only)" : 'Dismiss: they are different people',
        middleware: [authRequired(ORGANISERS)] as const,
        request: { params: DupParam },
        responses: { 200: jsonContent(z.object({ id: z.string(), status: z.string() }), 'Decided'), 401: errorResponses[401], 404: errorResponses[404], 409: jsonContent(z.any(), 'DUPLICATE_DECIDED / CONTEST_CLOSED') },
      }),
      async (c) => {
        const { slug, id } = c.req.valid('param');
        return c.json(await m.duplicates.decide(requireUser(c, ORGANISERS), slug, id, decision), 200);
      },
    );
  }

  const GrantSchema = z.object({ email: z.email().max(200), regionSet: z.string().min(1).max(64), grant: z.boolean().default(true) }).strict();
  const GrantsOut = z.object({ grants: z.array(z.object({ email: z.string(), regionSet: z.string(), grantedAt: z.string() })) });
  app.openapi(
    createRoute({
      method: 'put', path: '/api/organiser-grants', tags, security: signedIn,
      summary: "Admins give (grant: true) or take a teacher's organiser right for a region set",
      request: { body: jsonBody(GrantSchema) },
      responses: { 200: jsonContent(GrantsOut, 'Grants'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => c.json({ grants: await m.organiser.setGrant(requireUser(c, ['admin']), c.req.valid('json')) }, 200),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/api/organiser-grants', tags, security: signedIn, summary: 'Who holds the organiser right, per region set (admins)', responses: { 200: jsonContent(GrantsOut, 'Grants'), 401: errorResponses[401], 403: errorResponses[403] } }),
    async (c) => c.json({ grants: await m.organiser.grants(requireUser(c, ['admin'])) }, 200),
  );
}
