import type { OpenAPIHono } from '@hono/zod-openapi';
import { authRequired, type AppEnv } from '../../http/app-env.ts';
import { REPORT_READERS } from '../report-access.ts';
import type { ReportService } from '../report-service.ts';
import { registerReportChartRoutes } from './chart-routes.ts';
import { registerReportSeriesRoutes } from './series-routes.ts';
import { registerReportViewRoutes } from './view-routes.ts';

/** Every report route (JSON/CSV views, SVG charts, series). Paths start with /api/reports or /api/report-series. */
export function registerReportRoutes(app: OpenAPIHono<AppEnv>, reports: ReportService): void {
  // Signed-in readers only, checked before any validation (an anonymous caller learns nothing about parameters).
  for (const path of ['/api/reports', '/api/reports/*']) app.use(path, authRequired(REPORT_READERS));
  registerReportSeriesRoutes(app, reports);
  registerReportChartRoutes(app, reports);
  registerReportViewRoutes(app, reports);
}

/** How the security test finds the report routes in an app's route table. */
export const isReportPath = (path: string) => path === '/api/reports' || path.startsWith('/api/reports/') || path === '/api/report-series';
