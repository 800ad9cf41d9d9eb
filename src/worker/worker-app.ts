import { Kysely, PostgresDialect, sql } from 'kysely';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../app.ts';
import type { AppDeps, AppEnv } from '../http/app-env.ts';
import type { Database } from '../db/schema.ts';
import { createAuthService } from '../auth/auth-service.ts';
import { createLogger, type LogLevel } from '../shared/logger.ts';
import { MetricsRegistry } from '../shared/metrics.ts';
import { createBankService } from '../banks/bank-service.ts';
import { registerBankRoutes } from '../banks/routes.ts';
import { createRegionService } from '../regions/region-service.ts';
import { registerRegionRoutes } from '../regions/routes.ts';
import { createScheduledModule } from '../scheduled/scheduled-module.ts';
import { registerScheduledRoutes } from '../scheduled/routes/index.ts';
import { createReportService } from '../reports/report-service.ts';
import { registerReportRoutes } from '../reports/routes/index.ts';
import { scheduledContestClosedHook } from '../reports/scheduled-fact-source.ts';
import { requestScopedPool } from './request-pool.ts';
import { r2ImageStore, type R2BucketLike } from './r2-image-store.ts';

/** What the worker reads from its bindings and variables (wrangler.toml, `wrangler secret put`). */
export interface WorkerEnv {
  /** Hyperdrive binding to PostgreSQL (locally: `localConnectionString` or the CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE variable). */
  HYPERDRIVE: { connectionString: string };
  /** Key for session and token hashes: the same secret as the Node server's, so both accept one cookie or token. */
  SESSION_SECRET: string;
  PUBLIC_URL?: string;
  /** The Node deployment that serves live contests, sign-in and pages; requests for them are forwarded there. */
  NODE_URL?: string;
  LOG_LEVEL?: LogLevel;
  /** Optional R2 bucket for question images; without it images are kept in PostgreSQL (shared with the Node server). */
  IMAGES?: R2BucketLike;
}

/**
 * The Workers composition root: the same `createApp(deps)` as Node, with the route modules
 * whose import graph is runtime-neutral, over a Kysely whose connections come from the
 * running request's pool. Built once per isolate (no I/O happens here).
 */
export function createWorkerApp(env: WorkerEnv): OpenAPIHono<AppEnv> {
  if (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32) throw new Error('SESSION_SECRET must be set (32 characters or more): wrangler secret put SESSION_SECRET');
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: requestScopedPool }) });
  const logger = createLogger(env.LOG_LEVEL ?? 'info', { runtime: 'workers' }, (level, line) => (level === 'error' ? console.error(line) : console.log(line)));
  const banks = createBankService({ db, ...(env.IMAGES ? { images: r2ImageStore(env.IMAGES) } : {}) });
  const regions = createRegionService({ db });
  // No sweeper runs on Workers: attempts past their deadline close lazily when read, as on Node.
  // The close step writes the reports' facts in its transaction, wherever it runs.
  const scheduled = createScheduledModule({ db, banks, regions, secret: env.SESSION_SECRET, onContestClosed: [scheduledContestClosedHook] });
  const reports = createReportService({ db });
  const deps: AppDeps = {
    db,
    logger,
    metrics: new MetricsRegistry(),
    auth: createAuthService({ db, secret: env.SESSION_SECRET }),
    readiness: [{ name: 'database', check: async () => void (await sql`select 1`.execute(db)) }],
    publicUrl: env.PUBLIC_URL,
    // Cloudflare sets the client's address; the worker sees no socket.
    peerAddress: (c) => c.req.header('cf-connecting-ip') ?? null,
    modules: [(app) => registerBankRoutes(app, banks), (app) => registerRegionRoutes(app, regions), (app) => registerScheduledRoutes(app, scheduled), (app) => registerReportRoutes(app, reports)],
  };
  return createApp(deps);
}
