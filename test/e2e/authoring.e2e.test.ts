import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { describeBrowser, launchChromium, newWatchedPage, type PageProblems } from '../support/browser.ts';
import { seriousA11yViolations } from '../support/axe-check.ts';

/**
 * Authoring in real Chromium: an admin creates a teacher and a reviewer on
 * /admin/users; the teacher creates a bank, imports a GIFT file through the
 * import page (one bad question reported with its line before anything is
 * written), reorders with the keyboard, edits a question in both languages with
 * the live preview, adds an image, publishes, asks for review; the reviewer
 * comments on a question and approves; the teacher publishes again, reads the
 * diff between the two versions and exports CSV. axe-core checks every page
 * (no serious or critical violations). Screenshots go to test-artifacts/authoring/.
 */

const ADMIN_EMAIL = 'admin@e2e-author.civiq.vn';
const ADMIN_PASSWORD = 'e2e admin password 123';
const TEACHER = { email: 'co.lan@truong.edu.vn', password: 'mật khẩu của cô Lan 2026', name: 'Cô Lan' };
const REVIEWER = { email: 'thay.minh@truong.edu.vn', password: 'mật khẩu của thầy Minh 2026', name: 'Thầy Minh' };
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/authoring');
const LAPTOP = { width: 1366, height: 768 };
const TABLET = { width: 820, height: 1180 };

const GIFT = [
  '// Đề kiểm tra an toàn mật khẩu — tổ Tin học',
  '::mk-1:: Mật khẩu nào mạnh nhất?{=Ca-phe-Buon-Ma-Thuot-7! ~123456 ~ngaysinh2010}',
  '',
  '::mk-2:: Có nên dùng một mật khẩu cho mọi tài khoản?{FALSE}',
  '',
  '::mk-3:: Khi có người xin mã OTP, em nên làm gì?{=Không đưa và báo người lớn ~Đưa ngay}',
  '',
  '::hong:: Câu hỏi bị hỏng {=a ~b',
].join('\n');
const BAD_LINE = 8;
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: PageProblems = { errors: [] };
const a11y: Record<string, unknown[]> = {};

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

