import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Device cookies (OWASP "Slow down online guessing attacks with device cookies"):
 * after a successful sign-in the browser gets `civiq_device`, a random id signed
 * with the server secret *for that account*. Later sign-ins from the browser
 * count against (account, device) only, so an attacker elsewhere — or a flood
 * from the school's shared address — cannot lock the owner out. The cookie is no
 * credential: the password is still checked.
 */
export const DEVICE_COOKIE = 'civiq_device';
export const DEVICE_COOKIE_MAX_AGE_SEC = 365 * 24 * 60 * 60;

const sign = (secret: string, account: string, id: string) => createHmac('sha256', secret).update(`device\n${account}\n${id}`).digest('base64url');

/** A new cookie value binding a fresh device id to the account. */
export function issueDeviceCookie(secret: string, account: string): string {
  const id = randomBytes(16).toString('base64url');
  return `${id}.${sign(secret, account, id)}`;
}

/** The device id, when the cookie was issued by this server for this account; else null. */
export function verifyDeviceCookie(secret: string, account: string, value: string | undefined): string | null {
  if (!value || value.length > 200) return null;
  const [id, mac, extra] = value.split('.');
  if (!id || !mac || extra !== undefined) return null;
  const want = Buffer.from(sign(secret, account, id));
  const got = Buffer.from(mac);
  return want.length === got.length && timingSafeEqual(want, got) ? id : null;
}
