import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps, AppEnv } from './http/app-env.ts';
import { ApiError, errorBody, negotiateLanguage } from './http/errors.ts';
import { registerSystemRoutes } from './http/system-routes.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import { resolvePrincipal, rejectCrossSiteWrites } from './auth/middleware.ts';
import { imageSources } from './banks/image-policy.ts';

/** Default body limit; routes that take files (imports) raise it for themselves. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const LARGE_BODY_LIMIT = 6 * 1024 * 1024;
const LARGE_BODY_PATHS = /^\/api\/banks\/[^/]+\/(import|images)$/;

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  // Our uploads and inline QR codes only; createApp adds the admin's IMAGE_HOSTS (image-policy.ts).
  imgSrc: imageSources([]),
  connectSrc: ["'self'", 'ws:', 'wss:'],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

/**
 * Build the HTTP application from its dependencies. No runtime-specific imports:
 * the same app runs under @hono/node-server and on Workers.
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const details = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
        return c.json(errorBody('VALIDATION_FAILED', c.get('lang') ?? 'vi', details), 422);
      }
      return undefined;
    },
  });
  const httpRequests = deps.metrics.counter('civiq_http_requests_total', 'HTTP requests by method, route and status.');
  const httpDuration = deps.metrics.histogram('civiq_http_request_duration_seconds', 'HTTP request duration by method and route.');
  const now = deps.now ?? Date.now;

  app.use('*', requestId({ headerName: 'X-Request-Id', limitLength: 128 }));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('lang', negotiateLanguage(c.req.header('Accept-Language')));
    c.set('principal', null);
    const start = now();
    await next();
    // The matched route pattern keeps label cardinality bounded.
    const route = c.req.routePath === '/*' || !c.req.routePath ? 'unmatched' : c.req.routePath;
    const status = String(c.res.status);
    httpRequests.inc({ method: c.req.method, route, status });
    httpDuration.observe((now() - start) / 1000, { method: c.req.method, route });
    if (c.req.path !== '/healthz' && c.req.path !== '/metrics') {
      deps.logger.info('request', { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, route, status: c.res.status, ms: now() - start });
    }
  });
  const csp = { ...CONTENT_SECURITY_POLICY, imgSrc: imageSources(deps.imageHosts ?? []) };
  app.use('*', secureHeaders({ contentSecurityPolicy: csp, crossOriginEmbedderPolicy: false }));
  app.use('*', async (c, next) => {
    const limit = LARGE_BODY_PATHS.test(c.req.path) ? LARGE_BODY_LIMIT : DEFAULT_BODY_LIMIT;
    return bodyLimit({ maxSize: limit, onError: (c) => c.json(errorBody('PAYLOAD_TOO_LARGE', c.get('lang'), { limitBytes: limit }), 413) })(c, next);
  });
  app.use('/api/*', resolvePrincipal);
  app.use('/api/*', rejectCrossSiteWrites);

  registerSystemRoutes(app);
  registerAuthRoutes(app);
  for (const register of deps.modules ?? []) register(app);

  app.notFound((c) => c.json(errorBody(c.req.path.startsWith('/api/') ? 'ROUTE_NOT_FOUND' : 'NOT_FOUND', c.get('lang') ?? 'vi'), 404));
  app.onError((err, c) => {
    const lang = c.get('lang') ?? 'vi';
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return c.json(errorBody(err.code, lang, err.details, err.localized), err.status as 400);
    }
    if (err instanceof HTTPException) {
      if (err.status === 400 && /JSON/i.test(err.message)) return c.json(errorBody('INVALID_JSON', lang), 400);
      if (err.status === 413) return c.json(errorBody('PAYLOAD_TOO_LARGE', lang), 413);
      return c.json(errorBody(err.status === 401 ? 'UNAUTHENTICATED' : err.status === 403 ? 'FORBIDDEN' : 'BAD_REQUEST', lang, err.message), err.status);
    }
    deps.logger.error('unhandled error', { requestId: c.get('requestId'), path: c.req.path, err });
    return c.json(errorBody('INTERNAL', lang, { requestId: c.get('requestId') }), 500);
  });
  return app;
}
