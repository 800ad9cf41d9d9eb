import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { CHROMIUM_ARGS, chromiumPath, describeBrowser } from '../support/browser.ts';
import { joinBots, type Bot } from '../support/live-bots.ts';
import { lanAddresses } from '../../src/net/join-address.ts';

/**
 * Contest day at a bridge point, in real Chromium: the server listens on every
 * interface and offers its network address (printed at start, in the join link,
 * the lobby and the projector); the join sheets print to A4 PDF, one page per
 * district; the projector fits all 15 districts at 1920×1080 and 1280×720 with
 * readable type; a player joins and answers with the keyboard only; options
 * dimmed during the reading time keep AA contrast; and axe-core finds no serious
 * or critical violation in any play, host or screen state.
 */

const ADMIN_EMAIL = 'admin@eventday.civiq.vn';
const ADMIN_PASSWORD = 'event day admin password 123';
const BANK = 'cyberbullying-netiquette';
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/e2e/event-day');
const STEP = 20_000;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];
const bots: Bot[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!chromiumPath) return; // skipped (test/support/browser-check.ts says why), or failed by CIVIQ_REQUIRE_BROWSER
  await mkdir(ARTIFACTS, { recursive: true });
  // As on the laptop: listening on every interface, no PUBLIC_URL.
  server = await startServerProcess({ ADMIN_EMAIL, ADMIN_PASSWORD, HOST: '0.0.0.0' });
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  for (const b of bots) b.conn.close();
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

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
const waitScreen = (page: Page, screen: string) => page.waitForSelector(`#app[data-screen="${screen}"]`);

