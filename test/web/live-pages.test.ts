import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../src/app.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

/** The server-rendered shells of /play, /host and /screen/{pin}: language, page data, CSP-safe scripts. */

let t: TestApp;
let app: ReturnType<typeof createApp>;
const DISTRICTS = [
  { code: 'buon-ma-thuot', name: 'Buôn Ma Thuột' },
  { code: 'krong-pac', name: 'Krông Pắc' },
];

beforeAll(async () => {
  t = await createTestApp();
  // The composition root mounts the pages (src/modules.ts).
  app = t.app;
  const db = t.runtime.deps.db;
  const bank = await db
    .insertInto('banks')
    .values({ slug: 'live-pages-test', title: JSON.stringify({ vi: 'Ngân hàng', en: 'Bank' }), framework: 'vn-02-2025' } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('bank_versions')
    .values({ bank_id: bank.id, version: 1, meta: JSON.stringify({}), checksum: 'x', question_count: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contest = (pin: string, phase: 'lobby' | 'ended', title: string) => ({
    pin,
    title,
    bank_slug: 'live-pages-test',
    bank_version: 1,
    bank_version_id: version.id,
    question_keys: '[]',
    settings: '{}',
    districts: JSON.stringify(DISTRICTS),
    screen_salt: 'salt',
    seed: 's',
    phase,
  });
  await db.insertInto('live_contests').values([contest('246810', 'lobby', 'Thi <thử> & vui'), contest('135790', 'ended', 'Đã xong')]).execute();
}, 60_000);
afterAll(() => t.close());

async function page(url: string, headers: Record<string, string> = {}) {
  const res = await app.request(url, { headers });
  const body = await res.text();
  const data = /<script type="application\/json" id="page-data">([^<]*)<\/script>/.exec(body);
  return { res, body, data: data ? (JSON.parse(data[1]!) as Record<string, unknown>) : null };
}

/** Every <script> must be the JSON data block or an external module: the CSP allows no inline code. */
function inlineScripts(body: string): string[] {
  return [...body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, attrs, content]) => !/type="application\/json"/.test(attrs!) && (content!.trim() !== '' || !/\ssrc="/.test(attrs!))).map((m) => m[0]);
}

describe.each([
  ['/play', 'play', 'Vào thi'],
  ['/host', 'host', 'Tổ chức thi'],
  ['/screen/123456', 'screen', 'Màn hình điểm cầu'],
])('%s', (url, script, viTitle) => {
  it('renders in Vietnamese by default, with its page data and one module script', async () => {
    const { res, body, data } = await page(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(body).toMatch(/<html lang="vi">/);
    expect(body).toContain(`<title>${viTitle} · civiq</title>`);
    expect(data).toMatchObject({ lang: 'vi' });
    // Content-hashed by scripts/build-web.ts (src/web/assets.ts).
    expect(body).toMatch(new RegExp(`<script type="module" src="/static/build/${script}\\.page-[A-Z0-9]{8}\\.js"></script>`));
    expect(inlineScripts(body)).toEqual([]);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    // The live regions exist from the first paint.
    expect(body).toContain('id="announce" class="visually-hidden" aria-live="polite"');
  });

  it('renders in English with ?lang=en, from the cookie, or from Accept-Language, and links back to Vietnamese', async () => {
    for (const [u, headers] of [
      [`${url}?lang=en`, {}],
      [url, { Cookie: 'lang=en' }],
      [url, { 'Accept-Language': 'en-GB,en;q=0.9' }],
    ] as const) {
      const { body, data } = await page(u, headers);
      expect(body).toMatch(/<html lang="en">/);
      expect(data).toMatchObject({ lang: 'en' });
      expect(body).toContain('hreflang="vi" lang="vi">Tiếng Việt</a>');
    }
  });
});

describe('/play', () => {
  it('asks for a PIN without one', async () => {
    const { body, data } = await page('/play');
    expect(data).toEqual({ lang: 'vi', pin: null, contest: null, notFound: false });
    expect(body).toContain('<form class="card stack pin-form" method="get" action="/play">');
  });

  it('puts the open contest named by the PIN (a QR link) into the page data, escaped', async () => {
    const { body, data } = await page('/play?pin=246%20810');
    expect(data).toEqual({ lang: 'vi', pin: '246810', notFound: false, contest: { pin: '246810', title: 'Thi <thử> & vui', districts: DISTRICTS, rosterMode: false } });
    expect(body).not.toContain('Thi <thử>');
  });

  it('treats a finished contest like an unknown PIN', async () => {
    for (const pin of ['135790', '999999', 'abc']) {
      const { body, data } = await page(`/play?pin=${pin}`);
      expect(data).toMatchObject({ contest: null, notFound: true });
      expect(body).toContain('role="alert">Không tìm thấy cuộc thi đang mở với mã PIN này');
    }
  });

  it('keeps the PIN in the language link', async () => {
    const { body } = await page('/play?pin=246810');
    expect(body).toContain('href="?pin=246810&amp;lang=en"');
  });
});

describe('/host', () => {
  it('hands the settings defaults to the page', async () => {
    const { data } = await page('/host');
    expect(data).toMatchObject({ defaults: { timeLimitSec: 20, readingDelayMs: 3000, mode: 'classic', speedScoring: true, streakBonus: true, shuffleOptions: true, autoAdvance: false, maxPlayers: 2000, lateJoinUntil: 0 } });
  });
});

describe('/screen/{pin}', () => {
  it('passes PIN, district and token to the page, and leaves the token out of the language link', async () => {
    const token = 'T'.repeat(32);
    const { body, data } = await page(`/screen/246810?district=krong-pac&token=${token}`);
    expect(data).toEqual({ lang: 'vi', pin: '246810', district: 'krong-pac', token });
    expect(body).toContain('href="?district=krong-pac&amp;lang=en"');
  });

  it('drops a malformed district or token, and 404s a malformed PIN', async () => {
    expect((await page('/screen/246810?district=Bad%20Code&token=short')).data).toEqual({ lang: 'vi', pin: '246810', district: null, token: null });
    expect((await page('/screen/12ab56')).res.status).toBe(404);
  });
});
