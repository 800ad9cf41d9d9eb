import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

/**
 * Join addresses over HTTP (list, choose, used by join links and QR codes) and the
 * printable join sheets and roster slips, on the real composition root.
 */

let t: TestApp;
let teacher: Awaited<ReturnType<TestApp['user']>>;
let other: Awaited<ReturnType<TestApp['user']>>;
let open: string;
let roster: string;
const DISTRICTS = Array.from({ length: 15 }, (_, i) => ({ code: `d-${i + 1}`, name: `Huyện Số ${i + 1}` }));
const BASES = [
  { url: 'http://192.168.1.23:3000', source: 'Wi-Fi' },
  { url: 'http://10.10.0.4:3000', source: 'Ethernet' },
  { url: 'http://localhost:3000', source: 'localhost' },
];

beforeAll(async () => {
  t = await createTestApp();
  teacher = await t.user('teacher');
  other = await t.user('teacher');
  // As `civiq serve` does once it listens on all interfaces (src/server.ts).
  t.runtime.services.joinAddresses.set(BASES);
  const db = t.runtime.deps.db;
  const bank = await db.insertInto('banks').values({ slug: 'sheets-test', title: JSON.stringify({ vi: 'Ngân hàng', en: 'Bank' }), framework: 'vn-02-2025' } as never).returning('id').executeTakeFirstOrThrow();
  const version = await db.insertInto('bank_versions').values({ bank_id: bank.id, version: 1, meta: JSON.stringify({}), checksum: 'x', question_count: 0 }).returning('id').executeTakeFirstOrThrow();
  const contest = (pin: string, rosterMode: boolean) => ({
    pin,
    title: 'Ngày hội <kỹ năng số>',
    owner_id: teacher.id,
    bank_slug: 'sheets-test',
    bank_version: 1,
    bank_version_id: version.id,
    question_keys: '[]',
    settings: '{}',
    districts: JSON.stringify(DISTRICTS),
    roster_mode: rosterMode,
    screen_salt: 'salt',
    seed: 's',
  });
  const rows = await db.insertInto('live_contests').values([contest('4455667', false), contest('7788990', true)]).returning(['id', 'pin']).execute();
  open = rows.find((r) => r.pin === '4455667')!.id;
  roster = rows.find((r) => r.pin === '7788990')!.id;
}, 60_000);
afterAll(() => t.close());

