import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { AppContext, AppEnv } from '../http/app-env.ts';
import { requireUser } from '../http/app-env.ts';
import { ApiError } from '../http/errors.ts';
import { errorResponses, jsonBody, jsonContent, signedIn } from '../http/openapi-common.ts';
import { SESSION_COOKIE } from './middleware.ts';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SEC } from './device-cookie.ts';
import type { Principal } from './auth-service.ts';

const RoleSchema = z.enum(['admin', 'teacher', 'official']);
const MeSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    regionCode: z.string().nullable(),
    via: z.enum(['session', 'token', 'system']),
  })
  .openapi('Me');
const LoginSchema = z
  .object({ email: z.string().min(3).max(320), password: z.string().min(1).max(256) })
  .openapi('LoginRequest', { example: { email: 'teacher@example.edu.vn', password: 'correct horse battery staple' } });
const TokenCreateSchema = z.object({ name: z.string().trim().min(1).max(100), expiresInDays: z.number().int().min(1).max(3650).optional() }).openapi('ApiTokenRequest');
const TokenSchema = z
  .object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.string(), expiresAt: z.string().nullable(), lastUsedAt: z.string().nullable().optional(), revokedAt: z.string().nullable().optional() })
  .openapi('ApiToken');
const UserCreateSchema = z
  .object({
    email: z.email(),
    password: z.string().min(12).max(256),
    role: RoleSchema,
    displayName: z.string().trim().max(200).optional(),
    regionCode: z.string().max(64).optional(),
  })
  .openapi('UserCreate');

const meOf = (p: Principal) => ({ id: p.userId, email: p.email, displayName: p.displayName, role: p.role, regionCode: p.regionCode, via: p.via });
const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());

/**
 * The caller's address, as the runtime knows it (AppDeps.clientAddress: on Node the
 * socket peer, or the client in X-Forwarded-For when the peer is a TRUST_PROXY proxy;
 * Cloudflare's header on Workers).
 */
export function clientAddress(c: AppContext): string {
  return c.get('deps').clientAddress?.(c) ?? 'unknown';
}

export function registerAuthRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/login',
      tags: ['auth'],
      summary: 'Sign in with email and password; sets an HttpOnly session cookie',
      request: { body: jsonBody(LoginSchema) },
      responses: { 200: jsonContent(z.object({ user: MeSchema, expiresAt: z.string() }), 'Signed in'), 401: errorResponses[401], 422: errorResponses[422], 429: errorResponses[429] },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json');
      const deps = c.get('deps');
      const session = await deps.auth.login({ email, password, ip: clientAddress(c), userAgent: c.req.header('User-Agent'), deviceCookie: getCookie(c, DEVICE_COOKIE) });
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: deps.publicUrl?.startsWith('https:') ?? false,
        path: '/',
        expires: session.expiresAt,
      });
      // Second, so clients that read only the first Set-Cookie get the session.
      setCookie(c, DEVICE_COOKIE, session.deviceCookie, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: deps.publicUrl?.startsWith('https:') ?? false,
        path: '/api/auth/login',
        maxAge: DEVICE_COOKIE_MAX_AGE_SEC,
      });
      return c.json({ user: meOf(session.principal), expiresAt: session.expiresAt.toISOString() }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/api/auth/logout', tags: ['auth'], summary: 'End the current session', responses: { 204: { description: 'Signed out' } } }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await c.get('deps').auth.logout(token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/me',
      tags: ['auth'],
      summary: 'The signed-in account',
      security: signedIn,
      responses: { 200: jsonContent(MeSchema, 'The account'), 401: errorResponses[401] },
    }),
    (c) => c.json(meOf(requireUser(c)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/tokens',
      tags: ['auth'],
      summary: 'Issue a bearer token for scripts (shown once)',
      security: signedIn,
      request: { body: jsonBody(TokenCreateSchema) },
      responses: { 201: jsonContent(TokenSchema.extend({ token: z.string() }), 'The new token; store it now, it is not shown again'), 401: errorResponses[401], 422: errorResponses[422] },
    }),
    async (c) => {
      const p = requireUser(c);
      const body = c.req.valid('json');
      const t = await c.get('deps').auth.createApiToken(p.userId, body.name, body.expiresInDays);
      return c.json({ id: t.id, name: t.name, prefix: t.prefix, createdAt: iso(t.created_at)!, expiresAt: iso(t.expires_at), token: t.token }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/tokens',
      tags: ['auth'],
      summary: "List the caller's tokens (never the secrets)",
      security: signedIn,
      responses: { 200: jsonContent(z.object({ tokens: z.array(TokenSchema) }), 'Tokens'), 401: errorResponses[401] },
    }),
    async (c) => {
      const p = requireUser(c);
      const rows = await c.get('deps').auth.listApiTokens(p.userId);
      return c.json(
        { tokens: rows.map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, createdAt: iso(t.created_at)!, expiresAt: iso(t.expires_at), lastUsedAt: iso(t.last_used_at), revokedAt: iso(t.revoked_at) })) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/auth/tokens/{id}',
      tags: ['auth'],
      summary: 'Revoke a token',
      security: signedIn,
      request: { params: z.object({ id: z.uuid() }) },
      responses: { 204: { description: 'Revoked' }, 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const p = requireUser(c);
      const ok = await c.get('deps').auth.revokeApiToken(p, c.req.valid('param').id);
      if (!ok) throw new ApiError(404, 'NOT_FOUND');
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/users',
      tags: ['auth'],
      summary: 'Create an account (admins only)',
      security: signedIn,
      request: { body: jsonBody(UserCreateSchema) },
      responses: { 201: jsonContent(MeSchema.omit({ via: true }), 'Created'), 401: errorResponses[401], 403: errorResponses[403], 409: jsonContent(z.any(), 'EMAIL_TAKEN'), 422: errorResponses[422] },
    }),
    async (c) => {
      requireUser(c, ['admin']);
      const body = c.req.valid('json');
      if (body.regionCode !== undefined) {
        // An official's region decides what they see: a typo must not create an account that sees nothing (or the wrong unit).
        const unit = await c.get('deps').db.selectFrom('regions').select('code').where('code', '=', body.regionCode).executeTakeFirst();
        if (!unit) throw new ApiError(422, 'REGION_UNKNOWN', { details: { regionCode: body.regionCode } });
      }
      const u = await c.get('deps').auth.createUser(body);
      return c.json({ id: u.id, email: u.email, displayName: u.display_name, role: u.role, regionCode: u.region_code }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/users/{id}',
      tags: ['auth'],
      summary: 'Disable or re-enable an account (admins only): disabling ends its sessions and closes its sockets',
      security: signedIn,
      request: { params: z.object({ id: z.uuid() }), body: jsonBody(z.object({ disabled: z.boolean() }).strict().openapi('UserUpdate')) },
      responses: { 200: jsonContent(MeSchema.omit({ via: true }).extend({ disabled: z.boolean() }), 'Updated'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => {
      const p = requireUser(c, ['admin']);
      const { id } = c.req.valid('param');
      const { disabled } = c.req.valid('json');
      if (disabled && id === p.userId) throw new ApiError(422, 'VALIDATION_FAILED', { details: [{ path: 'disabled', message: 'an admin cannot disable their own account' }] });
      const u = await c.get('deps').auth.setDisabled(id, disabled);
      if (!u) throw new ApiError(404, 'NOT_FOUND');
      return c.json({ id: u.id, email: u.email, displayName: u.display_name, role: u.role, regionCode: u.region_code, disabled: u.disabled_at !== null }, 200);
    },
  );
}
