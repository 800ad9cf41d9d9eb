import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import type { ScheduledModule } from '../scheduled-module.ts';
import { registerOrganiserRoutes } from './organiser-routes.ts';
import { registerParticipantRoutes } from './participant-routes.ts';
import { registerPracticeRoutes } from './practice-routes.ts';
import { registerRankingRoutes } from './ranking-routes.ts';

/** Every HTTP route of scheduled contests and practice (docs/scheduled.md). */
export function registerScheduledRoutes(app: OpenAPIHono<AppEnv>, m: ScheduledModule): void {
  registerOrganiserRoutes(app, m);
  registerParticipantRoutes(app, m);
  registerRankingRoutes(app, m);
  registerPracticeRoutes(app, m);
}
