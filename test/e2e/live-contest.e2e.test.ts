import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { CHROMIUM_ARGS, chromiumPath, describeBrowser } from '../support/browser.ts';

/**
 * A whole live contest in real Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core): a teacher signs in and creates a contest from a shipped bank
 * on /host, three students on phone-sized screens join by PIN (typed or from the
 * QR link), pick districts and play every question; one reloads mid-question and
 * keeps its score; a projector opens /screen/… and shows the district board.
 * Screenshots of every screen go to test-artifacts/e2e/.
 */

const ADMIN_EMAIL = 'admin@e2e.civiq.vn';
const ADMIN_PASSWORD = 'e2e admin password 123';
const BANK = 'cyberbullying-netiquette'; // first questions: single choice, true/false, single choice, ordering
const QUESTIONS = 4;
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/e2e');
const PHONE = { width: 360, height: 740 };
const STEP = 20_000;

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!chromiumPath) return; // skipped: test/support/browser-check.ts said so (or fails the run under CIVIQ_REQUIRE_BROWSER)
  await mkdir(ARTIFACTS, { recursive: true });
  server = await startServerProcess({ ADMIN_EMAIL, ADMIN_PASSWORD });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.cleanup();
});

async function context(opts: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const c = await browser.newContext({ locale: 'vi-VN', ...opts });
  c.setDefaultTimeout(STEP);
  contexts.push(c);
  const page = await c.newPage();
  // A page error in any context fails the run: the pages must not throw.
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return page;
}
const pageErrors: string[] = [];

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const screenOf = (page: Page) => page.locator('#app').getAttribute('data-screen');
const waitScreen = (page: Page, screen: string) => page.waitForSelector(`#app[data-screen="${screen}"]`);

/**
 * Answer whatever the current question is, once answers are open; returns after
 * "answer received". `choice`: which option to tap on a single-choice question.
 */
async function answer(page: Page, choice = 0): Promise<void> {
  await waitScreen(page, 'question');
  await page.waitForSelector('.countdown[data-phase="open"]');
  if ((await page.locator('.short-answer').count()) > 0) {
    await page.fill('#answer', 'báo cho người lớn');
    await page.click('.short-answer button[type=submit]');
  } else if ((await page.locator('[data-key=send]').count()) > 0) {
    const options = page.locator('.options .option');
    const multiple = (await options.first().getAttribute('aria-pressed')) !== null;
    const n = multiple ? 1 : await options.count();
    for (let i = 0; i < n; i++) await options.nth(i).click();
    await page.click('[data-key=send]');
  } else {
    await page.locator('.options .option').nth(choice).click();
  }
  // The last answer in closes the question at once (everyone has answered): the reveal may come first.
  await page.waitForSelector('#app[data-screen="answered"] .answered-box.received, #app[data-screen="reveal"]');
}

async function points(page: Page): Promise<string> {
  return (await page.locator('.me-points').first().textContent()) ?? '';
}

