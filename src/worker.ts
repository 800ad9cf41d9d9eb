/**
 * Cloudflare Workers entry: the HTTP API (banks, regions, scheduled contests, rankings and
 * reports) on the same `createApp(deps)` as the Node server, over PostgreSQL through a
 * Hyperdrive binding. Live contests (socket.io), password sign-in and the pages stay on Node:
 * see src/worker/node-only.ts and docs/deploy.md.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ExecutionContext } from 'hono';
import type { AppEnv } from './http/app-env.ts';
import { negotiateLanguage } from './http/errors.ts';
import { createWorkerApp, type WorkerEnv } from './worker/worker-app.ts';
import { withRequestPool } from './worker/request-pool.ts';
import { forwardToNode, isNodeOnly } from './worker/node-only.ts';

let app: OpenAPIHono<AppEnv> | undefined;

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (isNodeOnly(pathname)) return forwardToNode(request, env.NODE_URL, negotiateLanguage(request.headers.get('Accept-Language')));
    app ??= createWorkerApp(env);
    const built = app;
    return withRequestPool(env.HYPERDRIVE.connectionString, (p) => ctx.waitUntil(p), async () => built.fetch(request, env, ctx));
  },
};
