import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';

/**
 * The play page's service worker, at the site root so it may control `/play`
 * (a worker under /static/ could only control /static/). Revalidated on every
 * registration check, so a new version reaches phones at their next visit.
 */
export function registerPlayServiceWorker(app: OpenAPIHono<AppEnv>): void {
  app.get('/play-sw.js', async (c) => {
    const asset = await c.get('deps').staticAsset?.('web/play-sw.js');
    if (!asset) return c.notFound();
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(asset.body as string);
  });
}
