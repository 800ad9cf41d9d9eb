import { createHmac, randomBytes } from 'node:crypto';

/**
 * Opaque bearer secrets (session cookies, API tokens, screen and reconnect tokens).
 * Only an HMAC of a token is stored, keyed with the server's session secret, so a
 * database leak yields neither usable tokens nor an offline guessing target.
 */
export function newToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('base64url');
}
