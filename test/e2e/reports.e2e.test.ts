import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
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
  browser = await launchChromium();
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

/** A response of the right shape for any question type (correct or not does not matter here). */
function anyResponse(view: { type: string; options?: unknown[] }, i: number): Record<string, unknown> {
  const n = view.options?.length ?? 0;
  switch (view.type) {
    case 'single_choice':
      return { type: 'single_choice', choice: i % Math.max(1, n) };
    case 'multiple_choice':
      return { type: 'multiple_choice', choices: [i % Math.max(1, n)] };
    case 'true_false':
      return { type: 'true_false', value: i % 2 === 0 };
    case 'ordering':
      return { type: 'ordering', order: Array.from({ length: n }, (_, k) => k) };
    default:
      return { type: 'short_answer', text: 'mật khẩu mạnh' };
  }
}

/** A scheduled contest over HTTP: 12 registered participants in three districts take an attempt; the organiser closes it (facts written at close). */
async function runScheduledContest(): Promise<string> {
  const slug = 'e2e-tuan-an-toan-so';
  const now = Date.now();
  const created = await api(srv.url, 'POST', '/api/scheduled-contests', {
    account: srv.admin,
    body: {
      slug,
      title: { vi: 'Tuần lễ an toàn số', en: 'Digital safety week' },
      rules: { vi: '5 câu, 10 phút.', en: '5 questions, 10 minutes.' },
      bank: srv.bank.slug,
      version: srv.bank.version,
      questionsPerAttempt: 5,
      attemptMinutes: 10,
      maxAttempts: 1,
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 86_400_000).toISOString(),
      regionSet: 'daklak-2021',
      prediction: { prompt: { vi: 'Bao nhiêu người tham gia?', en: 'How many will take part?' }, scoredAgainst: 'participants' },
      prizes: { first: 1, second: 1, third: 1, consolation: 1 },
    },
  });
  expect(created.status, created.text).toBe(201);
  const districts = [...Array(6).fill('Buôn Ma Thuột'), ...Array(4).fill('Buôn Hồ'), 'Krông Pắc', 'Krông Pắc'];
  for (const [i, district] of districts.entries()) {
    const reg = await api<{ participantToken: string }>(srv.url, 'POST', `/api/scheduled-contests/${slug}/register`, { body: { fullName: `Học sinh Thứ ${i}`, dateOfBirth: `2005-02-${String(i + 1).padStart(2, '0')}`, school: i % 2 ? 'THCS Nguyễn Du' : 'THPT Chu Văn An', district } });
    expect(reg.status, reg.text).toBe(201);
    const account = { email: '', token: reg.json.participantToken, cookie: '', headers: { Authorization: `Bearer ${reg.json.participantToken}` } };
    const started = await api<{ id: string; questions: Array<{ id: string; view: { type: string; options?: unknown[] } }> }>(srv.url, 'POST', `/api/scheduled-contests/${slug}/attempts`, { account });
    expect(started.status, started.text).toBe(201);
    for (const [k, q] of started.json.questions.entries()) {
      const saved = await api(srv.url, 'PUT', `/api/attempts/${started.json.id}/answers/${q.id}`, { account, body: { response: anyResponse(q.view, i + k) } });
      expect(saved.status, saved.text).toBe(200);
    }
    expect((await api(srv.url, 'POST', `/api/attempts/${started.json.id}/submit`, { account, body: { prediction: 10 + i } })).status).toBe(200);
  }
  const closed = await api(srv.url, 'POST', `/api/scheduled-contests/${slug}/close`, { account: srv.admin });
  expect(closed.status, closed.text).toBe(200);
  const report = await api<{ items: Array<{ district: string; participants: number | null }> }>(srv.url, 'GET', `/api/reports/contests/scheduled/${slug}/districts`, { account: srv.admin });
  expect(report.status).toBe(200);
  expect(report.json.items.find((d) => d.district === 'buon-ma-thuot')?.participants).toBe(6);
  return slug;
}

async function signIn(page: Page, next: string): Promise<void> {
  await page.goto(`${srv.url}${next}`);
  await page.waitForURL(/\/login\?next=/);
  await page.fill('#email', OFFICIAL.email);
  await page.fill('#password', OFFICIAL.password);
  await page.click('#login-form button[type=submit]');
  await page.waitForURL((u) => u.pathname === '/reports');
}

describeBrowser('reports in the browser', () => {
  it('a district official opens /reports, sees the charts, downloads the CSV, prints the report and stays in scope', async () => {
    liveId = await playLiveContest();
    const scheduledSlug = await runScheduledContest();
    const series = await api<{ id: string }>(srv.url, 'POST', '/api/report-series', { account: srv.admin, body: { title: 'Chung kết và tuần lễ', contests: [{ kind: 'live', id: liveId }, { kind: 'scheduled', id: scheduledSlug }] } });
    expect(series.status, series.text).toBe(201);
    const created = await api(srv.url, 'POST', '/api/users', { account: srv.admin, body: { ...OFFICIAL, role: 'official', regionCode: 'buon-ma-thuot' } });
    expect(created.status).toBe(201);

    const context = await browser.newContext({ locale: 'vi-VN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(STEP);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await signIn(page, '/reports');
    // The newest finished contest is chosen first: the scheduled one, with participants from three districts.
    expect(await page.locator('h1').textContent()).toContain('Tuần lễ an toàn số');
    expect(await page.locator('svg.chart[role="img"]').count()).toBe(4);
    expect(await page.locator('table.districts tr[data-district="buon-ma-thuot"] td').first().textContent()).toBe('6');
    // Choose the live contest in the form.
    await page.selectOption('#report', `contest:live:${liveId}`);
    await page.click('.report-chooser button[type=submit]');
    await page.waitForURL(/report=contest%3Alive/);

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

    // The series of both contests: its printable report carries the trend line too.
    await page.goto(`${srv.url}/reports/print/series/${series.json.id}`);
    expect(await page.locator('svg.chart').count()).toBe(5);
    expect(await page.locator('svg.chart title').allTextContents()).toContain('Diễn biến điểm trung bình qua các cuộc thi');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#print-button').isVisible()).toBe(false);
    const seriesPdf = await page.pdf({ format: 'A4', printBackground: true });
    await writeFile(path.join(ARTIFACTS, 'reports-series.pdf'), seriesPdf);
    expect((seriesPdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length).toBeGreaterThan(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
