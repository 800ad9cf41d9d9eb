import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { Server as HttpServer } from 'node:http';
import { z } from 'zod';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from './events.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { Logger } from '../shared/logger.ts';
import type { MetricsRegistry } from '../shared/metrics.ts';
import { SESSION_COOKIE } from '../auth/middleware.ts';
import { negotiateLanguage } from '../http/errors.ts';
import { handleEvent } from './ack.ts';
import { guardPackets } from './packet-guard.ts';

export type CiviqServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketDeps {
  auth: AuthService;
  logger: Logger;
  metrics: MetricsRegistry;
  publicUrl?: string | undefined;
  /** Namespaces added by later modules (live contests). */
  namespaces?: Array<(io: CiviqServer) => void>;
}

/** Socket payloads are small JSON; anything larger is an attack or a bug. */
export const MAX_SOCKET_PAYLOAD_BYTES = 16 * 1024;

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) {
      try {
        out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        /* a malformed cookie is ignored, not fatal */
      }
    }
  }
  return out;
}

/** Only pages served by civiq (or PUBLIC_URL) may open a socket from a browser. */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, publicUrl: string | undefined): boolean {
  if (!origin) return true; // non-browser clients (bots, scripts, tests) send no Origin
  const allowed = new Set<string>();
  if (host) allowed.add(`http://${host}`).add(`https://${host}`);
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  return allowed.has(origin);
}

/**
 * Handshake middleware for every namespace: a session cookie or an API token
 * (`auth.token`) makes the socket a user's; anything else is a guest. A token
 * that does not check out refuses the connection.
 */
export function handshakeAuth(deps: Pick<SocketDeps, 'auth' | 'logger'>) {
  return async (socket: Socket, next: (err?: Error) => void) => {
    try {
      const headers = socket.handshake.headers;
      socket.data.lang = negotiateLanguage(headers['accept-language']);
      const cookie = parseCookies(headers.cookie)[SESSION_COOKIE];
      const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
      const principal = token ? await deps.auth.fromBearer(token) : cookie ? await deps.auth.fromSession(cookie) : null;
      if (token && !principal) return next(new Error('UNAUTHENTICATED'));
      socket.data.identity = principal
        ? { kind: 'user', userId: principal.userId, role: principal.role, displayName: principal.displayName }
        : { kind: 'guest' };
      if (principal?.credentialId) socket.data.credential = { kind: token ? 'token' : 'session', id: principal.credentialId, secret: (token ?? cookie)! };
      next();
    } catch (err) {
      deps.logger.error('socket auth failed', { err });
      next(new Error('INTERNAL'));
    }
  };
}

/**
 * Whether the credential a socket was opened with still holds (not logged out,
 * revoked, expired, or its user disabled). Privileged events call this before
 * acting: it also covers sockets on another node, which the local
 * disconnect-on-logout cannot reach. A socket that fails is disconnected.
 */
export async function credentialStillValid(socket: Socket, auth: Pick<AuthService, 'fromBearer' | 'fromSession'>): Promise<boolean> {
  const cred = (socket.data as SocketData).credential;
  if (!cred) return false;
  const principal = cred.kind === 'token' ? await auth.fromBearer(cred.secret) : await auth.fromSession(cred.secret);
  if (principal && principal.credentialId === cred.id) return true;
  // After the error ack has gone out.
  setTimeout(() => socket.disconnect(true), 20).unref?.();
  return false;
}

/** When a session or token ends, or a user is disabled, close the sockets opened with it (every namespace). */
function disconnectEndedCredentials(io: CiviqServer, auth: AuthService): void {
  auth.onCredentialEnded((e) => {
    for (const nsp of io._nsps.values()) {
      for (const socket of nsp.sockets.values()) {
        const data = socket.data as SocketData;
        const hit = e.kind === 'user' ? data.identity?.userId === e.userId : data.credential?.kind === e.kind && data.credential.id === e.id;
        if (hit) {
          data.identity = { kind: 'guest' };
          delete data.credential;
          socket.disconnect(true);
        }
      }
    }
  });
}

/**
 * Attach socket.io to the HTTP server (one port) with explicit limits and an
 * authentication middleware: a session cookie or an API token establishes a
 * user; anyone else is a guest (players join contests with a PIN later).
 */
export function createSocketServer(httpServer: HttpServer, deps: SocketDeps, options: Partial<ServerOptions> = {}): CiviqServer {
  const io: CiviqServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    pingInterval: 25_000,
    pingTimeout: 20_000,
    perMessageDeflate: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    allowRequest: (req, callback) => {
      const ok = isAllowedOrigin(req.headers.origin, req.headers.host, deps.publicUrl);
      callback(ok ? null : 'origin not allowed', ok);
    },
    ...options,
  });
  const connected = deps.metrics.gauge('civiq_socket_connections', 'Connected sockets by namespace.');

  io.use(handshakeAuth(deps));

  disconnectEndedCredentials(io, deps.auth);

  io.on('connection', (socket) => {
    guardPackets(socket as unknown as Socket, new Set(['session:whoami']), () => socket.data.lang);
    connected.inc({ namespace: '/' });
    socket.on('disconnect', () => connected.dec({ namespace: '/' }));
    socket.on(
      'session:whoami',
      handleEvent(z.object({}).strict(), () => socket.data.identity, { lang: () => socket.data.lang, logger: deps.logger }),
    );
  });

  for (const add of deps.namespaces ?? []) add(io);
  return io;
}