describe('join addresses', () => {
  it('are listed for hosts only', async () => {
    expect((await t.call('GET', '/api/join-addresses')).status).toBe(401);
    const res = await t.call('GET', '/api/join-addresses', { headers: teacher.headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ current: 'http://192.168.1.23:3000', addresses: BASES });
  });

  it('the host picks another listed address; join links and QR codes follow; unlisted ones are refused', async () => {
    const bad = await t.call('PUT', '/api/join-addresses/current', { headers: teacher.headers, body: { url: 'http://phishing.example' } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('JOIN_ADDRESS_UNKNOWN');

    const ok = await t.call('PUT', '/api/join-addresses/current', { headers: teacher.headers, body: { url: 'http://10.10.0.4:3000' } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { current: string }).current).toBe('http://10.10.0.4:3000');
    const qr = await t.call('GET', '/join-qr/4455667.svg');
    expect(qr.headers.get('content-type')).toBe('image/svg+xml');
    expect(await qr.text()).toMatch(/^<svg/);

    const sheets = await (await t.call('GET', `/host/sheets/${open}`, { headers: teacher.headers })).text();
    expect(sheets).toContain('10.10.0.4:3000/play');
    expect(sheets).not.toContain('localhost');
    // Back to the hall Wi-Fi for the other tests.
    expect((await t.call('PUT', '/api/join-addresses/current', { headers: teacher.headers, body: { url: 'http://192.168.1.23:3000' } })).status).toBe(200);
  });

  it('the projector QR encodes the join link for a well-formed PIN only', async () => {
    expect((await t.call('GET', '/join-qr/12ab.svg')).status).toBe(404);
    expect((await t.call('GET', '/join-qr/123.svg')).status).toBe(404);
    // No look-up: an unknown PIN gets a QR code just the same (no PIN oracle).
    expect((await t.call('GET', '/join-qr/99999999.svg')).status).toBe(200);
  });
});

describe('join sheets', () => {
  it('one A4 sheet per district with the PIN, the QR code, the reachable address and the steps', async () => {
    const res = await t.call('GET', `/host/sheets/${open}`, { headers: teacher.headers });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body.match(/<section class="sheet"/g)).toHaveLength(15);
    expect(body.match(/<svg/g)).toHaveLength(15);
    expect(body).toContain('192.168.1.23:3000/play');
    expect(body.match(/class="sheet-pin">4455667</g)).toHaveLength(15);
    expect(body).toContain('Điểm cầu: Huyện Số 15');
    expect(body).toContain('chọn đơn vị «Huyện Số 7»');
    expect(body).toContain('Ngày hội &lt;kỹ năng số&gt;');
    expect(body).toContain('/static/sheets.css');
    expect(body).not.toContain('roster-form');
    // English on request.
    expect(await (await t.call('GET', `/host/sheets/${open}?lang=en`, { headers: teacher.headers })).text()).toContain('How to join');
  });

  it('are for the contest host: others get not found, anonymous visitors the sign-in page', async () => {
    expect((await t.call('GET', `/host/sheets/${open}`, { headers: other.headers })).status).toBe(404);
    expect((await t.call('GET', '/host/sheets/not-a-uuid', { headers: teacher.headers })).status).toBe(404);
    const anon = await t.call('GET', `/host/sheets/${open}`);
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/host/sheets/${open}`)}`);
  });
});

describe('roster slips', () => {
  const form = (students: string) => ({ raw: new URLSearchParams({ students }).toString(), contentType: 'application/x-www-form-urlencoded' });

  it('a roster contest offers the class-list form; the slips carry each student\'s new code, shown once', async () => {
    expect(await (await t.call('GET', `/host/sheets/${roster}`, { headers: teacher.headers })).text()).toContain('roster-form');
    const res = await t.call('POST', `/host/sheets/${roster}/roster`, { headers: teacher.headers, ...form('Nguyễn Văn An; d-1\n\nTrần Thị Bình\td-2\nLê Chi\n') });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.text();
    const codes = [...body.matchAll(/<p class="slip-code">[^<]*<span class="slip-label">[^<]*<\/span> <strong>([A-Z0-9]{8})<\/strong>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(3);
    expect(new Set(codes).size).toBe(3);
    expect(body).toContain('Nguyễn Văn An');
    expect(body).toContain('<p class="slip-district">Huyện Số 2</p>');
    expect(body).toContain('192.168.1.23:3000/play?pin=7788990');
    const stored = await t.runtime.deps.db.selectFrom('live_roster_codes').select(['label', 'district', 'code_hash']).where('contest_id', '=', roster).execute();
    expect(stored.map((r) => [r.label, r.district]).sort()).toEqual([['Lê Chi', null], ['Nguyễn Văn An', 'd-1'], ['Trần Thị Bình', 'd-2']]);
    // Hashed at rest: the printed codes are nowhere in the table.
    for (const code of codes) expect(JSON.stringify(stored)).not.toContain(code!);
  });

  it('refuses an empty list, a contest without entry codes and other teachers', async () => {
    expect((await t.call('POST', `/host/sheets/${roster}/roster`, { headers: teacher.headers, ...form(' \n \n') })).status).toBe(422);
    expect((await t.call('POST', `/host/sheets/${open}/roster`, { headers: teacher.headers, ...form('Lê Chi') })).status).toBe(409);
    expect((await t.call('POST', `/host/sheets/${roster}/roster`, { headers: other.headers, ...form('Lê Chi') })).status).toBe(404);
  });
});
