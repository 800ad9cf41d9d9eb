import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import { authRequired, requireUser } from '../../http/app-env.ts';
import { errorResponses, jsonContent, signedIn } from '../../http/openapi-common.ts';
import { toCsv } from '../csv.ts';
import type { ScheduledModule } from '../scheduled-module.ts';
import { Loose, SlugParam, csvResponse, tags } from './shared.ts';

const RankingQuery = z.object({
  scope: z.enum(['individual', 'school', 'district']).default('individual'),
  district: z.string().max(64).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(100_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Rankings (organisers always; everyone once published) and the audit export. */
export function registerRankingRoutes(app: OpenAPIHono<AppEnv>, m: ScheduledModule): void {
  app.openapi(
    createRoute({
      method: 'get', path: '/api/scheduled-contests/{slug}/rankings', tags,
      summary: 'Rankings per person, school or district; {items} or ?format=csv. Official (frozen) after close; before close organisers see the live order',
      description: 'Individual order: best score desc; |prediction − actual| asc (none last); duration asc; submit time asc; attempt id. Units: collective score desc, participation rate desc, mean score desc, unit key. Public unit rows under 5 participants have mean/median suppressed.',
      request: { params: SlugParam, query: RankingQuery },
      responses: {
        200: { description: 'Rankings', content: { 'application/json': { schema: z.object({ items: z.array(Loose('ScheduledRankingRow')) }).passthrough() }, 'text/csv': { schema: z.string() } } },
        403: errorResponses[403], 404: errorResponses[404],
      },
    }),
    async (c) => {
      const { slug } = c.req.valid('param');
      const q = c.req.valid('query');
      const r = await m.rankings.rankings(c.get('principal'), slug, { scope: q.scope, district: q.district, limit: q.format === 'csv' ? 10_000_000 : q.limit, offset: q.format === 'csv' ? 0 : q.offset });
      if (q.format === 'json') return c.json(r, 200);
      const items = r.items as Array<Record<string, unknown>>;
      const columns = items.length > 0 ? Object.keys(items[0]!) : [];
      return csvResponse(c, toCsv([columns, ...items.map((it) => columns.map((k) => it[k]))]), `civiq-${slug}-${q.scope}.csv`);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/scheduled-contests/{slug}/audit.csv', tags, security: signedIn,
      summary: 'Audit export: every ranking row (individual, school, district) with the keys that decided it',
      middleware: [authRequired(['admin', 'teacher'])] as const,
      request: { params: SlugParam },
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const { slug } = c.req.valid('param');
      const a = await m.rankings.audit(requireUser(c, ['admin', 'teacher']), slug);
      const header = ['scope', 'rank', 'id', 'name', 'district', 'school', 'class', 'attempt_id', 'score', 'max_score', 'correct', 'prediction', 'prediction_actual', 'prediction_error', 'duration_ms', 'submitted_at', 'prize',
        'participants', 'enrolment', 'participation_rate', 'mean_score', 'median_score', 'prize_points', 'collective_score'];
      const rows: unknown[][] = [header];
      const actual = a.row.prediction_actual;
      for (const r of a.individuals) rows.push(['individual', r.rank, r.participant_id, r.full_name, r.district, r.school, r.class_name, r.attempt_id, r.score, r.max_score, r.correct_count, r.prediction, actual, r.prediction_error, r.duration_ms, r.submitted_at, r.prize, '', '', '', '', '', '', '']);
      for (const [scope, list] of [['school', a.school], ['district', a.district]] as const) {
        for (const u of list) rows.push([scope, u.rank, u.unit_key, u.name, u.district, '', '', '', '', '', '', '', '', '', '', '', '', u.participants, u.enrolment, u.participation_rate, u.mean_score, u.median_score, u.prize_points, u.collective_score]);
      }
      return csvResponse(c, toCsv(rows), `civiq-${slug}-audit.csv`);
    },
  );
}