/** axe-core in the page; serious and critical violations only (rule ids and the first offending node). */
async function axe(page: Page, state: string): Promise<void> {
  // Evaluated over the DevTools protocol, so the page keeps its CSP (no inline scripts) while axe runs.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate((await readFile(AXE, 'utf8')) + '\n;void 0');
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes[0]?.target)} ${v.nodes[0]?.failureSummary ?? ''}`);
  });
  expect(violations, `axe on ${state}`).toEqual([]);
}

interface Fit {
  viewport: string;
  overflow: string[];
  minFont: number;
  minHeaderFont: number;
  smallText: string[];
}

/** Whether everything on a projector page is inside the viewport, and the smallest type in use. */
function measure(page: Page, minFont: number): Promise<Fit> {
  return page.evaluate((min) => {
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const overflow: string[] = [];
    const de = document.documentElement;
    if (de.scrollHeight > vh + 1 || de.scrollWidth > vw + 1) overflow.push(`document ${de.scrollWidth}×${de.scrollHeight}`);
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    let minFont = Infinity;
    let minHeaderFont = Infinity;
    const smallText: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.closest('.visually-hidden, [aria-hidden="true"], script, style, noscript')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.bottom > vh + 1 || r.right > vw + 1 || r.left < -1 || r.top < -1) overflow.push(`${name(el)} [${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}]`);
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') overflow.push(`${name(el)} clips its content`);
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (!ownText) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      minFont = Math.min(minFont, size);
      if (el.closest('thead')) minHeaderFont = Math.min(minHeaderFont, size);
      if (size < min) smallText.push(`${name(el)} ${size}px "${(el.textContent ?? '').trim().slice(0, 30)}"`);
    }
    return { viewport: `${vw}×${vh}`, overflow: overflow.slice(0, 10), minFont, minHeaderFont, smallText: smallText.slice(0, 10) };
  }, minFont);
}

/** The projector at both sizes: nothing outside the viewport, type at least `min` px (table headers included). */
const SIZES = [
  { width: 1920, height: 1080, minFont: 24, minHeader: 26 },
  { width: 1280, height: 720, minFont: 16, minHeader: 18 },
] as const;

async function checkFits(projectors: Page[], label: string): Promise<void> {
  for (const [i, p] of projectors.entries()) {
    const size = SIZES[i]!;
    await shot(p, `screen-${label}-${size.width}x${size.height}`);
    const fit = await measure(p, size.minFont);
    expect(fit.overflow, `${label} at ${fit.viewport}: overflow`).toEqual([]);
    expect(fit.smallText, `${label} at ${fit.viewport}: text under ${size.minFont}px`).toEqual([]);
    if (Number.isFinite(fit.minHeaderFont)) expect(fit.minHeaderFont, `${label} at ${fit.viewport}: table headers`).toBeGreaterThanOrEqual(size.minHeader);
  }
}

/** Both boards of a district screen take turns: check each one fits. */
async function checkBoardTurns(projectors: Page[], label: string): Promise<void> {
  const seen = new Set<string>();
  for (let turn = 0; turn < 2; turn++) {
    await Promise.all(projectors.map((p) => p.waitForSelector('.screen-boards')));
    const shown = await projectors[0]!.locator('.screen-boards').getAttribute('data-board');
    seen.add(shown ?? '');
    if (shown === 'province') expect(await projectors[0]!.locator('.screen-boards tbody tr').count()).toBe(15);
    await checkFits(projectors, `${label}-${shown}`);
    if (turn === 0) await Promise.all(projectors.map((p) => p.waitForFunction((was) => document.querySelector('.screen-boards')?.getAttribute('data-board') !== was, shown, { timeout: 15_000 })));
  }
  expect([...seen].sort()).toEqual(['district', 'province']);
}

/** The contrast ratio of an element's text on its own background colour (no transparency anywhere up the tree). */
function contrastOf(page: Page, selector: string): Promise<{ ratio: number; opacity: number }> {
  return page.locator(selector).first().evaluate((el) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number) as [number, number, number];
    const lum = ([r, g, b]: [number, number, number]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const text = el.querySelector('.opt-text') ?? el;
    const a = lum(rgb(getComputedStyle(text).color));
    const b = lum(rgb(getComputedStyle(el).backgroundColor));
    let opacity = 1;
    for (let n: Element | null = el; n; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
    return { ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), opacity };
  });
}

/** Tab (forwards) until `selector` has focus; returns how many presses it took. */
async function tabTo(page: Page, selector: string, max = 25): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i;
  }
  throw new Error(`${selector} not reached with ${max} Tab presses`);
}

describeBrowser('contest day at a bridge point, in Chromium', () => {
  it(
    'reachable join address, printed sheets, a projector that fits 15 districts, keyboard play and no serious axe violation',
    async () => {
      // ---- the join address: a network address of this machine, printed at start ----
      const lan = lanAddresses(networkInterfaces());
      const port = new URL(server.url).port;
      const expectedBase = lan[0] ? `http://${lan[0].address}:${port}` : `http://localhost:${port}`;
      expect(server.stdout()).toContain(`Học sinh vào thi tại ${expectedBase}/play`);

      // ---- the teacher signs in (on the laptop itself: localhost) ----
      const host = await context({ viewport: { width: 1280, height: 900 } });
      await host.goto(`${server.url}/login`);
      await axe(host, 'login');
      await host.fill('#email', ADMIN_EMAIL);
      await host.fill('#password', ADMIN_PASSWORD);
      await host.click('#login-form button[type=submit]');
      await host.waitForURL(`${server.url}/host`);
      await host.waitForSelector('form.setup');
      await axe(host, 'host setup');
      const created = await host.request.post(`${server.url}/api/live-contests`, {
        data: { title: 'Ngày hội kỹ năng số', bank: BANK, version: 1, questionCount: 2, settings: { timeLimitSec: 60, readingDelayMs: 12_000, shuffleOptions: false } },
      });
      expect(created.status()).toBe(201);
      const contest = (await created.json()) as { id: string; pin: string; joinUrl: string; screenUrls: Array<{ district: string; name: string; url: string }> };
      expect(contest.joinUrl).toBe(`${expectedBase}/play?pin=${contest.pin}`);
      expect(contest.screenUrls).toHaveLength(15);

      await host.goto(`${server.url}/host?contest=${contest.id}`);
      await host.waitForSelector('.big-pin');
      expect(await host.locator('.join-url').textContent()).toBe(`${expectedBase}/play`);
      await axe(host, 'host lobby');
      await shot(host, 'host-lobby');

      // ---- join sheets: one A4 page per district, printed to PDF ----
      const sheets = await context({ viewport: { width: 1280, height: 900 }, storageState: await host.context().storageState() });
      await sheets.goto(`${server.url}/host/sheets/${contest.id}`);
      expect(await sheets.locator('.sheet').count()).toBe(15);
      expect(await sheets.locator('.sheet-address').first().textContent()).toBe(`${expectedBase.replace('http://', '')}/play`);
      await axe(sheets, 'join sheets');
      await sheets.emulateMedia({ media: 'print' });
      expect(await sheets.locator('.sheets-toolbar').isVisible()).toBe(false);
      const pdf = await sheets.pdf({ format: 'A4', printBackground: true });
      await writeFile(path.join(ARTIFACTS, 'join-sheets.pdf'), pdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length).toBe(15);

      // ---- the projector, at both sizes ----
      const screenPath = new URL(contest.screenUrls[0]!.url).pathname + new URL(contest.screenUrls[0]!.url).search;
      const projectors = await Promise.all(SIZES.map((s) => context({ viewport: { width: s.width, height: s.height } })));
      for (const p of projectors) await p.goto(`${server.url}${screenPath}`);
      for (const p of projectors) await p.waitForSelector('.screen-lobby');
      expect(await projectors[0]!.locator('.join-address').textContent()).toBe(`${expectedBase.replace('http://', '')}/play`);
      await projectors[0]!.waitForFunction(() => (document.querySelector<HTMLImageElement>('.screen-qr')?.naturalWidth ?? 0) > 0);
      await axe(projectors[0]!, 'screen lobby');

      // ---- a player with a keyboard only, on a phone-sized screen ----
      const phone = await context({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
      await phone.goto(`${server.url}/play`);
      await axe(phone, 'play pin');
      await tabTo(phone, '#pin');
      await phone.keyboard.type(contest.pin);
      await phone.keyboard.press('Enter');
      await waitScreen(phone, 'profile');
      await axe(phone, 'play profile');
      await tabTo(phone, '#district');
      await phone.keyboard.press('ArrowDown'); // the first unit
      expect(await phone.inputValue('#district')).toBe(contest.screenUrls[0]!.district);
      await tabTo(phone, '#nickname');
      await phone.keyboard.type('Bàn Phím');
      await phone.keyboard.press('Enter');
      await waitScreen(phone, 'lobby');
      await axe(phone, 'play lobby');

      // ---- 14 more players, one in each other district, so the province has 15 units ----
      bots.push(...(await joinBots(server.url, contest.pin, contest.screenUrls.slice(1).map((s) => s.district), 14)));
      await host.waitForSelector('text=15 thí sinh');
      await checkFits(projectors, 'lobby');

      // What the polite live region says from here on (the countdown is checked below).
      await phone.evaluate(() => {
        const w = window as unknown as { said: string[] };
        w.said = [];
        new MutationObserver(() => {
          const text = document.getElementById('announce')?.textContent ?? '';
          if (text) w.said.push(text);
        }).observe(document.getElementById('announce')!, { childList: true, characterData: true, subtree: true });
      });

      // ---- question 1: reading time, then answers open ----
      await host.click('[data-key="host.control.start"]');
      await waitScreen(phone, 'question');
      await phone.waitForSelector('.countdown[data-phase="reading"]');
      // Options are dimmed while they cannot be chosen, with their text still at AA contrast.
      const dimmed = await contrastOf(phone, '.option[aria-disabled="true"]');
      expect(dimmed.opacity).toBe(1);
      expect(dimmed.ratio).toBeGreaterThanOrEqual(4.5);
      await axe(phone, 'play question (reading)');
      await shot(phone, 'play-question-reading');
      for (const p of projectors) await p.waitForSelector('.screen-question');
      await checkFits(projectors, 'question');
      await axe(projectors[1]!, 'screen question');
      await axe(host, 'host question');

      // The countdown is a timer region that does not speak every second; a polite region says the phases and a few marks.
      expect(await phone.locator('.countdown').getAttribute('aria-live')).toBe('off');
      expect(await phone.locator('#announce').getAttribute('aria-live')).toBe('polite');
      await phone.waitForSelector('.countdown[data-phase="open"]');
      await phone.waitForTimeout(5000);
      // Everything said since the lobby (the observer went in before the start): the phases, not a voice every second.
      const said = await phone.evaluate(() => (window as unknown as { said: string[] }).said);
      expect(said.some((x) => x.startsWith('Đọc câu hỏi.'))).toBe(true);
      expect(said.some((x) => x.startsWith('Bắt đầu trả lời.'))).toBe(true);
      expect(said.length).toBeLessThanOrEqual(3);
      await axe(phone, 'play question (open)');

      // Keyboard: from wherever focus is, Tab reaches an option; Enter chooses it.
      const presses = await tabTo(phone, '.option:not([aria-disabled="true"])');
      expect(presses).toBeLessThanOrEqual(8);
      await phone.keyboard.press('Enter');
      await phone.waitForSelector('#app[data-screen="answered"] .answered-box.received');
      await axe(phone, 'play answered');

      // ---- reveal: the host closes the question (the bots did not answer) ----
      await host.click('[data-key="host.control.close"]');
      await waitScreen(phone, 'reveal');
      await axe(phone, 'play reveal');
      await host.waitForSelector('.chart');
      await axe(host, 'host reveal');
      for (const p of projectors) await p.waitForSelector('.screen-boards');
      await axe(projectors[0]!, 'screen reveal');
      await checkBoardTurns(projectors, 'reveal');

      // The leaderboard screen, by keyboard too.
      await tabTo(phone, '.reveal button');
      await phone.keyboard.press('Enter');
      await waitScreen(phone, 'leaderboard');
      await axe(phone, 'play leaderboard');

      // ---- question 2, then the end ----
      await host.click('[data-key="host.control.next"]');
      await waitScreen(phone, 'question');
      await phone.waitForSelector('.countdown[data-phase="open"]');
      await tabTo(phone, '.option:not([aria-disabled="true"]), #answer, [data-key=send]');
      if ((await phone.locator('.options .option[aria-pressed]').count()) > 0 || (await phone.locator('[data-key=send]').count()) > 0) {
        // Several to choose (or an order to build): Space toggles, then Tab to Send.
        await phone.keyboard.press('Space');
        await tabTo(phone, '[data-key=send]');
      } else if ((await phone.locator('#answer').count()) > 0) {
        await phone.keyboard.type('báo cho người lớn');
      }
      await phone.keyboard.press('Enter');
      await phone.waitForSelector('#app[data-screen="answered"], #app[data-screen="reveal"]');
      await host.click('[data-key="host.control.close"]');
      await waitScreen(phone, 'reveal');
      await host.click('[data-key="host.control.finish"]');
      await waitScreen(phone, 'final');
      await axe(phone, 'play final');
      await shot(phone, 'play-final');
      await host.waitForSelector('.podium');
      await axe(host, 'host final');
      for (const p of projectors) await p.waitForSelector('.screen-final');
      await axe(projectors[0]!, 'screen final');
      await checkBoardTurns(projectors, 'final');

      expect(pageErrors).toEqual([]);
    },
    300_000,
  );

  it(
    'roster slips: a pasted class list becomes one printed slip per student',
    async () => {
      const host = await context({ viewport: { width: 1280, height: 900 } });
      const login = await host.request.post(`${server.url}/api/auth/login`, { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
      expect(login.status()).toBe(200);
      const created = await host.request.post(`${server.url}/api/live-contests`, { data: { title: 'Thi chính thức', bank: BANK, version: 1, questionCount: 1, rosterMode: true } });
      expect(created.status()).toBe(201);
      const { id } = (await created.json()) as { id: string };
      await host.goto(`${server.url}/host/sheets/${id}`);
      await axe(host, 'join sheets with roster form');
      const students = Array.from({ length: 30 }, (_, i) => `Học sinh ${i + 1}; ${i % 2 === 0 ? 'buon-ma-thuot' : 'krong-pac'}`).join('\n');
      await host.fill('#students', students);
      await host.click('.roster-form button[type=submit]');
      await host.waitForSelector('.slip', { timeout: 5000 }).catch(async (e) => {
        throw new Error(`${e}\n${host.url()}\n${(await host.content()).slice(0, 1500)}`);
      });
      expect(await host.locator('.slip').count()).toBe(30);
      const codes = await host.locator('.slip-code strong').allTextContents();
      expect(new Set(codes).size).toBe(30);
      expect(codes.every((c) => /^[A-Z2-9]{8}$/.test(c))).toBe(true);
      await axe(host, 'roster slips');
      await host.emulateMedia({ media: 'print' });
      const pdf = await host.pdf({ format: 'A4', printBackground: true });
      await writeFile(path.join(ARTIFACTS, 'roster-slips.pdf'), pdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // Two columns of slips, none split across pages: 30 slips take a few pages, not 30 and not one.
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0;
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(pages).toBeLessThanOrEqual(6);
      // A student joins with a printed code.
      const phone = await context({ viewport: { width: 360, height: 740 } });
      const pin = ((await host.locator('.slip-step').first().textContent()) ?? '').match(/pin=(\d+)/)?.[1];
      await phone.goto(`${server.url}/play?pin=${pin}`);
      await phone.selectOption('#district', 'buon-ma-thuot');
      await phone.fill('#roster', codes[0]!);
      await phone.fill('#nickname', 'Có Mã');
      await phone.click('[data-key=join]');
      await waitScreen(phone, 'lobby');
      expect(pageErrors).toEqual([]);
    },
    120_000,
  );
});
