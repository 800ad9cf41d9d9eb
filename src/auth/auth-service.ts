import type { Kysely } from 'kysely';
import type { Database, Role, User } from '../db/schema.ts';
import { ApiError } from '../http/errors.ts';
import { hashPassword, verifyPassword, generatePassword, type ScryptParams, OWASP_SCRYPT } from './passwords.ts';
import { hashToken, newToken } from './tokens.ts';
import { LoginThrottle, type LoginLimiter } from './login-throttle.ts';
import { issueDeviceCookie, verifyDeviceCookie } from './device-cookie.ts';

/** Who is making a request, as established by a session cookie or a bearer token. */
export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  regionCode: string | null;
  via: 'session' | 'token' | 'system';
  /** The session's or token's row id (absent for the system principal): sockets opened with it close when it ends. */
  credentialId?: string;
}

/** A credential that stopped being valid: sockets opened with it must go (see socket-server.ts). */
export type CredentialEnded = { kind: 'session'; id: string } | { kind: 'token'; id: string } | { kind: 'user'; userId: string };

/** Where an ended credential was announced: on this node, or relayed from another (credential-relay.ts). */
export type CredentialEndedSource = 'local' | 'remote';

/** The seeder and other server-side jobs act as this principal (an admin that is no account). */
export const SYSTEM_PRINCIPAL: Principal = {
  userId: '00000000-0000-0000-0000-000000000000',
  email: 'system@civiq.local',
  displayName: 'civiq',
  role: 'admin',
  regionCode: null,
  via: 'system',
};

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const API_TOKEN_PREFIX = 'civiq_';

export interface AuthServiceOptions {
  db: Kysely<Database>;
  secret: string;
  /** Login throttling: in memory by default, shared through Redis on several nodes (src/limits.ts). */
  throttle?: LoginLimiter;
  scrypt?: ScryptParams;
  now?: () => number;
}

export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

