import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Chromium for the e2e tests: Debian's /usr/bin/chromium (or CHROMIUM_PATH)
 * driven by playwright-core, with the flags CI needs. `watch` fails a test on
 * any uncaught page error or Content-Security-Policy violation.
 */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export interface PageProblems {
  errors: string[];
}

/** A new page in its own context; uncaught errors and CSP violations are collected into `problems.errors`. */
export async function newWatchedPage(browser: Browser, problems: PageProblems, opts: Parameters<Browser['newContext']>[0] = {}, timeoutMs = 20_000): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'vi-VN', acceptDownloads: true, ...opts });
  context.setDefaultTimeout(timeoutMs);
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.errors.push(`${page.url()}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) problems.errors.push(`${page.url()}: CSP: ${msg.text()}`);
  });
  return { context, page };
}
