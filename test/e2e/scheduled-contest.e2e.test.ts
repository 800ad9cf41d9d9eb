import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { isoToVietnamLocal } from '../../src/web/vietnam-time.ts';

/**
 * A scheduled online contest in real Chromium: an organiser signs in and creates
 * the contest on /organise from a shipped bank; two participants on phone-sized
 * screens register from different districts (one under 16, with a guardian's
 * consent), start timed attempts, one reloads mid-attempt and keeps its answers,
 * both submit with a prediction; the organiser closes and publishes; the
 * individual, school and district rankings are shown. Screenshots of every step
 * go to test-artifacts/e2e-scheduled/.
 */

const ADMIN_EMAIL = 'admin@e2e-sched.civiq.vn';
const ADMIN_PASSWORD = 'e2e admin password 456';
const BANK = 'phishing-scams';
const SLUG = 'e2e-ky-nang-so';
const QUESTIONS = 4;
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/e2e-scheduled');
const PHONE = { width: 360, height: 740 };
const STEP = 20_000;

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
  const c = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', ...opts });
  c.setDefaultTimeout(STEP);
  contexts.push(c);
  const page = await c.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  // Confirmation dialogs (close, publish) are accepted.
  page.on('dialog', (d) => void d.accept());
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Answer the question on screen, whatever its type, and wait for "đã lưu". */
async function answerCurrent(page: Page): Promise<void> {
  const question = page.locator('section.question');
  await question.waitFor();
  if ((await question.locator('.short-answer').count()) > 0) {
    await question.locator('.short-answer input').fill('báo cho người lớn');
    await question.locator('.short-answer button[type=submit]').click();
  } else if ((await question.locator('[data-key=clear]').count()) > 0) {
    // Multiple choice (one pick saves) or ordering (every item, in the order shown).
    const options = question.locator('.options .option');
    const ordering = (await question.locator('.hint').first().textContent())?.includes('thứ tự') ?? false;
    const n = ordering ? await options.count() : 1;
    for (let i = 0; i < n; i++) await options.nth(i).click();
  } else {
    await question.locator('.options .option').first().click();
  }
  await page.waitForSelector('.save-state[data-state="saved"]');
}

async function register(page: Page, who: { name: string; dob: string; district: string; school: string; consent: boolean }): Promise<string> {
  await page.goto(`${server.url}/contests`);
  await page.click(`a[href^="/contests/${SLUG}"]`);
  await page.waitForSelector('#register-form');
  await page.fill('#fullName', who.name);
  await page.fill('#dateOfBirth', who.dob);
  await page.selectOption('#district', who.district);
  await page.fill('#school', who.school);
  if (who.consent) {
    await page.waitForSelector('#guardian-box:not([hidden])');
    await page.check('#guardianConsent');
  } else {
    expect(await page.locator('#guardian-box').isHidden()).toBe(true);
  }
  await page.click('#register-form button[type=submit]');
  await page.waitForSelector('#me:not([hidden]) .resume-code');
  return (await page.locator('.resume-code').textContent()) ?? '';
}

