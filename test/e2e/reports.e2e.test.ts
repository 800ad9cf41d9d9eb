import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostSnapshot, QuestionShow } from '../../src/contests/protocol.ts';
import {
  FAST_SETTINGS,
  answerId,
  api,
  closeAll,
  connectLive,
  correctResponse,
  createContest,
  joinBots,
  okData,
  sleep,
  startLiveServer,
  wrongResponse,
  type Bot,
  type LiveServer,
} from '../support/live-bots.ts';

/**
 * Reports end to end, in real Chromium against a real server process: a live contest is
 * played over sockets by students from three districts and ends (the engine writes its
 * facts); a district official signs in, opens /reports, sees the charts and tables with
 * a small district suppressed, downloads the CSV, opens the printable report and prints
 * it to PDF (more than one page, the charts in it), and cannot reach another district's
 * schools. Screenshots and the PDF go to test-artifacts/e2e/.
 */
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/e2e');
const STEP = 20_000;
const OFFICIAL = { email: 'official-bmt@e2e.civiq.vn', password: 'official e2e password 123' };
const ENROLMENT = ['region_code,school_name,grade_band,enrolment', 'buon-ma-thuot,THCS Nguyễn Du,,60', 'buon-ho,THCS Lê Lợi,,40', 'cu-kuin,THCS Cư Kuin,,30'].join('\n');

let srv: LiveServer;
let browser: Browser;
let liveId = '';

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  srv = await startLiveServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await srv?.server.cleanup();
});

async function playLiveContest(): Promise<string> {
  const imported = await fetch(`${srv.url}/api/region-sets/daklak-2021/enrolment?mode=strict`, { method: 'POST', headers: { ...srv.admin.headers, 'Content-Type': 'text/csv' }, body: ENROLMENT });
  expect(imported.status).toBe(200);
  const ids = [...srv.bank.byId.keys()].slice(0, 3);
  const contest = await createContest(srv.url, srv.admin, { title: 'Chung kết kỹ năng số', bank: srv.bank.slug, version: srv.bank.version, questionIds: ids, settings: FAST_SETTINGS });
  const host = await connectLive(srv.url, { token: srv.admin.token });
  okData(await host.request<HostSnapshot>('host:attach', { contestId: contest.id }));
  const bots: Bot[] = [
    ...(await joinBots(srv.url, contest.pin, ['buon-ma-thuot'], 6, ['Bạn An', 'Bạn Bình', 'Bạn Chi', 'Bạn Dũng', 'Bạn Giang', 'Bạn Hà'])),
    ...(await joinBots(srv.url, contest.pin, ['buon-ho'], 5, ['Bạn Khoa', 'Bạn Lan', 'Bạn Minh', 'Bạn Nga', 'Bạn Oanh'])),
    ...(await joinBots(srv.url, contest.pin, ['cu-kuin'], 2, ['Bạn Quân', 'Bạn Sơn'])),
  ];
  try {
    okData(await host.request('contest:start', {}));
    for (let q = 0; q < ids.length; q++) {
      const question = srv.bank.byId.get(ids[q]!)!;
      const shows = await Promise.all(bots.map((b) => b.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === q)));
      await Promise.all(bots.map((b, i) => b.conn.request('answer:submit', { questionIndex: q, answerId: answerId(), response: (i + q) % 3 === 0 ? wrongResponse(question, shows[i]!.question) : correctResponse(question, shows[i]!.question) })));
      await Promise.all(bots.map((b) => b.conn.waitFor('question:reveal', (r: { index: number }) => r.index === q)));
      okData(await host.request('contest:next', {}));
    }
    await Promise.all(bots.map((b) => b.conn.waitFor('contest:ended')));
  } finally {
    closeAll(bots);
    host.close();
  }
  // The engine writes the facts right after the end: wait for the report to exist.
  for (let i = 0; i < 100; i++) {
    const r = await api(srv.url, 'GET', `/api/reports/contests/live/${contest.id}/districts`, { account: srv.admin });
    if (r.status === 200) return contest.id;
    await sleep(100);
  }
  throw new Error('the report of the live contest was not written');
}

