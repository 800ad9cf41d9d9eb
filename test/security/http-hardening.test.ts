import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddressResolver } from '../../src/http/client-address.ts';
import { isAllowedImageUrl, isWellFormedImageUrl, parseImageHosts } from '../../src/banks/image-policy.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { BANK, EVERY_TYPE } from '../banks/fixtures.ts';
import { api } from '../support/live-bots.ts';
import { startInProcess, type InProcessServer } from './in-process.ts';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const question = (id: string, url: string) => ({ ...EVERY_TYPE[2]!, id, image: { url, alt: { vi: 'Ảnh', en: 'Picture' } } });

describe('finding 8: question images only from our uploads or allowed hosts', () => {
  it('the policy: exact upload paths, clean https URLs, listed hosts only', () => {
    const id = '/uploads/0b6c5a7e-2f0e-4a8a-9f1e-1234567890ab';
    expect(isWellFormedImageUrl(id)).toBe(true);
    for (const bad of ['/uploads/../api/me', '/uploads/x/../../api/me', `${id}/../../api/me`, `${id}?x=1`, '/uploads/%2e%2e/api/me', 'https://u:p@cdn.example.vn/a.png', 'https://cdn.example.vn:8443/a.png', 'http://cdn.example.vn/a.png', 'https://cdn.example.vn\\@evil/a.png', 'javascript:alert(1)']) {
      expect(isWellFormedImageUrl(bad), bad).toBe(false);
    }
    expect(isAllowedImageUrl('https://tracker.example.com/p.png', [])).toBe(false);
    expect(isAllowedImageUrl('https://cdn.sgd.example.vn/p.png', ['cdn.sgd.example.vn'])).toBe(true);
    expect(isAllowedImageUrl('https://cdn.sgd.example.vn.evil.com/p.png', ['cdn.sgd.example.vn'])).toBe(false);
    expect(parseImageHosts('cdn.a.vn, IMG.B.VN')).toEqual({ ok: true, hosts: ['cdn.a.vn', 'img.b.vn'] });
    expect(parseImageHosts('https://x.vn').ok).toBe(false);
  });

  describe('over HTTP', () => {
    let t: TestApp;
    let withHosts: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
      withHosts = await createTestApp({ IMAGE_HOSTS: 'cdn.sgd.example.vn' });
    });
    afterAll(async () => {
      await t?.close();
      await withHosts?.close();
    });

    it('refuses third-party and traversal image URLs, accepts our uploads; the CSP img-src matches', async () => {
      const owner = await t.user('teacher');
      expect((await t.call('POST', '/api/banks', { headers: owner.headers, body: BANK })).status).toBe(201);
      const third = await t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: owner.headers, body: question('img-1', 'https://tracker.example.com/pixel.png') });
      expect(third.status).toBe(422);
      expect(((await third.json()) as { error: { code: string } }).error.code).toBe('IMAGE_URL_NOT_ALLOWED');
      const traversal = await t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: owner.headers, body: question('img-2', '/uploads/../api/me') });
      expect(traversal.status).toBe(422);
      const up = await t.app.request(`/api/banks/${BANK.slug}/images`, { method: 'POST', headers: { ...owner.headers, 'Content-Type': 'image/png' }, body: PNG });
      expect(up.status).toBe(201);
      const { url } = (await up.json()) as { url: string };
      expect((await t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: owner.headers, body: question('img-3', url) })).status).toBe(201);
      const csp = (await t.call('GET', '/play')).headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/img-src 'self' data:;/);
      expect(csp).not.toContain('https:;');
    });

    it('an admin-configured host is allowed and appears in the CSP', async () => {
      const owner = await withHosts.user('teacher');
      await withHosts.call('POST', '/api/banks', { headers: owner.headers, body: BANK });
      expect((await withHosts.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: owner.headers, body: question('img-4', 'https://cdn.sgd.example.vn/a.png') })).status).toBe(201);
      expect((await withHosts.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: owner.headers, body: question('img-5', 'https://other.example.vn/a.png') })).status).toBe(422);
      expect((await withHosts.call('GET', '/play')).headers.get('content-security-policy')).toContain("img-src 'self' data: https://cdn.sgd.example.vn;");
    });

    it('adding a bank member answers alike whether or not the email has an account', async () => {
      const owner = await t.user('teacher');
      const colleague = await t.user('teacher');
      const slug = 'ngan-hang-rieng';
      await t.call('POST', '/api/banks', { headers: owner.headers, body: { ...BANK, slug } });
      const add = async (email: string) => {
        const r = await t.call('PUT', `/api/banks/${slug}/members`, { headers: owner.headers, body: { email, role: 'editor' } });
        const body = (await r.json()) as { members: Array<Record<string, unknown>> };
        return { status: r.status, entry: body.members.find((m) => m.email === email) };
      };
      const known = await add(colleague.email);
      const unknown = await add('nobody-here@truong.edu.vn');
      expect(known.status).toBe(unknown.status);
      expect({ ...known.entry, email: 'x' }).toEqual({ ...unknown.entry, email: 'x' });
      // The invitation becomes a membership when the colleague uses banks.
      expect((await t.call('GET', `/api/banks/${slug}`, { headers: colleague.headers })).status).toBe(200);
      const after = (await (await t.call('GET', `/api/banks/${slug}`, { headers: owner.headers })).json()) as { members: Array<{ email: string; pending: boolean }> };
      expect(after.members.find((m) => m.email === colleague.email)?.pending).toBe(false);
    });

    it('/metrics needs the token when one is set, and is closed without a local peer otherwise', async () => {
      expect((await t.call('GET', '/metrics')).status).toBe(401);
      const secured = await createTestApp({ METRICS_TOKEN: 'a-metrics-token-of-24-chars-or-more' });
      try {
        expect((await secured.call('GET', '/metrics')).status).toBe(401);
        expect((await secured.call('GET', '/metrics', { headers: { Authorization: 'Bearer wrong-token-wrong-token-wrong' } })).status).toBe(401);
        expect((await secured.call('GET', '/metrics', { headers: { Authorization: 'Bearer a-metrics-token-of-24-chars-or-more' } })).status).toBe(200);
      } finally {
        await secured.close();
      }
    });
  });
});