const toPrincipal = (u: User, via: Principal['via'], credentialId?: string): Principal => ({
  userId: u.id,
  email: u.email,
  displayName: u.display_name,
  role: u.role,
  regionCode: u.region_code,
  via,
  ...(credentialId ? { credentialId } : {}),
});

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(opts: AuthServiceOptions) {
  const { db, secret } = opts;
  const throttle: LoginLimiter = opts.throttle ?? new LoginThrottle();
  const now = opts.now ?? Date.now;
  const params = opts.scrypt ?? OWASP_SCRYPT;
  // Compared against when the account does not exist, so timing does not reveal which emails exist.
  let dummyHash: Promise<string> | undefined;
  const endedListeners: Array<(e: CredentialEnded, source: CredentialEndedSource) => void> = [];
  const ended = (e: CredentialEnded, source: CredentialEndedSource = 'local') => {
    for (const l of endedListeners) l(e, source);
  };

  async function createUser(input: { email: string; password: string; role: Role; displayName?: string; regionCode?: string | null }): Promise<User> {
    const email = normalizeEmail(input.email);
    const existing = await db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', email)).executeTakeFirst();
    if (existing) throw new ApiError(409, 'EMAIL_TAKEN');
    return db
      .insertInto('users')
      .values({
        email,
        role: input.role,
        display_name: input.displayName?.normalize('NFC').trim() ?? '',
        region_code: input.regionCode ?? null,
        password_hash: await hashPassword(input.password, params),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  return {
    createUser,

    /** On an empty user table, create the first admin. Returns the generated password, if one was made. */
    async ensureAdmin(email: string, password: string | undefined): Promise<{ created: boolean; email: string; generatedPassword?: string }> {
      const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
      if (any) return { created: false, email };
      const pw = password ?? generatePassword();
      await createUser({ email, password: pw, role: 'admin', displayName: 'Administrator' });
      return password ? { created: true, email } : { created: true, email, generatedPassword: pw };
    },

    /**
     * Sign in. The attempt is reserved with the throttle *before* the slow password
     * hash (parallel guesses cannot all slip through), and settled after it.
     */
    async login(input: { email: string; password: string; ip: string; userAgent?: string | undefined; deviceCookie?: string | undefined }) {
      const email = normalizeEmail(input.email);
      const device = verifyDeviceCookie(secret, email, input.deviceCookie) ?? undefined;
      const reservation = await throttle.reserve({ account: email, address: input.ip, device });
      if (!reservation.allowed) {
        throw new ApiError(429, 'RATE_LIMITED', { headers: { 'Retry-After': String(reservation.retryAfterSec) }, details: { retryAfterSec: reservation.retryAfterSec } });
      }
      let user: User | undefined;
      let ok = false;
      try {
        user = await db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email)).executeTakeFirst();
        ok = user ? await verifyPassword(input.password, user.password_hash) : await verifyPassword(input.password, await (dummyHash ??= hashPassword('dummy-password', params)));
      } finally {
        await reservation.settle(user && ok && !user.disabled_at ? 'success' : 'failure');
      }
      if (!user || !ok || user.disabled_at) throw new ApiError(401, 'INVALID_CREDENTIALS');
      const token = newToken();
      const expiresAt = new Date(now() + SESSION_TTL_MS);
      await db
        .insertInto('sessions')
        .values({ user_id: user.id, token_hash: hashToken(secret, token), expires_at: expiresAt, user_agent: input.userAgent?.slice(0, 300) ?? null, ip: input.ip })
        .execute();
      // Keep a valid device cookie; otherwise issue one for this account.
      const deviceCookie = device ? input.deviceCookie! : issueDeviceCookie(secret, email);
      return { token, expiresAt, principal: toPrincipal(user, 'session'), deviceCookie };
    },

    async logout(token: string): Promise<void> {
      const rows = await db.deleteFrom('sessions').where('token_hash', '=', hashToken(secret, token)).returning('id').execute();
      for (const r of rows) ended({ kind: 'session', id: r.id });
    },

    /**
     * Tell the listeners that credentials ended elsewhere: account administration
     * (after its transaction committed), or another node (`'remote'`, from the relay).
     */
    announceEnded(e: CredentialEnded, source: CredentialEndedSource = 'local'): void {
      ended(e, source);
    },

    /**
     * Called when a session or token ends, or a user is disabled (the socket server
     * disconnects their sockets; the relay passes local ones to the other nodes).
     */
    onCredentialEnded(listener: (e: CredentialEnded, source: CredentialEndedSource) => void): void {
      endedListeners.push(listener);
    },

    /** Disable (or re-enable) an account: its sessions end and its sockets close; tokens stop working while disabled. */
    async setDisabled(userId: string, disabled: boolean): Promise<User | null> {
      const user = await db.transaction().execute(async (trx) => {
        const u = await trx.updateTable('users').set({ disabled_at: disabled ? new Date(now()) : null }).where('id', '=', userId).returningAll().executeTakeFirst();
        if (u && disabled) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        return u ?? null;
      });
      if (user && disabled) ended({ kind: 'user', userId });
      return user;
    },

    /** Resolve a session cookie. Sessions slide: use extends them, at most once a minute. */
    async fromSession(token: string): Promise<Principal | null> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select(['sessions.id as session_id', 'sessions.expires_at', 'sessions.last_seen_at'])
        .where('sessions.token_hash', '=', hashToken(secret, token))
        .executeTakeFirst();
      if (!row || row.disabled_at || new Date(row.expires_at).getTime() <= now()) return null;
      if (now() - new Date(row.last_seen_at).getTime() > 60_000) {
        await db
          .updateTable('sessions')
          .set({ last_seen_at: new Date(now()), expires_at: new Date(now() + SESSION_TTL_MS) })
          .where('id', '=', row.session_id)
          .execute();
      }
      return toPrincipal(row, 'session', row.session_id);
    },

    async fromBearer(token: string): Promise<Principal | null> {
      if (!token.startsWith(API_TOKEN_PREFIX)) return null;
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .select(['api_tokens.id as token_id', 'api_tokens.revoked_at', 'api_tokens.expires_at', 'api_tokens.last_used_at'])
        .where('api_tokens.token_hash', '=', hashToken(secret, token))
        .executeTakeFirst();
      if (!row || row.revoked_at || row.disabled_at) return null;
      if (row.expires_at && new Date(row.expires_at).getTime() <= now()) return null;
      if (!row.last_used_at || now() - new Date(row.last_used_at).getTime() > 60_000) {
        await db.updateTable('api_tokens').set({ last_used_at: new Date(now()) }).where('id', '=', row.token_id).execute();
      }
      return toPrincipal(row, 'token', row.token_id);
    },

    async createApiToken(userId: string, name: string, expiresInDays?: number) {
      const token = newToken(API_TOKEN_PREFIX);
      const row = await db
        .insertInto('api_tokens')
        .values({
          user_id: userId,
          name,
          token_hash: hashToken(secret, token),
          prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
          expires_at: expiresInDays ? new Date(now() + expiresInDays * 86_400_000) : null,
        })
        .returning(['id', 'name', 'prefix', 'created_at', 'expires_at'])
        .executeTakeFirstOrThrow();
      return { ...row, token };
    },

    listApiTokens(userId: string) {
      return db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .execute();
    },

    /** Revoke one of the user's own tokens (admins may revoke anyone's). */
    async revokeApiToken(principal: Principal, tokenId: string): Promise<boolean> {
      let q = db.updateTable('api_tokens').set({ revoked_at: new Date(now()) }).where('id', '=', tokenId).where('revoked_at', 'is', null);
      if (principal.role !== 'admin') q = q.where('user_id', '=', principal.userId);
      const r = await q.executeTakeFirst();
      const revoked = Number(r.numUpdatedRows) > 0;
      if (revoked) ended({ kind: 'token', id: tokenId });
      return revoked;
    },
  };
}
