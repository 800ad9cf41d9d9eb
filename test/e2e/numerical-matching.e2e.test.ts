import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

/**
 * A numerical and a matching question in a live contest, in real Chromium: the
 * teacher imports them as GIFT (Moodle's syntax), publishes, hosts; a phone types
 * "3,14" on the decimal keyboard and pairs the matching items by taps and then by
 * keyboard; host, phone and projector show the reveals. Screenshots go to
 * test-artifacts/e2e/.
 */

const ADMIN_EMAIL = 'admin@e2e-nm.civiq.vn';
const ADMIN_PASSWORD = 'e2e admin password 456';
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/e2e');
const PHONE = { width: 360, height: 740 };
const STEP = 20_000;
const SLUG = 'so-va-ghep';
const GIFT = [
  '::pi:: Số π làm tròn đến hai chữ số thập phân là bao nhiêu? {#3.14:0.005}',
  '',
  '::thu-do:: Ghép mỗi nước với thủ đô của nước đó. {',
  '  =Việt Nam -> Hà Nội',
  '  =Lào -> Viêng Chăn',
  '  =Thái Lan -> Băng Cốc',
  '}',
  '',
  '// civiq: display=slider slider=0..10/1',
  '::loai-ky-tu:: Mật khẩu mạnh nên dùng ít nhất mấy loại ký tự (chữ thường, chữ hoa, số, ký hiệu)? {#3..4}',
].join('\n');

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  server = await startServerProcess({ ADMIN_EMAIL, ADMIN_PASSWORD });
  browser = await launchChromium();
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
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const waitScreen = (page: Page, screen: string) => page.waitForSelector(`#app[data-screen="${screen}"]`);

