import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isImmutableAsset } from '../../src/web/assets.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

/**
 * Page assets by content-hashed name (built by scripts/build-web.ts before the
 * tests): cached for a year without revalidation, the page's chunks preloaded
 * with its module; plain names stay revalidated on every use.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(() => t.close());

describe('page assets', () => {
  it('/play names its hashed module, preloads its chunks and links the hashed stylesheet', async () => {
    const body = await (await t.call('GET', '/play')).text();
    const src = /<script type="module" src="(\/static\/build\/play\.page-[A-Z0-9]{8}\.js)"><\/script>/.exec(body)?.[1];
    expect(src).toBeDefined();
    const preloads = [...body.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]!);
    expect(preloads.length).toBeGreaterThanOrEqual(1);
    const css = /<link rel="stylesheet" href="(\/static\/build\/app-[0-9a-f]{10}\.css)">/.exec(body)?.[1];
    expect(css).toBeDefined();
    for (const path of [src!, css!, ...preloads]) {
      const res = await t.call('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
    }
    // The module really imports what is preloaded (no wasted bytes on a slow line).
    const module = await (await t.call('GET', src!)).text();
    for (const p of preloads) expect(module).toContain(p.split('/').pop()!);
  });

  it('plain names are revalidated; only hashed build files are immutable', async () => {
    const res = await t.call('GET', '/static/app.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(isImmutableAsset('build/play.page-TK2UHDLC.js')).toBe(true);
    expect(isImmutableAsset('build/chunk-NLE46C5U.js')).toBe(true);
    expect(isImmutableAsset('build/app-9ee61a65f8.css')).toBe(true);
    expect(isImmutableAsset('build/play.page.js')).toBe(false);
    expect(isImmutableAsset('build/manifest.json')).toBe(false);
    expect(isImmutableAsset('app.css')).toBe(false);
  });
});
