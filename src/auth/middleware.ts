import { getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { ApiError } from '../http/errors.ts';

export const SESSION_COOKIE = 'civiq_session';

/**
 * Bearer tokens that are not accounts' (scheduled-contest participants, `civiqp_…`):
 * the routes that take them check them; here they establish no principal.
 */
export const PARTICIPANT_TOKEN_PREFIX = 'civiqp_';

/** Establish who is calling: a bearer token first (scripts), else the session cookie (browsers). */
export const resolvePrincipal: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { auth } = c.get('deps');
  const header = c.req.header('Authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (m?.[1]?.startsWith(PARTICIPANT_TOKEN_PREFIX)) return next();
    const principal = m?.[1] ? await auth.fromBearer(m[1]) : null;
    if (!principal) throw new ApiError(401, 'UNAUTHENTICATED', { message: { vi: 'Mã truy cập không hợp lệ hoặc đã bị thu hồi.', en: 'The access token is invalid or revoked.' } });
    c.set('principal', principal);
  } else {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) c.set('principal', await auth.fromSession(cookie));
  }
  await next();
};

/**
 * Cookie-authenticated writes must come from our own pages. SameSite=Lax already
 * keeps the cookie off cross-site POSTs; this also refuses a foreign Origin or a
 * `Sec-Fetch-Site: cross-site` outright, whatever the content type. Bearer-token
 * calls (scripts) carry no ambient credentials and are not checked.
 */
export const rejectCrossSiteWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) || c.req.header('Authorization')) return next();
  const site = c.req.header('Sec-Fetch-Site');
  if (site === 'cross-site' || site === 'same-site') throw new ApiError(403, 'CSRF_REJECTED');
  const origin = c.req.header('Origin');
  if (origin && origin !== 'null') {
    const allowed = new Set([new URL(c.req.url).origin]);
    const pub = c.get('deps').publicUrl;
    if (pub) allowed.add(new URL(pub).origin);
    const host = c.req.header('Host');
    if (host) {
      allowed.add(`http://${host}`);
      allowed.add(`https://${host}`);
    }
    if (!allowed.has(origin)) throw new ApiError(403, 'CSRF_REJECTED');
  } else if (origin === 'null') {
    throw new ApiError(403, 'CSRF_REJECTED');
  }
  return next();
};
