import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { CHROMIUM_ARGS, chromiumPath, describeBrowser } from '../support/browser.ts';

/**
 * The first load of /play over a slow 3G line (Chromium's network throttling over
 * CDP), and a reload on the same line: the page's scripts come from the browser's
 * cache without asking the server (immutable, content-hashed names), so a phone on
 * a flaky Wi-Fi gets the page back at once. Timings are measured, not asserted
 * (they go to test-artifacts/e2e/play-load.json and BENCHMARKS.md); what is
 * asserted is that the page works and what the reload fetched.
 */

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/e2e');
/** Chromium DevTools' "Slow 3G" preset: 400 kbit/s down and up, 2 s round trips (400 ms × 5). */
const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: (500 * 1000 * 0.8) / 8, uploadThroughput: (500 * 1000 * 0.8) / 8 };

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumPath) return;
  await mkdir(ARTIFACTS, { recursive: true });
  server = await startServerProcess();
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

interface Fetched {
  url: string;
  status: number;
  fromCache: boolean;
  fromServiceWorker: boolean;
  bytes: number;
}

/** Every response of the page, with where it came from (network, disk cache, service worker). */
function record(cdp: CDPSession): Map<string, Fetched> {
  const seen = new Map<string, Fetched>();
  // Memory-cache hits are announced before their response event.
  const cached = new Set<string>();
  cdp.on('Network.requestServedFromCache', (e) => {
    cached.add(e.requestId);
    const f = seen.get(e.requestId);
    if (f) f.fromCache = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    seen.set(e.requestId, { url: e.response.url, status: e.response.status, fromCache: cached.has(e.requestId) || Boolean(e.response.fromDiskCache || e.response.fromPrefetchCache), fromServiceWorker: Boolean(e.response.fromServiceWorker), bytes: 0 });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const f = seen.get(e.requestId);
    if (f) f.bytes = e.encodedDataLength;
  });
  return seen;
}

/** Milliseconds from navigation to the play page's first screen being drawn by its script. */
async function timeToScreen(page: Page, go: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await go();
  await page.waitForSelector('#app[data-screen="pin"] #pin', { timeout: 60_000 });
  return Date.now() - started;
}

describeBrowser('/play on a slow 3G line', () => {
  it(
    'loads, then reloads its scripts from the cache without a round trip to the server, and from the service worker with the server down',
    async () => {
      // HTTP caching alone first: the service worker is blocked here (its own fetches would escape the page's throttling).
      const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 740 }, isMobile: true, serviceWorkers: 'block' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
      const log = record(cdp);

      const firstMs = await timeToScreen(page, () => page.goto(`${server.url}/play`, { waitUntil: 'commit' }));
      await page.waitForLoadState('load');
      const first = [...log.values()];
      log.clear();
      const reloadMs = await timeToScreen(page, () => page.reload({ waitUntil: 'commit' }));
      await page.waitForLoadState('load');
      const reload = [...log.values()];

      const result = {
        profile: 'Chromium "Slow 3G": 2,000 ms RTT, 400 kbit/s',
        firstLoadMs: firstMs,
        reloadMs,
        firstLoadBytes: first.reduce((n, f) => n + f.bytes, 0),
        reloadNetworkBytes: reload.filter((f) => !f.fromCache && !f.fromServiceWorker).reduce((n, f) => n + f.bytes, 0),
        reloadFromCache: reload.filter((f) => f.fromCache || f.fromServiceWorker).length,
        firstLoadRequests: first.map((f) => `${f.status} ${new URL(f.url).pathname} ${f.bytes} B`),
        reloadRequests: reload.map((f) => `${f.fromCache ? 'cache' : f.fromServiceWorker ? 'sw' : f.status} ${new URL(f.url).pathname}`),
      };
      await writeFile(path.join(ARTIFACTS, 'play-load.json'), JSON.stringify(result, null, 2));
      process.stdout.write(`\n  /play on slow 3G: first load ${firstMs} ms (${result.firstLoadBytes} B), reload ${reloadMs} ms (${result.reloadNetworkBytes} B over the network)\n`);
      const scripts = (list: Fetched[]) => list.filter((f) => /\/static\/build\/.+\.js$/.test(f.url));
      // The first load fetched the page's scripts over the network…
      expect(scripts(first).length).toBeGreaterThanOrEqual(2);
      expect(scripts(first).every((f) => !f.fromCache && f.status === 200)).toBe(true);
      // …and the reload took every one of them from the cache: no request, not even a 304.
      expect(scripts(reload).map((f) => f.url).sort()).toEqual(scripts(first).map((f) => f.url).sort());
      expect(scripts(reload).filter((f) => !(f.fromCache || f.fromServiceWorker))).toEqual([]);


      await context.close();

      // The service worker (registered by the page) keeps a copy: with the server gone entirely, a reload still shows the page.
      const withWorker = await browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 740 }, isMobile: true });
      const phone = await withWorker.newPage();
      await phone.goto(`${server.url}/play`);
      await phone.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await phone.reload(); // under the worker's control now: it saves the page and its assets
      await phone.waitForSelector('#app[data-screen="pin"] #pin');
      expect(await phone.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}/play-sw.js`);
      expect(await server.stop('SIGTERM')).toBe(0);
      const offlineMs = await timeToScreen(phone, () => phone.reload({ waitUntil: 'commit' }));
      expect(await phone.locator('#app[data-screen="pin"] #pin').isVisible()).toBe(true);
      await writeFile(path.join(ARTIFACTS, 'play-load.json'), JSON.stringify({ ...result, serverDownReloadMs: offlineMs }, null, 2));
      process.stdout.write(`  /play reload with the server down (service worker): ${offlineMs} ms\n`);
      await withWorker.close();
    },
    180_000,
  );
});
