import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import { authRequired, requireUser } from '../../http/app-env.ts';
import { errorResponses, jsonBody, jsonContent, signedIn } from '../../http/openapi-common.ts';
import { REPORT_READERS, SERIES_CREATORS } from '../report-access.ts';
import { SeriesCreateSchema, type ReportService } from '../report-service.ts';

const SeriesCreatedSchema = z
  .object({ id: z.string(), title: z.string(), regionSet: z.string().nullable(), contests: z.array(z.object({ kind: z.string(), id: z.string() })) })
  .openapi('ReportSeriesCreated');

/** Grouping contests into a series, and the dashboard's list of what the caller may open. */
export function registerReportSeriesRoutes(app: OpenAPIHono<AppEnv>, reports: ReportService): void {
  const tags = ['reports'];
  app.use('/api/report-series', authRequired(SERIES_CREATORS));
  app.openapi(
    createRoute({
      method: 'post', path: '/api/report-series', tags, security: signedIn,
      summary: 'Group finished contests into a series (organisers: their own contests; province officials: their province; admins: any)',
      description: 'Either `contests` (in order) or `regionSet` with an optional `from`/`to` period (dates, Vietnam time): every finished contest of that region set in the period, oldest first.',
      request: { body: jsonBody(SeriesCreateSchema) },
      responses: { 201: jsonContent(SeriesCreatedSchema, 'Created'), 401: errorResponses[401], 403: errorResponses[403], 422: errorResponses[422] },
    }),
    async (c) => c.json(await reports.createSeries(requireUser(c, SERIES_CREATORS), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/reports', tags, security: signedIn,
      summary: 'Finished contests and series the caller may open in reports',
      responses: { 200: jsonContent(z.object({ contests: z.array(z.looseObject({ kind: z.string(), id: z.string() })), series: z.array(z.looseObject({ id: z.string() })) }), 'Available reports'), 401: errorResponses[401], 403: errorResponses[403] },
    }),
    async (c) => c.json(await reports.available(requireUser(c, REPORT_READERS)), 200),
  );
}
