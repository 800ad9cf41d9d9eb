import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppContext, AppEnv } from '../../http/app-env.ts';
import { requireUser } from '../../http/app-env.ts';
import { ApiError } from '../../http/errors.ts';
import { errorResponses, signedIn } from '../../http/openapi-common.ts';
import { REPORT_READERS } from '../report-access.ts';
import { CONTEST_CHARTS, SERIES_CHARTS, renderChart, type ChartName } from '../report-charts.ts';
import type { ReportService, ReportSubject } from '../report-service.ts';
import { ContestParams, SeriesParams } from './report-params.ts';

const ChartQuery = z.object({ lang: z.enum(['vi', 'en']).optional() });
const KindSchema = ContestParams.shape.kind;

/**
 * SVG charts. The path `…/charts/{name}.svg` has a literal suffix, which the OpenAPI
 * route helper cannot express as a Hono pattern, so the handler is a plain route with a
 * regex parameter, validated with zod here, and the path is documented in /openapi.json
 * through the registry.
 */
export function registerReportChartRoutes(app: OpenAPIHono<AppEnv>, reports: ReportService): void {
  const svg = async (c: AppContext, subject: ReportSubject, name: string, allowed: readonly string[]) => {
    if (!allowed.includes(name)) throw new ApiError(404, 'NOT_FOUND');
    const q = ChartQuery.safeParse(c.req.query());
    const lang = (q.success ? q.data.lang : undefined) ?? c.get('lang');
    const body = await renderChart(reports, subject, name as ChartName, lang);
    if (!body) throw new ApiError(404, 'NOT_FOUND');
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    c.header('Cache-Control', 'private, no-cache');
    return c.body(body);
  };

  app.get('/api/reports/contests/:kind/:id/charts/:file{[a-z-]+\\.svg}', async (c) => {
    const p = requireUser(c, REPORT_READERS);
    const kind = KindSchema.safeParse(c.req.param('kind'));
    const id = ContestParams.shape.id.safeParse(c.req.param('id'));
    if (!kind.success || !id.success) throw new ApiError(404, 'NOT_FOUND');
    return svg(c, await reports.contest(p, kind.data, id.data), c.req.param('file').replace(/\.svg$/, ''), CONTEST_CHARTS);
  });
  app.get('/api/reports/series/:id/charts/:file{[a-z-]+\\.svg}', async (c) => {
    const p = requireUser(c, REPORT_READERS);
    return svg(c, await reports.series(p, c.req.param('id')), c.req.param('file').replace(/\.svg$/, ''), SERIES_CHARTS);
  });

  const svgResponse = { description: 'SVG chart', content: { 'image/svg+xml': { schema: z.string() } } };
  const nameParam = (names: readonly string[]) => z.enum(names as [string, ...string[]]).openapi({ param: { name: 'name', in: 'path' } });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/api/reports/contests/{kind}/{id}/charts/{name}.svg', tags: ['reports'], security: signedIn,
    summary: 'A contest chart as SVG (title, axis labels, units, <title>/<desc>; Vietnamese labels by default, ?lang=en)',
    request: { params: ContestParams.extend({ name: nameParam(CONTEST_CHARTS) }), query: ChartQuery },
    responses: { 200: svgResponse, 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/api/reports/series/{id}/charts/{name}.svg', tags: ['reports'], security: signedIn,
    summary: 'A series chart as SVG (also the trend line)',
    request: { params: SeriesParams.extend({ name: nameParam(SERIES_CHARTS) }), query: ChartQuery },
    responses: { 200: svgResponse, 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
  });
}
