import { existsSync } from 'node:fs';
import { describe } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Chromium for the browser tests (driven by playwright-core, no browser download):
 * CHROMIUM_PATH, else the usual system locations. Without one the browser tests
 * are reported as skipped, with one line saying how to install it
 * (test/support/browser-check.ts) — unless CIVIQ_REQUIRE_BROWSER=1 (CI sets it in
 * .ci/run), which turns a missing Chromium into a failure, so CI never skips them.
 */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string | null {
  if (env.CHROMIUM_PATH) return exists(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return CHROMIUM_CANDIDATES.find((p) => exists(p)) ?? null;
}

export const MISSING_CHROMIUM = 'Browser tests skipped: no Chromium found. Install it (Debian/Ubuntu: sudo apt install chromium) or set CHROMIUM_PATH=/path/to/chromium.';

export function browserRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CIVIQ_REQUIRE_BROWSER === '1' || env.CIVIQ_REQUIRE_BROWSER === 'true';
}

export const chromiumPath = findChromium();

/** `describe` when Chromium is here (or required: the launch then fails loudly), else `describe.skip`. */
export const describeBrowser = (chromiumPath || browserRequired() ? describe : describe.skip) as typeof describe;

/** Launch flags for Chromium in a container (see the brief). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
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
