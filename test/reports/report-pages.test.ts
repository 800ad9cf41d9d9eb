import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/app.ts';
import { BIG_A, BIG_B, TINY, loadRegions, makeParticipants, writeContest } from './fixtures.ts';

let t: TestApp;
const contestId = randomUUID();
let cookieOf: (email: string) => Promise<string>;

beforeAll(async () => {
  t = await createTestApp();
  await loadRegions(t);
  const people = makeParticipants('pages', [
    { district: BIG_A, n: 9, schools: ['THCS Nguyễn Du', 'THCS <b>Lê</b>'], bias: 0.8 },
    { district: BIG_B, n: 7, schools: ['THCS Lê Lợi'], bias: 0.6 },
    { district: TINY, n: 2, schools: [null], bias: 0.6 },
  ]);
  await writeContest(t.runtime.database.db, { sourceId: contestId, title: 'Chung kết <Đắk Lắk>' }, people);
  cookieOf = async (email) => {
    const res = await t.call('POST', '/api/auth/login', { body: { email, password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
    return /civiq_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  };
}, 60_000);
afterAll(() => t?.close());

describe('report pages', () => {
  it('send a visitor who is not signed in to the login page, and back afterwards', async () => {
    const res = await t.call('GET', '/reports?lang=en');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/reports?lang=en')}`);
  });

  it('dashboard: charts inline with their data tables, suppression marked, CSV links, own schools for a district official', async () => {
    const official = await t.user('official', { regionCode: BIG_A });
    const res = await t.call('GET', '/reports', { headers: { Cookie: await cookieOf(official.email) } });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="vi">');
    expect(page.match(/<svg xmlns/g)).toHaveLength(4);
    expect(page.match(/<table class="chart-data/g)!.length).toBeGreaterThanOrEqual(4);
    expect(page).toContain('Chung kết &lt;Đắk Lắk&gt;');
    expect(page).toMatch(new RegExp(`<tr class="is-suppressed" data-district="${TINY}">`));
    expect(page).toContain(`href="/api/reports/contests/live/${contestId}/districts?format=csv&amp;lang=vi"`);
    // Their own district's schools (escaped), never another district's.
    expect(page).toContain('THCS &lt;b&gt;Lê&lt;/b&gt;');
    expect(page).not.toContain('THCS Lê Lợi');
    expect(page).not.toMatch(/<script(?![^>]*(type="application\/json"|type="module" src=))/);
    const other = await t.call('GET', `/reports?report=contest:live:${contestId}&district=${BIG_B}`, { headers: { Cookie: await cookieOf(official.email) } });
    expect(await other.text()).not.toContain('THCS Lê Lợi');
  });

  it('printable report: print CSS page breaks, every chart, notes on suppression and method; English on request', async () => {
    const admin = await t.user('admin');
    const res = await t.call('GET', `/reports/print/contests/live/${contestId}?lang=en&district=${BIG_B}`, { headers: { Cookie: await cookieOf(admin.email) } });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('href="/static/reports.css"');
    expect(page.match(/class="report-section page-break"/g)!.length).toBeGreaterThanOrEqual(2);
    expect(page.match(/<svg xmlns/g)).toHaveLength(4);
    expect(page).toContain('Participation rate by district');
    expect(page).toContain('THCS Lê Lợi');
    expect(page).toContain('Children’s data protection');
    const css = await (await t.call('GET', '/static/reports.css')).text();
    expect(css).toContain('break-before: page');
    expect(css).toContain('@media print');
  });

  it('answers 404 for a contest outside the caller’s scope', async () => {
    const teacher = await t.user('teacher');
    const res = await t.call('GET', `/reports/print/contests/live/${contestId}`, { headers: { Cookie: await cookieOf(teacher.email) } });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Chung kết');
  });
});
