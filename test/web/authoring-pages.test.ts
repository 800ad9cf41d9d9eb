import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/app.ts';
import { BANK_FORMATS } from '../../src/banks/formats/index.ts';
import { AUTHORING_MESSAGES } from '../../src/web/authoring-messages.ts';

/** The authoring pages' server side: sign-in redirects, role gates, the page data and the CSP-safe shell. */

let t: TestApp;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  for (const role of ['teacher', 'admin', 'official'] as const) {
    const u = await t.user(role, role === 'official' ? { regionCode: 'daklak' } : {});
    const r = await t.call('POST', '/api/auth/login', { body: { email: u.email, password: TEST_PASSWORD } });
    cookies[role] = r.headers.get('Set-Cookie')!.split(';')[0]!;
  }
});
afterAll(() => t.close());

const page = (url: string, role?: string) => t.app.request(url, { headers: role ? { Cookie: cookies[role]! } : {} });
const pageData = (html: string) => JSON.parse(/<script type="application\/json" id="page-data">(.*?)<\/script>/s.exec(html)![1]!);

describe('authoring pages', () => {
  it('send signed-out visitors to sign in and back', async () => {
    for (const url of ['/banks', '/banks/an-toan', '/banks/an-toan/questions/new?type=ordering', '/banks/an-toan/import', '/banks/an-toan/history', '/banks/an-toan/review', '/admin/users', '/admin/regions']) {
      const r = await page(url);
      expect(r.status, url).toBe(302);
      expect(r.headers.get('Location'), url).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
  });

  it('keep the admin pages for admins (regions also for officials)', async () => {
    expect((await page('/admin/users', 'teacher')).status).toBe(403);
    expect((await page('/admin/users', 'official')).status).toBe(403);
    expect((await page('/admin/regions', 'teacher')).status).toBe(403);
    expect((await page('/admin/users', 'admin')).status).toBe(200);
    expect((await page('/admin/regions', 'official')).status).toBe(200);
  });

  it('render a shell with the page module, live regions and JSON page data, and no inline script', async () => {
    const r = await page('/banks/an-toan/import', 'teacher');
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toMatch(/<script type="module" src="\/static\/build\/import\.page-[A-Z0-9]{8}\.js"><\/script>/);
    expect(html).toContain('id="announce"');
    expect(html).toContain('role="alert"');
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<title>Nhập câu hỏi từ tệp · civiq</title>');
    expect(html).toMatch(/<link rel="stylesheet" href="\/static\/build\/author-[0-9a-f]{10}\.css">/);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.every((attrs) => /type="module" src=|type="application\/json"/.test(attrs))).toBe(true);
    expect(r.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    const data = pageData(html);
    expect(data.slug).toBe('an-toan');
    // The import page offers the server's format list, not a copy.
    expect(data.formats.map((f: { id: string }) => f.id).sort()).toEqual([...BANK_FORMATS].sort());
  });

  it('give the editor the competence framework and the question types, in English on request', async () => {
    const html = await (await page('/banks/an-toan/questions/new?type=ordering&lang=en', 'teacher')).text();
    expect(html).toContain('<html lang="en">');
    const data = pageData(html);
    expect(data).toMatchObject({ id: null, newType: 'ordering', lang: 'en' });
    expect(data.framework.competences.find((c: { code: string }) => c.code === '4.2').name).toEqual({ vi: 'Bảo vệ dữ liệu cá nhân và quyền riêng tư', en: 'Protecting personal data and privacy' });
    expect(data.types).toContain('short_answer');
    // An unknown type falls back to single choice; bad slugs and ids are not pages.
    expect(pageData(await (await page('/banks/an-toan/questions/new?type=essay', 'teacher')).text()).newType).toBe('single_choice');
    expect((await page('/banks/Not%20A%20Slug', 'teacher')).status).toBe(404);
    expect((await page('/banks/an-toan/questions/BAD%20ID', 'teacher')).status).toBe(404);
  });

  it('have every authoring text in both languages', () => {
    const keys = Object.keys(AUTHORING_MESSAGES.vi) as Array<keyof typeof AUTHORING_MESSAGES.vi>;
    expect(keys.length).toBeGreaterThan(300);
    expect(Object.keys(AUTHORING_MESSAGES.en)).toEqual(keys);
    for (const k of keys) {
      expect(AUTHORING_MESSAGES.en[k].trim(), k).not.toBe('');
      expect(AUTHORING_MESSAGES.vi[k].trim(), k).not.toBe('');
      // Placeholders match between the languages.
      expect(AUTHORING_MESSAGES.en[k].match(/\{\w+\}/g)?.sort(), k).toEqual(AUTHORING_MESSAGES.vi[k].match(/\{\w+\}/g)?.sort());
    }
  });
});
