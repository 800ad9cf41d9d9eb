import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENS, contestBody, createWorld, json, register, rightIndex, type World } from '../scheduled/helpers.ts';
import { TEST_PASSWORD } from '../support/app.ts';

/**
 * The server-rendered scheduled-contest pages against the real API: what
 * /contests, /contests/{slug}, the attempt shell, /privacy, the rankings tables,
 * /practice and /organise render, in both languages, with CSP-safe scripts.
 */

let w: World;
const slug = 'thi-an-toan-mang';

beforeAll(async () => {
  w = await createWorld({ visibility: 'public' });
  await json(w.t.call('POST', '/api/scheduled-contests', { headers: w.admin.headers, body: contestBody({ rules: { vi: '**Thể lệ**: <script>x</script> 10 câu.', en: '**Rules**: 10 questions.' } }) }), 201);
}, 60_000);
afterAll(() => w.t.close());

async function page(url: string, headers: Record<string, string> = {}) {
  const res = await w.t.app.request(url, { headers });
  const body = await res.text();
  const data = /<script type="application\/json" id="page-data">([^<]*)<\/script>/.exec(body);
  return { res, body, data: data ? (JSON.parse(data[1]!) as Record<string, unknown>) : null };
}

function noInlineScripts(body: string): void {
  // Only the JSON data block and module files: CSP without 'unsafe-inline'.
  for (const m of body.matchAll(/<script([^>]*)>/g)) expect(m[1]).toMatch(/type="application\/json"|type="module" src="\/static\/build\/[a-z]+\.page-[A-Z0-9]{8}\.js"/);
  expect(body).not.toMatch(/\son[a-z]+="/i);
}

describe('scheduled contest pages', () => {
  it('lists upcoming contests with their window in Vietnam time', async () => {
    const { res, body } = await page('/contests');
    expect(res.status).toBe(200);
    expect(body).toContain('Sắp diễn ra');
    expect(body).toContain('Cuộc thi An toàn thông tin');
    // 01:00 UTC is 08:00 in Vietnam.
    expect(body).toContain('08:00');
    expect(body).toContain('giờ Việt Nam');
    const en = await page('/contests?lang=en');
    expect(en.body).toContain('Coming up');
    expect(en.body).toContain('Online safety contest');
    expect(en.body).toContain('(Vietnam time)');
    noInlineScripts(body);
  });

  it('shows the rules as safe Markdown, the registration form with every district, consent and the privacy notice', async () => {
    const { res, body, data } = await page(`/contests/${slug}`);
    expect(res.status).toBe(200);
    expect(body).toContain('<strong>Thể lệ</strong>');
    expect(body).not.toContain('<script>x</script>');
    expect(body).toContain('&lt;script&gt;');
    expect(body).toContain('id="register-form"');
    expect((body.match(/<option value="[a-z0-9-]+">/g) ?? []).length).toBeGreaterThanOrEqual(15);
    expect(body).toContain('value="krong-pac"');
    expect(body).toContain('id="guardianConsent"');
    expect(body).toContain('href="/privacy?lang=vi"');
    expect(body).toContain('id="resume-form"');
    for (const id of ['fullName', 'dateOfBirth', 'district', 'school', 'resumeCode']) expect(body).toMatch(new RegExp(`<label for="${id}">`));
    expect(data).toMatchObject({ lang: 'vi', slug, state: 'upcoming' });
    expect((data!.districts as unknown[]).length).toBe(15);
    noInlineScripts(body);
  });

  it('answers 404 for unknown or malformed contests', async () => {
    expect((await page('/contests/nope-nope')).res.status).toBe(404);
    expect((await page('/contests/Bad%20Slug')).res.status).toBe(404);
    expect((await page('/contests/nope-nope/attempt')).res.status).toBe(404);
    expect((await page('/contests/nope-nope/rankings')).res.status).toBe(404);
  });

  it('renders the attempt shell with the prediction prompt and no answer key', async () => {
    const { res, body, data } = await page(`/contests/${slug}/attempt`);
    expect(res.status).toBe(200);
    expect(body).toMatch(/\/static\/build\/attempt\.page-[A-Z0-9]{8}\.js/);
    expect(data).toMatchObject({ slug, prediction: { prompt: { vi: 'Bao nhiêu người tham gia?' } } });
    expect(body).not.toMatch(/"answer"|"correct"/);
    noInlineScripts(body);
  });

  it('keeps rankings private until published, then shows every scope with deciding keys', async () => {
    const before = await page(`/contests/${slug}/rankings`);
    expect(before.body).toContain('Kết quả chưa được công bố');
    expect(before.body).not.toContain('<table');

    w.clock.set(OPENS);
    w.clock.advance(60_000);
    const a = await register(w, slug, { district: 'krong pac' });
    const b = await register(w, slug, { fullName: 'Trần Thị Bình', district: 'BMT', school: 'THCS Lê Lợi', dateOfBirth: '2000-01-01' });
    for (const [p, right] of [
      [a, 7],
      [b, 10],
    ] as const) {
      const s = await json(w.t.call('POST', `/api/scheduled-contests/${slug}/attempts`, { headers: p.headers }), 201);
      for (const [i, q] of s.questions.entries()) {
        w.clock.advance(1000);
        const choice = i < right ? rightIndex(q.view) : (rightIndex(q.view) + 1) % 4;
        await json(w.t.call('PUT', `/api/attempts/${s.id}/answers/${q.id}`, { headers: p.headers, body: { response: { type: 'single_choice', choice } } }), 200);
      }
      await json(w.t.call('POST', `/api/attempts/${s.id}/submit`, { headers: p.headers, body: { prediction: 2 } }), 200);
    }
    // The organiser sees the live ranking through the session cookie.
    const login = await w.t.call('POST', '/api/auth/login', { body: { email: w.admin.email, password: TEST_PASSWORD } });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const live = await page(`/contests/${slug}/rankings`, { Cookie: cookie });
    expect(live.body).toContain('<table');
    await json(w.t.call('POST', `/api/scheduled-contests/${slug}/close`, { headers: w.admin.headers }), 200);
    await json(w.t.call('POST', `/api/scheduled-contests/${slug}/publish`, { headers: w.admin.headers }), 200);

    const ind = await page(`/contests/${slug}/rankings`);
    expect(ind.res.status).toBe(200);
    const rows = [...ind.body.matchAll(/<tr>\s*<td class="num">(\d+)<\/td>\s*<th scope="row">([^<]+)/g)].map((m) => [m[1], m[2]!.trim()]);
    expect(rows).toEqual([
      ['1', 'T. T. Bình'],
      ['2', expect.stringContaining('An')],
    ]);
    expect(ind.body).toContain('Giải nhất');
    expect(ind.body).toContain('Buôn Ma Thuột');
    expect(ind.body).not.toContain('Trần Thị Bình'); // public rows carry initials only
    expect(ind.body).toContain(`/api/scheduled-contests/${slug}/rankings?scope=individual&amp;format=csv`);
    const district = await page(`/contests/${slug}/rankings?scope=district&lang=en`);
    expect(district.body).toContain('<caption>Units</caption>');
    expect(district.body).toContain('Collective score');
    // Units with fewer than 5 participants have their scores suppressed in public.
    expect(district.body).toContain('&lt; 5');
    const school = await page(`/contests/${slug}/rankings?scope=school`);
    expect(school.body).toContain('THCS Lê Lợi');
    const filtered = await page(`/contests/${slug}/rankings?district=krong-pac`);
    expect(filtered.body).not.toContain('T. T. Bình');
    noInlineScripts(ind.body);
  });

  it('serves the privacy notice, practice pages for public banks and the organiser shell', async () => {
    const privacy = await page('/privacy?lang=en');
    expect(privacy.body).toContain('Decree 13/2023/NĐ-CP');
    const list = await page('/practice');
    expect(list.body).toContain(`href="/practice/${w.bank}?lang=vi"`);
    const practice = await page(`/practice/${w.bank}`);
    expect(practice.res.status).toBe(200);
    expect(practice.data).toMatchObject({ bank: w.bank });
    expect((await page('/practice/not-a-bank')).res.status).toBe(404);
    const org = await page(`/organise/${slug}`);
    expect(org.data).toMatchObject({ slug });
    expect(org.body).toMatch(/\/static\/build\/organise\.page-[A-Z0-9]{8}\.js/);
    expect((await page('/organise/Bad%20Slug')).res.status).toBe(404);
    noInlineScripts(org.body);
  });
});
