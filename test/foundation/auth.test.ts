import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const sessionCookie = (res: Response) => /civiq_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

describe('login and sessions', () => {
  it('signs in, reads /api/me with the cookie, and signs out', async () => {
    const u = await t.user('teacher', { email: 'Co.Giao@Truong.edu.vn' });
    const res = await t.call('POST', '/api/auth/login', { body: { email: 'co.giao@truong.edu.vn', password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    const cookie = sessionCookie(res)!;
    const me = await t.call('GET', '/api/me', { headers: { Cookie: `civiq_session=${cookie}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: u.id, email: 'co.giao@truong.edu.vn', role: 'teacher', via: 'session' });

    const out = await t.call('POST', '/api/auth/logout', { headers: { Cookie: `civiq_session=${cookie}` } });
    expect(out.status).toBe(204);
    const after = await t.call('GET', '/api/me', { headers: { Cookie: `civiq_session=${cookie}` } });
    expect(after.status).toBe(401);
  });

  it('stores only a hash of the session token', async () => {
    const u = await t.user('teacher');
    const res = await t.call('POST', '/api/auth/login', { body: { email: u.email, password: TEST_PASSWORD } });
    const token = sessionCookie(res)!;
    const rows = await t.runtime.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
  });

  it('answers a wrong password and an unknown account alike', async () => {
    const u = await t.user('teacher');
    const wrong = await t.call('POST', '/api/auth/login', { body: { email: u.email, password: 'not the password' } });
    const unknown = await t.call('POST', '/api/auth/login', { body: { email: 'nobody@nowhere.vn', password: 'not the password' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('throttles an account after repeated failures with 429 and Retry-After, without blocking others on the same address', async () => {
    const victim = await t.user('teacher');
    const other = await t.user('teacher');
    for (let i = 0; i < 5; i++) {
      const r = await t.call('POST', '/api/auth/login', { body: { email: victim.email, password: `guess-${i}` } });
      expect(r.status).toBe(401);
    }
    const blocked = await t.call('POST', '/api/auth/login', { body: { email: victim.email, password: TEST_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    const fine = await t.call('POST', '/api/auth/login', { body: { email: other.email, password: TEST_PASSWORD } });
    expect(fine.status).toBe(200);
  });

  it('refuses /api/me without credentials', async () => {
    const res = await t.call('GET', '/api/me');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });
});

describe('API tokens', () => {
  it('issues, lists (without secrets), uses and revokes a bearer token', async () => {
    const u = await t.user('teacher');
    const created = await t.call('POST', '/api/auth/tokens', { headers: u.headers, body: { name: 'import script' } });
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    expect(token).toMatch(/^civiq_/);
    const me = await t.call('GET', '/api/me', { headers: { Authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ id: u.id, via: 'token' });
    const list = await t.call('GET', '/api/auth/tokens', { headers: u.headers });
    const text = await list.text();
    expect(text).toContain('import script');
    expect(text).not.toContain(token);
    const del = await t.call('DELETE', `/api/auth/tokens/${id}`, { headers: u.headers });
    expect(del.status).toBe(204);
    const again = await t.call('GET', '/api/me', { headers: { Authorization: `Bearer ${token}` } });
    expect(again.status).toBe(401);
  });

  it("cannot revoke another user's token", async () => {
    const a = await t.user('teacher');
    const b = await t.user('teacher');
    const created = (await (await t.call('POST', '/api/auth/tokens', { headers: a.headers, body: { name: 'a' } })).json()) as { id: string };
    const res = await t.call('DELETE', `/api/auth/tokens/${created.id}`, { headers: b.headers });
    expect(res.status).toBe(404);
  });

  it('refuses a forged or malformed bearer token', async () => {
    for (const h of ['Bearer civiq_forged', 'Bearer eyJhbGciOiJub25lIn0.e30.', 'Basic abc']) {
      const res = await t.call('GET', '/api/me', { headers: { Authorization: h } });
      expect(res.status).toBe(401);
    }
  });
});

describe('roles and cross-site protection', () => {
  it('lets only admins create accounts', async () => {
    const admin = await t.user('admin');
    const teacher = await t.user('teacher');
    const body = { email: 'new.teacher@school.vn', password: 'a long password here', role: 'teacher' };
    expect((await t.call('POST', '/api/users', { headers: teacher.headers, body })).status).toBe(403);
    expect((await t.call('POST', '/api/users', { body })).status).toBe(401);
    const ok = await t.call('POST', '/api/users', { headers: admin.headers, body });
    expect(ok.status).toBe(201);
    const dup = await t.call('POST', '/api/users', { headers: admin.headers, body });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { error: { code: string } }).error.code).toBe('EMAIL_TAKEN');
  });

  it('refuses cookie-authenticated writes from a foreign origin', async () => {
    const u = await t.user('teacher');
    const login = await t.call('POST', '/api/auth/login', { body: { email: u.email, password: TEST_PASSWORD } });
    const cookie = `civiq_session=${sessionCookie(login)}`;
    const foreign = await t.call('POST', '/api/auth/tokens', { headers: { Cookie: cookie, Origin: 'https://evil.example' }, body: { name: 'x' } });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('CSRF_REJECTED');
    const crossSite = await t.call('POST', '/api/auth/tokens', { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' }, body: { name: 'x' } });
    expect(crossSite.status).toBe(403);
    const same = await t.call('POST', '/api/auth/tokens', { headers: { Cookie: cookie, Origin: 'http://localhost' }, body: { name: 'x' } });
    expect(same.status).toBe(201);
  });
});