describeBrowser('a scheduled online contest in Chromium', () => {
  it(
    'is created by an organiser, taken on phones with a reload, closed, published and ranked',
    async () => {
      // ---- the organiser creates the contest ----
      const org = await context({ viewport: { width: 1280, height: 900 } });
      await org.goto(`${server.url}/organise`);
      await org.waitForURL(/\/login\?next=/);
      await org.fill('#email', ADMIN_EMAIL);
      await org.fill('#password', ADMIN_PASSWORD);
      await org.click('#login-form button[type=submit]');
      await org.waitForURL(`${server.url}/organise`);
      await org.waitForSelector(`#f-bank option[value="${BANK}"]`, { state: 'attached' });
      await org.fill('#f-slug', SLUG);
      await org.fill('#f-titleVi', 'Thi kỹ năng số E2E');
      await org.fill('#f-titleEn', 'Digital skills E2E');
      await org.fill('#f-rulesVi', 'Mỗi lượt **4 câu**, làm trong 10 phút.\n\n- Tính lượt cao nhất');
      await org.fill('#f-rulesEn', 'Each attempt has **4 questions**, 10 minutes.\n\n- The best attempt counts');
      await org.selectOption('#f-bank', BANK);
      await org.waitForSelector('#f-version option', { state: 'attached' });
      await org.fill('#f-questionsPerAttempt', String(QUESTIONS));
      await org.fill('#f-attemptMinutes', '10');
      await org.fill('#f-maxAttempts', '2');
      const now = Date.now();
      await org.fill('#f-opensAt', isoToVietnamLocal(now - 10 * 60_000));
      await org.fill('#f-closesAt', isoToVietnamLocal(now + 2 * 86_400_000));
      await shot(org, '01-organiser-create');
      await org.click('#save-contest');
      await org.waitForURL(new RegExp(`/organise/${SLUG}`));
      await org.waitForSelector('#contest-state.state-open');
      await shot(org, '02-organiser-manage');

      // ---- two participants on phones ----
      const an = await context({ viewport: PHONE, isMobile: true, hasTouch: true });
      const binh = await context({ viewport: PHONE, isMobile: true, hasTouch: true });
      const codeAn = await register(an, { name: 'Nguyễn Văn An', dob: '2012-03-04', district: 'krong-pac', school: 'THCS Lê Lợi', consent: true });
      expect(codeAn.length).toBeGreaterThanOrEqual(4);
      // The rules are the organiser's Markdown, rendered (no raw asterisks).
      expect(await an.locator('.rules .markdown strong').first().textContent()).toBe('4 câu');
      expect(await an.locator('.window').textContent()).toContain('giờ Việt Nam');
      await shot(an, '03-participant-registered');
      await register(binh, { name: 'Trần Thị Bình', dob: '2000-05-06', district: 'buon-ma-thuot', school: 'THPT Chu Văn An', consent: false });

      // ---- An starts, answers two questions, reloads: answers kept ----
      await an.click('#go-attempt');
      await an.waitForSelector('#start-attempt');
      await an.click('#start-attempt');
      await an.waitForSelector('#app[data-screen="attempt"] section.question');
      await answerCurrent(an);
      await an.click('[data-key=next]');
      await answerCurrent(an);
      await shot(an, '04-attempt-two-answered');
      expect(await an.locator('.q-dot[data-answered="true"]').count()).toBe(2);
      const timerBefore = (await an.locator('.timer').textContent()) ?? '';
      await an.reload();
      await an.waitForSelector('#app[data-screen="attempt"] section.question');
      expect(await an.locator('.q-dot[data-answered="true"]').count()).toBe(2);
      // The timer continues from the server's deadline, not from the full time again.
      const timerAfter = (await an.locator('.timer').textContent()) ?? '';
      expect(timerAfter <= timerBefore || timerAfter.length < timerBefore.length).toBe(true);
      await shot(an, '05-attempt-after-reload');

      // ---- a network drop: the answer is queued, then saved ----
      await an.click('.q-dot >> nth=2');
      await an.context().setOffline(true);
      const q3 = an.locator('section.question .options .option');
      if ((await q3.count()) > 0 && (await an.locator('section.question [data-key=clear]').count()) === 0) {
        await q3.first().click();
        await an.waitForSelector('.save-state[data-state="offline"]');
        await shot(an, '06-attempt-offline');
      }
      await an.context().setOffline(false);
      await an.evaluate(() => window.dispatchEvent(new Event('online')));
      for (let i = 2; i < QUESTIONS; i++) {
        await an.click(`.q-dot >> nth=${i}`);
        if ((await an.locator(`.q-dot >> nth=${i}`).getAttribute('data-answered')) !== 'true') await answerCurrent(an);
      }
      await an.waitForSelector('.save-state[data-state="saved"]');
      expect(await an.locator('.q-dot[data-answered="true"]').count()).toBe(QUESTIONS);

      // ---- submit with a prediction ----
      await an.click('#open-confirm');
      await an.waitForSelector('section.confirm');
      expect(await an.locator('#submit-attempt').isDisabled()).toBe(true);
      await an.fill('#prediction', '2');
      await shot(an, '07-confirm');
      await an.click('#submit-attempt');
      await an.waitForSelector('#app[data-screen="result"] #result-score');
      expect(await an.locator('#result-score').textContent()).toMatch(/\d+\/\d+/);
      await shot(an, '08-result');

      // ---- An resumes on another device with the code and date of birth ----
      const tablet = await context({ viewport: { width: 768, height: 1024 } });
      await tablet.goto(`${server.url}/contests/${SLUG}`);
      await tablet.fill('#resumeCode', codeAn.toLowerCase());
      await tablet.fill('#resumeDob', '2012-03-04');
      await tablet.click('#resume-form button[type=submit]');
      await tablet.waitForSelector('#me:not([hidden]) #go-attempt');
      await expect.poll(() => tablet.locator('#me-status').textContent()).toContain('còn 1 lượt');
      expect(await tablet.locator('#register-form').isHidden()).toBe(true);
      await shot(tablet, '08b-resumed-on-tablet');

      // Bình answers one question and submits (the others stay unanswered).
      await binh.click('#go-attempt');
      await binh.click('#start-attempt');
      await binh.waitForSelector('#app[data-screen="attempt"] section.question');
      await answerCurrent(binh);
      await binh.click('#open-confirm');
      expect(await binh.locator('section.confirm .note').textContent()).toContain(String(QUESTIONS - 1));
      await binh.fill('#prediction', '40');
      await binh.click('#submit-attempt');
      await binh.waitForSelector('#app[data-screen="result"]');

      // ---- before publication the rankings are not public ----
      await binh.goto(`${server.url}/contests/${SLUG}/rankings`);
      expect(await binh.locator('main').textContent()).toContain('chưa được công bố');

      // ---- the organiser closes and publishes ----
      await org.reload();
      await org.waitForSelector('#close-contest');
      await org.click('#close-contest');
      await org.waitForSelector('#contest-state.state-closed');
      await org.click('#publish-contest');
      await org.waitForSelector('#contest-state.state-published');
      await shot(org, '09-organiser-published');

      // ---- rankings for everyone ----
      await binh.goto(`${server.url}/contests/${SLUG}/rankings`);
      const rows = binh.locator('table.rankings tbody tr');
      await expect.poll(() => rows.count()).toBe(2);
      // Full answers beat one answer at most; the first row's score is not below the second's.
      const scores = await binh.locator('table.rankings tbody tr td:nth-child(4)').allTextContents();
      expect(Number(scores[0]!.replace(/\D/g, ''))).toBeGreaterThanOrEqual(Number(scores[1]!.replace(/\D/g, '')));
      await shot(binh, '10-rankings-individual');
      await binh.click('a[href*="scope=district"]');
      await binh.waitForSelector('table.rankings caption');
      expect(await binh.locator('table.rankings tbody tr').count()).toBeGreaterThanOrEqual(2);
      await shot(binh, '11-rankings-district');
      await binh.click('a[href*="scope=school"]');
      expect(await binh.locator('table.rankings tbody tr').count()).toBe(2);
      await shot(binh, '12-rankings-school');
      // English toggle keeps the scope.
      await binh.click('header a.lang');
      await binh.waitForSelector('html[lang="en"]');
      expect(binh.url()).toContain('scope=school');
      expect(await binh.locator('table.rankings caption').textContent()).toBe('Schools');

      expect(pageErrors).toEqual([]);
    },
    240_000,
  );

  it(
    'practises a public bank solo: explanation after each answer, summary by competence',
    async () => {
      const phone = await context({ viewport: PHONE, isMobile: true, hasTouch: true });
      await phone.goto(`${server.url}/practice`);
      await phone.click(`a[href^="/practice/${BANK}"]`);
      await phone.waitForSelector('#start-practice');
      await phone.fill('#count', '3');
      await phone.check('input[name=timed][value=yes]');
      await phone.fill('#minutes', '5');
      await shot(phone, '20-practice-setup');
      await phone.click('#start-practice');
      for (let i = 0; i < 3; i++) {
        await phone.waitForSelector('#app[data-phase="question"] section.question');
        expect(await phone.locator('.timer').textContent()).toMatch(/^\d+:\d{2}$/);
        const question = phone.locator('section.question');
        if ((await question.locator('.short-answer').count()) > 0) await question.locator('.short-answer input').fill('mật khẩu');
        else if ((await question.locator('[data-key=clear]').count()) > 0) {
          const options = question.locator('.options .option');
          const ordering = (await question.locator('.hint').first().textContent())?.includes('thứ tự') ?? false;
          const n = ordering ? await options.count() : 1;
          for (let k = 0; k < n; k++) await options.nth(k).click();
        } else await question.locator('.options .option').first().click();
        await phone.click('#check');
        await phone.waitForSelector('#app[data-phase="feedback"] .reveal-block');
        // The key and the explanation come right after the answer.
        expect(await phone.locator('.reveal-block').textContent()).toContain('Đáp án đúng');
        if (i === 0) await shot(phone, '21-practice-feedback');
        await phone.click('#next');
      }
      await phone.waitForSelector('#app[data-phase="summary"] .summary table');
      expect(await phone.locator('.summary .big-score').textContent()).toMatch(/Đúng \d\/3 câu/);
      expect(await phone.locator('.summary tbody tr').count()).toBeGreaterThan(0);
      await shot(phone, '22-practice-summary');
      expect(pageErrors).toEqual([]);
    },
    120_000,
  );
});
