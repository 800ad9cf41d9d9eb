import type { Kysely } from 'kysely';
import type { Context } from 'hono';
import type { Database, Role } from '../db/schema.ts';
import type { Logger } from '../shared/logger.ts';
import type { MetricsRegistry } from '../shared/metrics.ts';
import type { Language } from '../shared/localized.ts';
import type { AuthService, Principal } from '../auth/auth-service.ts';
import { ApiError } from './errors.ts';

/** A check the readiness probe runs: a name and a function that throws when the part is down. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

/** Everything a request handler may use, built once by the composition root. */
export interface AppDeps {
  db: Kysely<Database>;
  logger: Logger;
  metrics: MetricsRegistry;
  auth: AuthService;
  readiness: ReadinessCheck[];
  /** Public base URL (for cookies' Secure flag, links and allowed origins). */
  publicUrl?: string | undefined;
  /** Serves files the API reference page needs; absent where the runtime has no files. */
  staticAsset?: ((name: string) => Promise<{ body: Uint8Array | string; type: string } | null>) | undefined;
  /** Extra route modules (banks, contests, web pages) mounted by the composition root. */
  modules?: Array<(app: import('@hono/zod-openapi').OpenAPIHono<AppEnv>) => void>;
  now?: () => number;
  /** The TCP peer's address, or null where there is none (`app.request` in tests); runtime-specific, so the entry point provides it. */
  peerAddress?: ((c: Context<AppEnv>) => string | null) | undefined;
  /** The client's address from the peer and X-Forwarded-For (TRUST_PROXY; see client-address.ts). */
  clientAddress?: import('./client-address.ts').AddressResolver;
  /** Hosts question images may come from besides our uploads (IMAGE_HOSTS); also the CSP img-src. */
  imageHosts?: readonly string[];
  /** Bearer token for GET /metrics (METRICS_TOKEN). */
  metricsToken?: string | undefined;
  /** Base URL phones join at (PUBLIC_URL or a network address of this machine), once known; see src/net/join-address.ts. */
  joinBase?: (() => string | undefined) | undefined;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    lang: Language;
    principal: Principal | null;
    requestId: string;
  };
};

export type AppContext = Context<AppEnv>;

/**
 * Route guard run before body validation, so an anonymous caller learns only
 * that it must sign in (401), not which fields a route expects.
 */
export function authRequired(roles?: readonly Role[]): import('hono').MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireUser(c, roles);
    await next();
  };
}

/** The signed-in principal, or 401; with roles, 403 unless the principal has one of them. */
export function requireUser(c: AppContext, roles?: readonly Role[]): Principal {
  const p = c.get('principal');
  if (!p) throw new ApiError(401, 'UNAUTHENTICATED');
  if (roles && !roles.includes(p.role)) throw new ApiError(403, 'FORBIDDEN');
  return p;
}