async function open(viewport = LAPTOP): Promise<Page> {
  const { context, page } = await newWatchedPage(browser, problems, { viewport });
  contexts.push(context);
  page.on('dialog', (d) => void d.accept());
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
/** Check the page with axe-core once it has drawn; every page is recorded, and the test fails on any serious or critical violation. */
async function axe(page: Page, name: string) {
  a11y[name] = await seriousA11yViolations(page);
}
async function signIn(page: Page, url: string, email: string, password: string) {
  await page.goto(`${server.url}${url}`);
  await page.waitForURL(/\/login\?next=/);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForURL(`${server.url}${url}`);
}

describeBrowser('teachers author banks in the browser', () => {
  it(
    'creates accounts, imports, edits, publishes, reviews, diffs and exports',
    async () => {
      // ---- the admin creates the teacher and the reviewer ----
      const admin = await open();
      await signIn(admin, '/admin/users', ADMIN_EMAIL, ADMIN_PASSWORD);
      await admin.waitForSelector('#u-email');
      // A bad email is refused inline, next to its field, and announced.
      await admin.fill('#u-email', 'khong-phai-email');
      await admin.click('form button[type=submit]:has-text("Tạo tài khoản")');
      await admin.waitForSelector('#u-email[aria-invalid=true]');
      expect(await admin.locator('#u-email-error').textContent()).toContain('Email không hợp lệ');
      for (const u of [TEACHER, REVIEWER]) {
        await admin.fill('#u-email', u.email);
        await admin.fill('#u-name', u.name);
        await admin.selectOption('#u-role', 'teacher');
        await admin.fill('#u-password', u.password);
        await admin.click('form button[type=submit]:has-text("Tạo tài khoản")');
        await admin.waitForSelector(`table.users th:has-text("${u.email}")`);
      }
      expect(await admin.locator('#create-status').textContent()).toContain(REVIEWER.email);
      await shot(admin, '01-admin-users');
      await axe(admin, '/admin/users');
      await admin.goto(`${server.url}/admin/regions`);
      await admin.waitForSelector('#region-set');
      await admin.waitForSelector('#enrolment table');
      // Enrolment CSV: the preview lists the error line before anything is written.
      const enrolment = ['region_code;school_name;grade_band;enrolment', 'Krông Pắk;THCS Thử Nghiệm E2E;TC1;412', 'Huyện Không Có;Trường Ma;TC1;10'].join('\n');
      await admin.setInputFiles('#enrol-file', { name: 'si-so.csv', mimeType: 'text/csv', buffer: Buffer.from(enrolment, 'utf8') });
      await admin.waitForSelector('#enrol-go');
      expect(await admin.locator('#enrol-preview .skipped tbody td').first().textContent()).toBe('3');
      await shot(admin, '02-admin-regions');
      await axe(admin, '/admin/regions');
      await admin.click('#enrol-go');
      await admin.waitForFunction(() => document.getElementById('enrol-status')?.textContent?.startsWith('Đã nhập: thêm 1'));
      await axe(admin, '/admin/regions');

      // ---- the teacher creates a bank ----
      const teacher = await open();
      await signIn(teacher, '/banks', TEACHER.email, TEACHER.password);
      await teacher.click('details.create summary');
      await teacher.fill('#new-title-vi', 'An toàn mật khẩu lớp 7');
      await teacher.fill('#new-title-en', 'Password safety, grade 7');
      expect(await teacher.inputValue('#new-slug')).toBe('an-toan-mat-khau-lop-7');
      await axe(teacher, '/banks');
      await shot(teacher, '03-banks');
      await teacher.click('details.create button[type=submit]');
      await teacher.waitForURL(/\/banks\/an-toan-mat-khau-lop-7/);
      const slug = 'an-toan-mat-khau-lop-7';
      await teacher.waitForSelector('#questions');

      // ---- import a GIFT file: preview first, one bad question reported with its line ----
      await teacher.click('a:has-text("Nhập câu hỏi từ tệp")');
      await teacher.waitForSelector('#import-file', { state: 'attached' });
      await teacher.setInputFiles('#import-file', { name: 'de-mat-khau.txt', mimeType: 'text/plain', buffer: Buffer.from(GIFT, 'utf8') });
      await teacher.waitForSelector('#import-go');
      expect(await teacher.locator('#detect-status').textContent()).toContain('Moodle GIFT');
      expect(await teacher.locator('#import-format').inputValue()).toBe('gift');
      const skipped = teacher.locator('.skipped tbody tr');
      expect(await skipped.count()).toBe(1);
      expect(await skipped.first().locator('td').first().textContent()).toBe(String(BAD_LINE));
      expect(await teacher.locator('#preview details tbody tr').count()).toBe(3);
      // Nothing is written by the preview.
      const before = await teacher.evaluate(async (s) => (await (await fetch(`/api/banks/${s}/questions`)).json()).questions.length, slug);
      expect(before).toBe(0);
      // Strict mode would refuse the file: the import button is withdrawn.
      await teacher.check('#mode-strict');
      await teacher.waitForSelector('#import-go[disabled]');
      await teacher.check('#mode-lenient');
      await teacher.waitForSelector('#import-go:not([disabled])');
      await shot(teacher, '04-import-preview');
      await axe(teacher, '/banks/{slug}/import');
      await teacher.click('#import-go');
      await teacher.waitForSelector('#import-done');
      expect(await teacher.locator('#import-done').textContent()).toContain('Đã nhập 3 câu hỏi mới');

      // ---- reorder with the keyboard ----
      await teacher.goto(`${server.url}/banks/${slug}`);
      await teacher.waitForSelector('[data-handle="mk-1"]');
      await teacher.focus('[data-handle="mk-1"]');
      await teacher.keyboard.press('Alt+ArrowDown');
      await teacher.waitForFunction(() => document.getElementById('questions-status')?.textContent?.includes('mk-1'));
      const order = await teacher.evaluate(async (s) => (await (await fetch(`/api/banks/${s}/questions`)).json()).questions.map((q: { id: string }) => q.id), slug);
      expect(order).toEqual(['mk-2', 'mk-1', 'mk-3']);
      expect(await teacher.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.handle)).toBe('mk-1');
      // Bulk: tag two questions at once, then filter by the tag.
      await teacher.check('#sel-mk-1');
      await teacher.check('#sel-mk-3');
      expect(await teacher.locator('#bulk-count').textContent()).toBe('Đã chọn 2');
      await teacher.fill('#bulk-tag', 'ôn tập');
      await teacher.click('button[data-bulk=add]');
      await teacher.waitForFunction(() => document.getElementById('bulk-status')?.textContent === 'Đã gắn thẻ cho 2 câu hỏi.');
      await teacher.selectOption('#f-tag', 'ôn tập');
      await teacher.waitForFunction(() => document.getElementById('shown-count')?.textContent === 'Hiển thị 2/3 câu hỏi.');
      expect(await teacher.locator('[data-handle="mk-1"]').isDisabled()).toBe(true); // no reordering while filtered
      await shot(teacher, '05-bank');
      await axe(teacher, '/banks/{slug}');
      await teacher.selectOption('#f-tag', '');

      // ---- edit a question in both languages, with the live preview and an image ----
      await teacher.goto(`${server.url}/banks/${slug}/questions/mk-1`);
      await teacher.waitForSelector('#prompt-vi');
      await teacher.fill('#prompt-vi', 'Mật khẩu nào **mạnh** nhất cho tài khoản học tập?');
      await teacher.fill('#prompt-en', 'Which password is the **strongest** for a school account?');
      await teacher.waitForSelector('.preview-pane[lang=en] .prompt strong');
      expect(await teacher.locator('.preview-pane[lang=en] .prompt strong').textContent()).toBe('strongest');
      expect(await teacher.locator('.preview-pane[lang=vi] .prompt strong').textContent()).toBe('mạnh');
      expect(await teacher.locator('#save-state').textContent()).toBe('Có thay đổi chưa lưu');
      for (const [i, en] of ['Ca-phe-Buon-Ma-Thuot-7!', '123456', 'birthday2010'].entries()) await teacher.fill(`#opt-${i}-en`, en);
      expect(await teacher.locator('.preview-pane[lang=en] .option').nth(2).textContent()).toContain('birthday2010');
      // An empty option is an inline, announced error; saving is refused until it is fixed.
      await teacher.fill('#opt-1-vi', '');
      await teacher.fill('#opt-1-en', '');
      await teacher.click('#save');
      await teacher.waitForSelector('#opt-1-vi[aria-invalid=true]');
      expect(await teacher.locator('#issue-summary').getAttribute('role')).toBe('alert');
      expect(await teacher.locator('#err-options-1-text').textContent()).toContain('chưa có nội dung');
      await teacher.fill('#opt-1-vi', '123456');
      await teacher.fill('#opt-1-en', '123456');
      await teacher.setInputFiles('#image-file', { name: 'khoa.png', mimeType: 'image/png', buffer: PNG });
      await teacher.waitForSelector('#image-alt-vi');
      await teacher.fill('#image-alt-vi', 'Ổ khóa trên màn hình điện thoại');
      await teacher.fill('#image-alt-en', 'A padlock on a phone screen');
      expect(await teacher.locator('.preview-pane[lang=en] img.q-image').getAttribute('alt')).toBe('A padlock on a phone screen');
      await teacher.click('#save');
      await teacher.waitForFunction(() => document.getElementById('save-state')?.textContent === 'Đã lưu mọi thay đổi');
      const saved = await teacher.evaluate(async (s) => (await fetch(`/api/banks/${s}/questions/mk-1`)).json(), slug);
      expect(saved.prompt).toEqual({ vi: 'Mật khẩu nào **mạnh** nhất cho tài khoản học tập?', en: 'Which password is the **strongest** for a school account?' });
      expect(saved.image.url).toMatch(/^\/uploads\/[0-9a-f-]{36}$/);
      expect(saved.image.alt).toEqual({ vi: 'Ổ khóa trên màn hình điện thoại', en: 'A padlock on a phone screen' });
      expect(saved.options[2].text).toEqual({ vi: 'ngaysinh2010', en: 'birthday2010' });
      await shot(teacher, '06-editor');
      await axe(teacher, '/banks/{slug}/questions/{id}');
      // A new question of another type, on a tablet.
      const tablet = await open(TABLET);
      await tablet.context().addCookies(await teacher.context().cookies());
      await tablet.goto(`${server.url}/banks/${slug}/questions/new?type=short_answer`);
      await tablet.waitForSelector('#answer-first');
      await tablet.fill('#prompt-vi', 'Viết tắt của "mật khẩu dùng một lần" là gì?');
      await tablet.fill('#answer-first', 'OTP\nmã OTP');
      await tablet.click('#save');
      await tablet.waitForURL(/\/questions\/q-[0-9a-f]{10}/);
      await shot(tablet, '07-editor-tablet');
      await axe(tablet, '/banks/{slug}/questions/new (tablet)');
      // Leaving with unsaved changes asks first.
      await tablet.fill('#prompt-en', 'What does OTP stand for?');
      await tablet.waitForFunction(() => document.getElementById('save-state')?.textContent === 'Có thay đổi chưa lưu');
      const leaving = tablet.waitForEvent('dialog');
      await tablet.close({ runBeforeUnload: true });
      expect((await leaving).type()).toBe('beforeunload');

      // ---- publish v1 with a note; turn on review and add the reviewer ----
      await teacher.goto(`${server.url}/banks/${slug}`);
      await teacher.waitForSelector('#publish-note');
      await teacher.fill('#publish-note', 'Bản đầu tiên');
      await teacher.click('#publish-note ~ button, form:has(#publish-note) button[type=submit]');
      await teacher.waitForFunction(() => document.getElementById('publish-status')?.textContent?.includes('phiên bản 1'));
      await teacher.fill('#member-email', REVIEWER.email);
      await teacher.selectOption('#member-role', 'reviewer');
      await teacher.click('form:has(#member-email) button[type=submit]');
      await teacher.waitForSelector(`.members li:has-text("${REVIEWER.email}")`);
      await teacher.check('#review-required');
      await teacher.click('form:has(#review-required) button[type=submit]');
      await teacher.waitForFunction(() => document.getElementById('settings-status')?.textContent === 'Đã lưu.');
      // Change a question for version 2.
      await teacher.goto(`${server.url}/banks/${slug}/questions/mk-2`);
      await teacher.waitForSelector('#prompt-en');
      await teacher.fill('#prompt-en', 'Should you use one password for every account?');
      // No click on "save": the editor saves a valid question by itself a few seconds after the last change.
      await teacher.waitForFunction(() => document.getElementById('save-status')?.textContent === 'Đã tự động lưu.', undefined, { timeout: 20_000 });
      expect(await teacher.locator('#save-state').textContent()).toBe('Đã lưu mọi thay đổi');

      // ---- review: submit; the reviewer comments on a question and approves ----
      await teacher.goto(`${server.url}/banks/${slug}/review`);
      await teacher.waitForSelector('#submit-review');
      await teacher.click('#submit-review');
      await teacher.waitForFunction(() => document.getElementById('review-state')?.textContent?.includes('Đang chờ duyệt'));
      const reviewer = await open();
      await signIn(reviewer, `/banks/${slug}/review`, REVIEWER.email, REVIEWER.password);
      await reviewer.waitForSelector('#comment-mk-2');
      await reviewer.fill('#comment-mk-2', 'Câu tiếng Anh đã rõ, cảm ơn cô.');
      await reviewer.click('form:has(#comment-mk-2) button[type=submit]');
      await reviewer.waitForSelector('article:has(#comment-mk-2) .comments li');
      expect(await reviewer.locator('article:has(#comment-mk-2) .comments li').textContent()).toContain('Câu tiếng Anh đã rõ');
      await axe(reviewer, '/banks/{slug}/review');
      await reviewer.fill('#review-note', 'Đạt yêu cầu.');
      await reviewer.click('#approve');
      await reviewer.waitForFunction(() => document.getElementById('review-state')?.textContent?.includes('Đã duyệt'));
      await shot(reviewer, '08-review');
      await reviewer.click('#sign-out');
      await reviewer.waitForURL(`${server.url}/`);
      expect((await reviewer.request.get(`${server.url}/api/me`)).status()).toBe(401);

      // ---- publish v2 and read the diff ----
      await teacher.goto(`${server.url}/banks/${slug}`);
      await teacher.waitForSelector('#publish-note');
      await teacher.fill('#publish-note', 'Dịch câu mk-2 sang tiếng Anh');
      await teacher.click('form:has(#publish-note) button[type=submit]');
      await teacher.waitForFunction(() => document.getElementById('publish-status')?.textContent?.includes('phiên bản 2'));
      await teacher.goto(`${server.url}/banks/${slug}/history`);
      await teacher.waitForSelector('#diff-from');
      await teacher.selectOption('#diff-from', '1');
      await teacher.selectOption('#diff-to', '2');
      await teacher.click('form.compare button[type=submit]');
      await teacher.waitForSelector('#diff .diff-changed');
      const changed = teacher.locator('.changed-q:has-text("mk-2")');
      expect(await changed.locator('th[scope=row]').allTextContents()).toEqual(['Câu hỏi']);
      expect(await changed.locator('td.after').textContent()).toContain('Should you use one password for every account?');
      expect(await teacher.locator('table.data td:has-text("Dịch câu mk-2 sang tiếng Anh")').count()).toBe(1);
      await shot(teacher, '09-history-diff');
      await axe(teacher, '/banks/{slug}/history');

      // ---- export version 2 as CSV ----
      await teacher.goto(`${server.url}/banks/${slug}`);
      await teacher.waitForSelector('#export-format');
      await teacher.selectOption('#export-format', 'csv');
      await teacher.selectOption('#export-version', '2');
      const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.click('form:has(#export-format) button[type=submit]')]);
      expect(download.suggestedFilename()).toBe(`${slug}-v2.csv`);
      const csv = await readFile((await download.path())!);
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = csv.toString('utf8');
      expect(text).toContain('prompt_vi');
      expect(text).toContain('Should you use one password for every account?');
      expect(text).toContain('/uploads/');

      // ---- the library finds the questions without diacritics ----
      await teacher.goto(`${server.url}/banks?q=mat%20khau`);
      await teacher.waitForSelector('.found-list li');
      expect(await teacher.locator('.found-list').textContent()).toContain('Mật khẩu nào');

      expect(problems.errors).toEqual([]);
      for (const [page, violations] of Object.entries(a11y)) expect(violations, `axe on ${page}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
      expect(Object.keys(a11y).length).toBe(9);
    },
    300_000,
  );
});