async function signIn(page: Page, next: string): Promise<void> {
  await page.goto(`${srv.url}${next}`);
  await page.waitForURL(/\/login\?next=/);
  await page.fill('#email', OFFICIAL.email);
  await page.fill('#password', OFFICIAL.password);
  await page.click('#login-form button[type=submit]');
  await page.waitForURL((u) => u.pathname === '/reports');
}

describe('reports in the browser', () => {
  it('a district official opens /reports, sees the charts, downloads the CSV, prints the report and stays in scope', async () => {
    liveId = await playLiveContest();
    const created = await api(srv.url, 'POST', '/api/users', { account: srv.admin, body: { ...OFFICIAL, role: 'official', regionCode: 'buon-ma-thuot' } });
    expect(created.status).toBe(201);

    const context = await browser.newContext({ locale: 'vi-VN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(STEP);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await signIn(page, '/reports');

    // The dashboard: the contest, its four charts (each an accessible image with a title), the districts.
    expect(await page.locator('h1').textContent()).toContain('Chung kết kỹ năng số');
    const charts = page.locator('svg.chart[role="img"]');
    expect(await charts.count()).toBe(4);
    expect(await charts.first().locator('title').first().textContent()).toBe('Tỷ lệ tham gia theo đơn vị');
    const bmt = page.locator('table.districts tr[data-district="buon-ma-thuot"]');
    expect(await bmt.textContent()).toContain('Buôn Ma Thuột');
    expect(await bmt.locator('td').first().textContent()).toBe('6');
    // 6 / 60 enrolled.
    expect(await bmt.locator('td').nth(2).textContent()).toBe('10');
    // Two players in Cư Kuin: suppressed, and Buôn Hồ with it (5, the next smallest) so the total does not give it away.
    expect(await page.locator('table.districts tr[data-district="cu-kuin"]').getAttribute('class')).toContain('is-suppressed');
    expect(await page.locator('table.districts tr[data-district="buon-ho"]').getAttribute('class')).toContain('is-suppressed');
    expect(await page.locator('table.districts tr[data-district="cu-kuin"] td').first().textContent()).toBe('ẩn');
    // Their own district's schools are shown.
    expect(await page.locator('#sec-schools').textContent()).toContain('Buôn Ma Thuột');
    await page.screenshot({ path: path.join(ARTIFACTS, 'reports-dashboard.png'), fullPage: true });

    // CSV download: UTF-8 with BOM, the contract's columns.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a.csv').first().click()]);
    const file = path.join(ARTIFACTS, 'reports-districts.csv');
    await download.saveAs(file);
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe('district,districtName,participants,enrolment,participationRate,attempts,meanScore,medianScore,p90Score,meanPoints,completionRate,collectiveScore,rank,previousMeanScore,meanScoreChange,suppressed');

    // The printable report: charts are in the DOM before printing; the PDF has several pages and the chart texts.
    await page.click('text=Bản in');
    await page.waitForURL(/\/reports\/print\/contests\/live\//);
    expect(await page.locator('svg.chart').count()).toBe(4);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#print-button').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pdfFile = path.join(ARTIFACTS, 'reports-contest.pdf');
    await writeFile(pdfFile, pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    expect(pages).toBeGreaterThan(1);
    if (existsSync('/usr/bin/pdftotext')) {
      const text = execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' });
      for (const title of ['Tỷ lệ tham gia theo đơn vị', 'Điểm trung bình theo đơn vị', 'Mức thành thạo theo miền năng lực số', 'Phân bố điểm']) expect(text).toContain(title);
      expect(text).toContain('Bảo vệ dữ liệu trẻ em');
      // No student name in the report.
      for (const name of ['Bạn An', 'Bạn Khoa', 'Bạn Quân']) expect(text).not.toContain(name);
    }

    // Scope: another district's schools are not reachable, in the page or the API.
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${srv.url}/reports?report=contest:live:${liveId}&district=buon-ho`);
    expect(await page.locator('#sec-schools').textContent()).toContain('Buôn Ma Thuột');
    expect(await page.locator('body').textContent()).not.toContain('THCS Lê Lợi');
    const foreign = await page.request.get(`${srv.url}/api/reports/contests/live/${liveId}/schools?district=buon-ho`);
    expect(foreign.status()).toBe(403);
    const own = await page.request.get(`${srv.url}/api/reports/contests/live/${liveId}/schools?district=buon-ma-thuot`);
    expect(own.status()).toBe(200);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
