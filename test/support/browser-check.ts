import { browserRequired, findChromium, MISSING_CHROMIUM } from './browser.ts';

/**
 * Vitest global setup: one line, once per run, when the browser tests will be
 * skipped; a failure instead when CIVIQ_REQUIRE_BROWSER is set (CI).
 */
export default function browserCheck(): void {
  if (findChromium()) return;
  if (browserRequired()) throw new Error(`CIVIQ_REQUIRE_BROWSER is set but ${MISSING_CHROMIUM.replace('Browser tests skipped: no', 'no')}`);
  process.stdout.write(`\n  ${MISSING_CHROMIUM}\n\n`);
}