describe('TRUST_PROXY', () => {
  it('reads X-Forwarded-For only from configured proxies, from the right', () => {
    const none = createAddressResolver(undefined);
    expect(none('10.0.0.5', '1.2.3.4')).toBe('10.0.0.5');
    const r = createAddressResolver('10.0.0.0/8, 192.168.1.1');
    expect(r('10.0.0.5', '203.0.113.7')).toBe('203.0.113.7');
    expect(r('10.0.0.5', '6.6.6.6, 203.0.113.7, 192.168.1.1')).toBe('203.0.113.7'); // the client's forged hop is ignored
    expect(r('198.51.100.9', '203.0.113.7')).toBe('198.51.100.9'); // not a proxy: header ignored
    expect(r('::ffff:10.0.0.5', '203.0.113.8')).toBe('203.0.113.8');
    expect(r('10.0.0.5', 'garbage')).toBe('10.0.0.5');
    expect(createAddressResolver('loopback')('127.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
    expect(() => createAddressResolver('not-an-ip')).toThrow();
  });

  describe('on a real server', () => {
    let proxied: InProcessServer;
    let direct: InProcessServer;
    beforeAll(async () => {
      proxied = await startInProcess({ seed: false, env: { TRUST_PROXY: 'loopback' } });
      direct = await startInProcess({ seed: false });
    });
    afterAll(async () => {
      await proxied?.close();
      await direct?.close();
    });
    const login = (srv: InProcessServer, xff: string) =>
      fetch(`${srv.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': xff }, body: JSON.stringify({ email: 'target@sec.test.vn', password: 'wrong password' }) });

    it('behind a trusted proxy, clients are limited separately; without one, a forged header changes nothing', async () => {
      for (let i = 0; i < 5; i++) expect((await login(proxied, '203.0.113.1')).status).toBe(401);
      expect((await login(proxied, '203.0.113.1')).status).toBe(429);
      expect((await login(proxied, '203.0.113.2')).status).toBe(401);
      for (let i = 0; i < 5; i++) expect((await login(direct, `198.51.100.${i}`)).status).toBe(401);
      expect((await login(direct, '198.51.100.77')).status).toBe(429);
    });

    it('/metrics: open to a loopback peer, closed to anything forwarded', async () => {
      expect((await fetch(`${direct.url}/metrics`)).status).toBe(200);
      expect((await fetch(`${direct.url}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.5' } })).status).toBe(401);
    });

    it('POST /api/users refuses a region code that does not exist', async () => {
      const r = await api(direct.url, 'POST', '/api/users', { account: direct.admin, body: { email: 'official@sec.test.vn', password: 'official password 123', role: 'official', regionCode: 'atlantis' } });
      expect(r.status).toBe(422);
      expect((r.json as { error: { code: string } }).error.code).toBe('REGION_UNKNOWN');
    });
  });
});
