import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginThrottle, type Reservation } from '../../src/auth/login-throttle.ts';
import { issueDeviceCookie, verifyDeviceCookie } from '../../src/auth/device-cookie.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/app.ts';

const fail = (r: Reservation) => {
  if (!r.allowed) throw new Error('expected allowed');
  r.settle('failure');
};

describe('LoginThrottle (pure, injected clock)', () => {
  it('reserves before the hash: parallel attempts share the 5 free tries', () => {
    const t = new LoginThrottle({}, () => 0);
    const held = Array.from({ length: 24 }, () => t.reserve({ account: 'a@x', address: '1.1.1.1' }));
    expect(held.filter((r) => r.allowed)).toHaveLength(5);
  });

  it('per (account, address): 5 free failures, then one at a time after a doubling delay; success clears', () => {
    let now = 0;
    const t = new LoginThrottle({}, () => now);
    for (let i = 0; i < 5; i++) fail(t.reserve({ account: 'a@x', address: '1.1.1.1' }));
    expect(t.reserve({ account: 'a@x', address: '1.1.1.1' })).toEqual({ allowed: false, retryAfterSec: 30 });
    // The owner elsewhere is not locked out by the attacker's address.
    expect(t.reserve({ account: 'a@x', address: '9.9.9.9' }).allowed).toBe(true);
    now += 30_000;
    fail(t.reserve({ account: 'a@x', address: '1.1.1.1' }));
    expect(t.reserve({ account: 'a@x', address: '1.1.1.1' })).toEqual({ allowed: false, retryAfterSec: 60 });
    now += 60_000;
    const ok = t.reserve({ account: 'a@x', address: '1.1.1.1' });
    if (!ok.allowed) throw new Error('expected allowed');
    ok.settle('success');
    expect(t.reserve({ account: 'a@x', address: '1.1.1.1' }).allowed).toBe(true);
  });

  it('per account across addresses: 20 free failures, then delayed for untrusted browsers only', () => {
    const t = new LoginThrottle({}, () => 0);
    for (let i = 0; i < 20; i++) fail(t.reserve({ account: 'a@x', address: `10.0.0.${i}` }));
    expect(t.reserve({ account: 'a@x', address: '10.0.1.1' }).allowed).toBe(false);
    expect(t.reserve({ account: 'a@x', address: '10.0.1.1', device: 'dev1' }).allowed).toBe(true);
  });

  it('a flood from a school address slows untrusted attempts to one per 2 s; it never locks the school out', () => {
    let now = 0;
    const t = new LoginThrottle({}, () => now);
    for (let i = 0; i < 200; i++) {
      const r = t.reserve({ account: `u${i}@x`, address: '10.0.0.1' });
      if (r.allowed) r.settle('failure');
      now += 1;
    }
    const teacher = t.reserve({ account: 'teacher@x', address: '10.0.0.1' });
    const next = t.reserve({ account: 'teacher2@x', address: '10.0.0.1' });
    // The first passes, the next waits seconds (not 12 minutes); the admin's trusted browser is not slowed at all.
    expect(teacher.allowed || (!teacher.allowed && teacher.retryAfterSec <= 2)).toBe(true);
    expect(next.allowed ? 0 : next.retryAfterSec).toBeLessThanOrEqual(2);
    expect(t.reserve({ account: 'admin@x', address: '10.0.0.1', device: 'admin-browser' }).allowed).toBe(true);
    now += 2000;
    expect(t.reserve({ account: 'teacher3@x', address: '10.0.0.1' }).allowed).toBe(true);
  });

  it('a trusted device is limited on its own (account, device) budget', () => {
    const t = new LoginThrottle({}, () => 0);
    for (let i = 0; i < 5; i++) fail(t.reserve({ account: 'a@x', address: '1.1.1.1', device: 'd' }));
    expect(t.reserve({ account: 'a@x', address: '1.1.1.1', device: 'd' }).allowed).toBe(false);
  });
});

describe('device cookies', () => {
  it('verify only for the account and secret they were issued for', () => {
    const v = issueDeviceCookie('s1', 'a@x');
    expect(verifyDeviceCookie('s1', 'a@x', v)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(verifyDeviceCookie('s1', 'b@x', v)).toBeNull();
    expect(verifyDeviceCookie('s2', 'a@x', v)).toBeNull();
    expect(verifyDeviceCookie('s1', 'a@x', `${v}x`)).toBeNull();
    expect(verifyDeviceCookie('s1', 'a@x', undefined)).toBeNull();
  });
});

describe('login over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());
  const login = (email: string, password: string, cookie?: string) =>
    t.call('POST', '/api/auth/login', { body: { email, password }, headers: cookie ? { Cookie: cookie } : {} });

  it('24 parallel guesses at one account: only 5 reach the password check', async () => {
    const victim = await t.user('teacher');
    const all = await Promise.all(Array.from({ length: 24 }, (_, i) => login(victim.email, `guess-${i}`)));
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(19);
  });

  it('the account owner signs in from a browser that signed in before, while the account is under attack', async () => {
    const owner = await t.user('admin');
    const first = await login(owner.email, TEST_PASSWORD);
    expect(first.status).toBe(200);
    const device = /civiq_device=([^;]+)/.exec(first.headers.get('set-cookie') ?? '')?.[1];
    expect(device).toBeTruthy();
    for (let i = 0; i < 30; i++) await login(owner.email, `attacker-${i}`);
    expect((await login(owner.email, TEST_PASSWORD)).status).toBe(429);
    expect((await login(owner.email, TEST_PASSWORD, `civiq_device=${device}`)).status).toBe(200);
  });
});