describeBrowser('a live contest in Chromium', () => {
  it(
    'is hosted, joined by three phones, played to the end with a reload, and projected',
    async () => {
      // ---- the teacher signs in and creates the contest ----
      const host = await context({ viewport: { width: 1280, height: 900 } });
      await host.goto(`${server.url}/host`);
      await host.waitForURL(/\/login\?next=/);
      await host.fill('#email', ADMIN_EMAIL);
      await host.fill('#password', ADMIN_PASSWORD);
      await host.click('#login-form button[type=submit]');
      await host.waitForURL(`${server.url}/host`);
      await host.waitForSelector(`#bank option[value="${BANK}"]`, { state: 'attached' });
      await host.selectOption('#bank', BANK);
      await host.waitForSelector('#version option', { state: 'attached' });
      await host.fill('#title', 'Thi thử kỹ năng số E2E');
      await host.fill('#count', String(QUESTIONS));
      await host.fill('#timeLimitSec', '30');
      await host.fill('#readingDelaySec', '1');
      // Options in the authored order for everyone, so the test can read the key off the host console.
      await host.uncheck('input[name=shuffleOptions]');
      await shot(host, '01-host-setup');
      await host.click('form.setup button[type=submit]');
      await host.waitForSelector('.big-pin');
      const pin = ((await host.locator('.big-pin').textContent()) ?? '').replace(/\D/g, '');
      expect(pin).toMatch(/^\d{6,8}$/);
      expect(await host.locator('img.qr').getAttribute('src')).toMatch(/^\/api\/live-contests\/[0-9a-f-]{36}\/qr\.svg$/);
      const screenLinks = host.locator('.screens a');
      const screenHref = await screenLinks.first().getAttribute('href');
      const districtName = (await screenLinks.first().textContent()) ?? '';
      const otherDistrict = (await screenLinks.nth(1).textContent()) ?? '';
      expect(screenHref).toMatch(new RegExp(`^/screen/${pin}\\?district=[a-z0-9-]+&token=`));

      // ---- the projector at a bridge point ----
      const projector = await context({ viewport: { width: 1366, height: 768 } });
      await projector.goto(`${server.url}${screenHref}`);
      await projector.waitForSelector('.screen-head h1');
      expect(await projector.locator('.screen-head h1').textContent()).toBe(districtName);
      expect(projector.url()).not.toContain('token='); // moved out of the address bar
      await shot(projector, '02-screen-lobby');

      // ---- three phones join ----
      const phones = await Promise.all([0, 1, 2].map(() => context({ viewport: PHONE, isMobile: true, hasTouch: true })));
      const [lan, reloader, third] = phones as [Page, Page, Page];
      // Typed PIN.
      await lan.goto(`${server.url}/play`);
      await lan.fill('#pin', pin);
      await shot(lan, '03-play-pin');
      await lan.click('.pin-form button[type=submit]');
      await waitScreen(lan, 'profile');
      // QR link.
      await reloader.goto(`${server.url}/play?pin=${pin}`);
      await third.goto(`${server.url}/play?pin=${pin}`);

      await lan.selectOption('#district', { label: districtName });
      await lan.fill('#school', 'THCS Nguyễn Du');
      await lan.fill('#nickname', 'Lan Anh');
      await shot(lan, '04-play-profile');
      await lan.click('[data-key=join]');
      await waitScreen(lan, 'lobby');
      expect(await lan.locator('.big-name').textContent()).toBe('Lan Anh');

      await reloader.selectOption('#district', { label: districtName });
      await reloader.click('[data-key=suggest]');
      await expect.poll(() => reloader.inputValue('#nickname')).not.toBe('');
      await reloader.click('[data-key=join]');
      await waitScreen(reloader, 'lobby');

      await third.selectOption('#district', { label: otherDistrict });
      await third.click('[data-key=join]'); // no nickname: the server generates one
      await waitScreen(third, 'lobby');
      await expect.poll(async () => (await third.locator('.big-name').textContent())?.trim().length ?? 0).toBeGreaterThan(1);
      await shot(lan, '05-play-lobby');

      await host.waitForSelector('text=3 thí sinh');
      expect(await host.locator('.district-group').count()).toBe(2);
      await shot(host, '06-host-lobby');

      // ---- play every question ----
      await host.click('[data-key="host.control.start"]');
      let before = '';
      for (let i = 0; i < QUESTIONS; i++) {
        for (const p of phones) await waitScreen(p, 'question');
        await host.waitForSelector('.host-question');
        if (i === 0) {
          await lan.waitForSelector('.countdown[data-phase="open"]');
          await shot(lan, '07-play-question');
          await shot(host, '08-host-question');
          await shot(projector, '09-screen-question');
        }
        if (i === 2) {
          // Reload mid-question, before answering: the tab's token brings the player back with its score.
          before = await points(reloader);
          await reloader.reload();
          await waitScreen(reloader, 'question');
          expect(await points(reloader)).toBe(before);
          await shot(reloader, '10-play-after-reload');
        }
        // The reloading player answers right (the host console marks the key), so it has points to keep.
        const key = await host.locator('.host-question .options .option').evaluateAll((els) => els.findIndex((e) => e.classList.contains('correct')));
        // The first two answer, then the third: the host sees the count move before the question closes.
        await Promise.all([lan, reloader].map((p) => answer(p, p === reloader ? Math.max(0, key) : 0)));
        await host.waitForSelector('text=Đã trả lời: 2/3');
        await answer(third);
        if (i === 0 && (await screenOf(lan)) === 'answered') await shot(lan, '11-play-answered');
        // Everyone answered: the server closes the question without waiting for the host.
        for (const p of phones) await waitScreen(p, 'reveal');
        await host.waitForSelector('.chart');
        if (i === 0) {
          await lan.waitForSelector('.rank-line');
          await shot(lan, '12-play-reveal');
          await lan.click('text=Xem bảng xếp hạng');
          await waitScreen(lan, 'leaderboard');
          expect(await lan.locator('.stats dd').first().textContent()).toMatch(/^#\d+$/);
          await shot(lan, '13-play-leaderboard');
          await shot(host, '14-host-reveal');
          await projector.waitForSelector('.screen-boards table');
          await shot(projector, '15-screen-reveal');
        }
        await host.click(i + 1 < QUESTIONS ? '[data-key="host.control.next"]' : '[data-key="host.control.finish"]');
      }

      // ---- the end ----
      for (const p of phones) await waitScreen(p, 'final');
      await shot(lan, '16-play-final');
      await shot(reloader, '17-play-final-reloaded');
      const finalRank = await lan.locator('.final .stats dd').first().textContent();
      expect(finalRank).toMatch(/^#[1-3]$/);
      expect(await lan.locator('.final .review li').count()).toBe(QUESTIONS);

      await host.waitForSelector('text=Tải kết quả (CSV)');
      await host.waitForSelector('.podium');
      await shot(host, '18-host-final');
      const csvHref = await host.locator('a[href$="results?format=csv"]').getAttribute('href');
      const csv = await host.request.get(`${server.url}${csvHref}`);
      expect(csv.status()).toBe(200);
      const csvText = await csv.text();
      expect(csvText).toContain('Lan Anh');

      await projector.waitForSelector('.screen-final');
      await projector.waitForSelector('.screen-boards table');
      expect(await projector.locator('.screen-boards').textContent()).toContain(districtName);
      await shot(projector, '19-screen-final');

      // The reloaded player kept its points: the final total is at least what it had before the reload.
      const beforeReload = Number(before.replace(/\D/g, ''));
      expect(beforeReload).toBeGreaterThan(0);
      const finalPoints = Number(((await reloader.locator('.final .stats dd').nth(2).textContent()) ?? '').replace(/\D/g, ''));
      expect(finalPoints).toBeGreaterThanOrEqual(beforeReload);
      expect(pageErrors).toEqual([]);
    },
    240_000,
  );
});
