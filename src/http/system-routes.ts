import { timingSafeEqual } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { z as zod } from 'zod';
import type { AppContext, AppEnv } from './app-env.ts';
import { errorBody } from './errors.ts';
import { jsonContent } from './openapi-common.ts';
import { BankFileSchema } from '../banks/question-schema.ts';

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');
const ReadySchema = z
  .object({ status: z.enum(['ready', 'unavailable']), checks: z.record(z.string(), z.enum(['ok', 'down'])) })
  .openapi('Readiness');

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>civiq API reference</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`;
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;
const DOCS_ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js']);

let bankJsonSchema: unknown;

/** Liveness, readiness, metrics, the OpenAPI document and the API reference page. */
export function registerSystemRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({ method: 'get', path: '/healthz', tags: ['system'], summary: 'Liveness: the process answers', responses: { 200: jsonContent(HealthSchema, 'Alive') } }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['system'],
      summary: 'Readiness: the database (and Redis when configured) answer',
      responses: { 200: jsonContent(ReadySchema, 'Ready'), 503: jsonContent(ReadySchema, 'A dependency is down') },
    }),
    async (c) => {
      const { readiness, logger } = c.get('deps');
      const results = await Promise.all(
        readiness.map(async (r) => {
          try {
            await withTimeout(r.check(), 2000);
            return [r.name, 'ok'] as const;
          } catch (err) {
            logger.warn('readiness check failed', { check: r.name, err });
            return [r.name, 'down'] as const;
          }
        }),
      );
      const ready = results.every(([, s]) => s === 'ok');
      return c.json({ status: ready ? ('ready' as const) : ('unavailable' as const), checks: Object.fromEntries(results) }, ready ? 200 : 503);
    },
  );

  // Metrics name routes, counts and internals: a bearer token (METRICS_TOKEN), else loopback callers only.
  app.get('/metrics', (c) => {
    if (!metricsAllowed(c)) return c.json(errorBody('UNAUTHENTICATED', c.get('lang')), 401, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body(c.get('deps').metrics.render());
  });

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'civiq API',
      version: '0.1.0',
      description:
        'Question banks, live and scheduled contests, district rankings. Errors always use the envelope `{"error":{"code","message","details"}}`; messages follow Accept-Language (vi default, en).',
    },
    components: {},
  } as Parameters<typeof app.doc31>[1]);
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'civiq_session' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

  app.get('/schemas/bank.json', (c) => {
    bankJsonSchema ??= {
      $id: '/schemas/bank.json',
      title: 'civiq question bank',
      ...zod.toJSONSchema(BankFileSchema, { io: 'input', unrepresentable: 'any' }),
    };
    return c.json(bankJsonSchema as Record<string, unknown>);
  });

  app.get('/docs', (c) => c.html(DOCS_HTML));
  app.get('/docs/init.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(DOCS_INIT);
  });
  app.get('/docs/assets/:name', async (c) => {
    const name = c.req.param('name');
    const asset = DOCS_ASSETS.has(name) ? await c.get('deps').staticAsset?.(`swagger-ui-dist/${name}`) : null;
    if (!asset) return c.notFound();
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(asset.body as string);
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

/**
 * Whether this request may read /metrics: with METRICS_TOKEN set, only with
 * `Authorization: Bearer <token>`; without it, only from the machine itself
 * (a loopback peer and no X-Forwarded-For, so a reverse proxy on the same host
 * does not open it to the world).
 */
function metricsAllowed(c: AppContext): boolean {
  const token = c.get('deps').metricsToken;
  if (token) {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '');
    const got = Buffer.from(m?.[1] ?? '');
    const want = Buffer.from(token);
    return got.length === want.length && timingSafeEqual(got, want);
  }
  const peer = c.get('deps').peerAddress?.(c) ?? null;
  return peer !== null && /^(127\.|::1$|::ffff:127\.)/.test(peer) && !c.req.header('X-Forwarded-For');
}
