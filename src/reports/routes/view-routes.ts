import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppContext, AppEnv } from '../../http/app-env.ts';
import { requireUser } from '../../http/app-env.ts';
import { errorResponses, jsonContent, signedIn } from '../../http/openapi-common.ts';
import type { Language } from '../../shared/localized.ts';
import { REPORT_READERS } from '../report-access.ts';
import type { ReportService, ReportSubject } from '../report-service.ts';
import { ContestParams, FormatQuery, SeriesParams, langOf, respondItems } from './report-params.ts';
import { CompetenceItemSchema, DistrictItemSchema, QuestionItemSchema, SchoolItemSchema, TrendItemSchema, itemsOf } from './report-schemas.ts';

const DistrictCode = z.string().regex(/^[a-z0-9-]{1,64}$/);

/** One report view: its path segment, item schema, extra query fields and how it is computed. */
interface ReportView {
  name: string;
  summary: string;
  item: z.ZodObject;
  query: Record<string, z.ZodType>;
  seriesOnly?: boolean;
  run(reports: ReportService, s: ReportSubject, lang: Language, q: Record<string, unknown>): Promise<ReadonlyArray<Record<string, unknown>>>;
}

export const REPORT_VIEWS: readonly ReportView[] = [
  {
    name: 'districts',
    summary: 'Per district: participants, enrolment, participation rate, attempts, mean/median/90th-percentile score, completion rate, collective score, rank, change against the previous contest of its series',
    item: DistrictItemSchema,
    query: {},
    run: (r, s, lang) => r.districts(s, lang) as never,
  },
  {
    name: 'competences',
    summary: 'Per district × competence (Circular 02/2025 codes and their six domains): correct rate, province mean, difference, Wilson 95% interval and the n behind it',
    item: CompetenceItemSchema,
    query: { level: z.enum(['domain', 'component', 'all']).default('all') },
    run: (r, s, lang, q) => r.competences(s, lang, q.level as 'domain' | 'component' | 'all') as never,
  },
  {
    name: 'questions',
    summary: 'Questions hardest first (correct rate, mean time, most chosen wrong option), overall or for ?district=',
    item: QuestionItemSchema,
    query: { district: DistrictCode.optional() },
    run: (r, s, lang, q) => r.questions(s, lang, q.district as string | undefined) as never,
  },
  {
    name: 'schools',
    summary: "Per school of ?district= (that district's officials, province officials, the owner, admins)",
    item: SchoolItemSchema,
    query: { district: DistrictCode },
    run: (r, s, _lang, q) => r.schools(s, q.district as string) as never,
  },
  {
    name: 'trend',
    summary: 'Per contest of the series (in order) × district: participants, participation rate, mean score and its change against the previous contest',
    item: TrendItemSchema,
    query: {},
    seriesOnly: true,
    run: (r, s, lang) => r.trend(s, lang) as never,
  },
];

/** The JSON/CSV report views, for one contest and for a series. */
export function registerReportViewRoutes(app: OpenAPIHono<AppEnv>, reports: ReportService): void {
  const tags = ['reports'];
  for (const view of REPORT_VIEWS) {
    const columns = Object.keys(view.item.shape);
    const responses = {
      200: { ...jsonContent(itemsOf(view.item), 'Items (or CSV with ?format=csv)'), content: { 'application/json': { schema: itemsOf(view.item) }, 'text/csv': { schema: z.string() } } },
      401: errorResponses[401],
      403: errorResponses[403],
      404: errorResponses[404],
      422: errorResponses[422],
    };
    const query = z.object({ ...FormatQuery, ...view.query });
    const handle = async (c: AppContext, subject: (p: ReturnType<typeof requireUser>) => Promise<ReportSubject>, name: string) => {
      const p = requireUser(c, REPORT_READERS);
      const q = (c.req as unknown as { valid(t: 'query'): Record<string, unknown> & { format: 'json' | 'csv'; lang?: Language } }).valid('query');
      const s = await subject(p);
      const items = await view.run(reports, s, langOf(c, q), q);
      return respondItems(c, q.format, name, items, columns);
    };
    if (!view.seriesOnly) {
      app.openapi(
        createRoute({ method: 'get', path: `/api/reports/contests/{kind}/{id}/${view.name}`, tags, security: signedIn, summary: `Contest report: ${view.summary}`, request: { params: ContestParams, query }, responses }),
        (async (c: AppContext) => {
          const { kind, id } = (c.req as unknown as { valid(t: 'param'): { kind: 'live' | 'scheduled'; id: string } }).valid('param');
          return handle(c, (p) => reports.contest(p, kind, id), `${view.name}-${kind}-${id}`);
        }) as never,
      );
    }
    app.openapi(
      createRoute({ method: 'get', path: `/api/reports/series/{id}/${view.name}`, tags, security: signedIn, summary: `Series report: ${view.summary}`, request: { params: SeriesParams, query }, responses }),
      (async (c: AppContext) => {
        const { id } = (c.req as unknown as { valid(t: 'param'): { id: string } }).valid('param');
        return handle(c, (p) => reports.series(p, id), `${view.name}-series-${id}`);
      }) as never,
    );
  }
}