describeBrowser('numerical and matching questions live, in Chromium', () => {
  it(
    'are imported from GIFT, answered on a phone with the decimal keyboard and by tap-to-pair, and revealed everywhere',
    async () => {
      const host = await context({ viewport: { width: 1280, height: 900 } });
      await host.goto(`${server.url}/host`);
      await host.waitForURL(/\/login\?next=/);
      await host.fill('#email', ADMIN_EMAIL);
      await host.fill('#password', ADMIN_PASSWORD);
      await host.click('#login-form button[type=submit]');
      await host.waitForURL(`${server.url}/host`);

      // The teacher brings the questions in as a Moodle GIFT file, with the page's session.
      const origin = { Origin: server.url };
      expect((await host.request.post(`${server.url}/api/banks`, { headers: origin, data: { slug: SLUG, title: { vi: 'Số và ghép đôi', en: 'Numbers and pairs' } } })).status()).toBe(201);
      const imported = await host.request.post(`${server.url}/api/banks/${SLUG}/import?format=gift&lang=vi`, { headers: { ...origin, 'Content-Type': 'text/plain' }, data: GIFT });
      expect(await imported.json()).toEqual({ imported: 3, replaced: 0, skipped: [] });
      expect((await host.request.post(`${server.url}/api/banks/${SLUG}/publish`, { headers: origin })).status()).toBe(201);

      await host.reload();
      await host.waitForSelector(`#bank option[value="${SLUG}"]`, { state: 'attached' });
      await host.selectOption('#bank', SLUG);
      await host.waitForSelector('#version option', { state: 'attached' });
      await host.fill('#title', 'Số và ghép đôi E2E');
      await host.fill('#count', '3');
      await host.fill('#timeLimitSec', '60');
      await host.fill('#readingDelaySec', '1');
      await host.click('form.setup button[type=submit]');
      await host.waitForSelector('.big-pin');
      const pin = ((await host.locator('.big-pin').textContent()) ?? '').replace(/\D/g, '');
      const screenHref = await host.locator('.screens a').first().getAttribute('href');
      const districtName = (await host.locator('.screens a').first().textContent()) ?? '';

      const projector = await context({ viewport: { width: 1366, height: 768 } });
      await projector.goto(`${server.url}${screenHref}`);
      await projector.waitForSelector('.screen-head h1');

      const phone = await context({ viewport: PHONE, isMobile: true, hasTouch: true });
      await phone.goto(`${server.url}/play?pin=${pin}`);
      await phone.selectOption('#district', { label: districtName });
      await phone.fill('#nickname', 'Minh Châu');
      await phone.click('[data-key=join]');
      await waitScreen(phone, 'lobby');
      await host.waitForSelector('text=1 thí sinh');
      await host.click('[data-key="host.control.start"]');

      for (let i = 0; i < 3; i++) {
        await waitScreen(phone, 'question');
        await phone.waitForSelector('.countdown[data-phase="open"]');
        await host.waitForSelector('.host-question');
        if ((await phone.locator('#num-slider').count()) > 0) {
          // The slider starts in the middle (5); the keyboard moves it one step at a time.
          expect(await phone.locator('.num-output').textContent()).toBe('5');
          await phone.focus('#num-slider');
          await phone.keyboard.press('ArrowLeft');
          await expect.poll(() => phone.locator('.num-output').textContent()).toBe('4');
          await shot(phone, 'nm-08-play-slider');
          await phone.click('[data-key=num-send]');
          await waitScreen(phone, 'reveal');
          expect(await phone.locator('.verdict').textContent()).toContain('Chính xác');
          expect(await phone.locator('.right-answer').textContent()).toContain('từ 3 đến 4');
        } else if ((await phone.locator('#num-answer').count()) > 0) {
          // The decimal keyboard, and a comma as Vietnamese phones type it.
          expect(await phone.locator('#num-answer').getAttribute('inputmode')).toBe('decimal');
          await phone.fill('#num-answer', 'ba phẩy');
          await phone.click('[data-key=num-send]');
          await phone.waitForSelector('#num-error:has-text("Hãy nhập một số")');
          await phone.fill('#num-answer', '3,14');
          await shot(phone, 'nm-01-play-numerical');
          // The host console shows the key before the reveal; the projector never does.
          expect(await host.locator('.host-question .right-answer').textContent()).toContain('3,14 ± 0,005');
          expect(await projector.locator('.screen-question').textContent()).not.toContain('3,14');
          await phone.click('[data-key=num-send]');
          await waitScreen(phone, 'reveal');
          expect(await phone.locator('.verdict').textContent()).toContain('Chính xác');
          expect(await phone.locator('.right-answer').textContent()).toContain('3,14 ± 0,005');
          await shot(phone, 'nm-02-play-numerical-reveal');
          await projector.waitForSelector('.screen-question .right-answer');
          await shot(projector, 'nm-03-screen-numerical-reveal');
        } else {
          await phone.waitForSelector('.match-left');
          const right = phone.locator('.match-right .option');
          expect(await right.count()).toBe(3);
          const textOf = async (k: number) => (await right.nth(k).locator('.opt-text').textContent()) ?? '';
          const indexOf = async (name: string) => {
            for (let k = 0; k < 3; k++) if ((await textOf(k)) === name) return k;
            throw new Error(`no ${name}`);
          };
          // First two pairs by taps (left item 1 is active from the start, then the next one)…
          await right.nth(await indexOf('Hà Nội')).click();
          await right.nth(await indexOf('Viêng Chăn')).click();
          await expect.poll(() => phone.evaluate(() => document.activeElement?.getAttribute('data-key'))).toBe('match-left-2');
          // …the third by keyboard alone: Enter on the active left item moves to the first right item, Tab to the right one.
          await phone.keyboard.press('Enter');
          await expect.poll(() => phone.evaluate(() => document.activeElement?.getAttribute('data-key'))).toBe('match-right-0');
          const target = await indexOf('Băng Cốc');
          for (let k = 0; k < target; k++) await phone.keyboard.press('Tab');
          await phone.keyboard.press('Enter');
          await expect.poll(() => phone.evaluate(() => document.activeElement?.getAttribute('data-key'))).toBe('match-send');
          expect(await phone.locator('.match-left').textContent()).toContain('→ Băng Cốc');
          await shot(phone, 'nm-04-play-matching');
          await phone.keyboard.press('Enter');
          await waitScreen(phone, 'reveal');
          expect(await phone.locator('.verdict').textContent()).toContain('Chính xác');
          expect(await phone.locator('.right-pairs').textContent()).toContain('Lào → Viêng Chăn');
          await shot(phone, 'nm-05-play-matching-reveal');
          await host.waitForSelector('.host-question .right-pairs');
          await shot(host, 'nm-06-host-matching-reveal');
          await projector.waitForSelector('.screen-question .right-pairs');
          await shot(projector, 'nm-07-screen-matching-reveal');
        }
        await host.waitForSelector('.chart');
        await host.click(i < 2 ? '[data-key="host.control.next"]' : '[data-key="host.control.finish"]');
      }
      await waitScreen(phone, 'final');
      // Three right answers, each worth at least 500 points.
      expect(Number(((await phone.locator('.final .stats dd').nth(2).textContent()) ?? '').replace(/\D/g, ''))).toBeGreaterThanOrEqual(1500);
      const csvHref = await host.locator('a[href$="results?format=csv"]').getAttribute('href');
      const csv = await host.request.get(`${server.url}${csvHref}`);
      expect(await csv.text()).toContain('Minh Châu');
      expect(pageErrors).toEqual([]);
    },
    240_000,
  );
});
