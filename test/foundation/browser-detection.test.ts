import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { browserRequired, findChromium, MISSING_CHROMIUM } from '../support/browser.ts';

/** How the suite finds Chromium, and what a newcomer without one sees (skipped, one line) versus CI (a failure). */
describe('Chromium detection', () => {
  const only = (...present: string[]) => (p: string) => present.includes(p);

  it('CHROMIUM_PATH wins when it exists; else the system locations in order', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/chrome/chrome' }, only('/opt/chrome/chrome', '/usr/bin/chromium'))).toBe('/opt/chrome/chrome');
    expect(findChromium({ CHROMIUM_PATH: '/nope' }, only('/usr/bin/chromium'))).toBeNull();
    expect(findChromium({}, only('/usr/bin/chromium-browser', '/usr/bin/google-chrome'))).toBe('/usr/bin/chromium-browser');
    expect(findChromium({}, only())).toBeNull();
  });

  it('CIVIQ_REQUIRE_BROWSER=1 makes Chromium required', () => {
    expect(browserRequired({ CIVIQ_REQUIRE_BROWSER: '1' })).toBe(true);
    expect(browserRequired({ CIVIQ_REQUIRE_BROWSER: 'true' })).toBe(true);
    expect(browserRequired({})).toBe(false);
    expect(MISSING_CHROMIUM).toMatch(/apt install chromium.*CHROMIUM_PATH/);
  });

  it('without Chromium the global setup prints one line; with CIVIQ_REQUIRE_BROWSER it fails', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['-e', "import('./test/support/browser-check.ts').then((m) => m.default()).catch((e) => { console.error(e.message); process.exit(3); })"], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', CHROMIUM_PATH: '/nonexistent/chromium', ...env },
        encoding: 'utf8',
      });
    const skipped = run({});
    expect(skipped.status).toBe(0);
    expect(skipped.stdout.trim()).toBe(MISSING_CHROMIUM);
    const required = run({ CIVIQ_REQUIRE_BROWSER: '1' });
    expect(required.status).toBe(3);
    expect(required.stderr).toContain('CIVIQ_REQUIRE_BROWSER is set but no Chromium found');
  });
});
