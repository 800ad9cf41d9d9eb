import { html } from 'hono/html';
import { compress } from 'hono/compress';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { layout, pageLang } from './layout.ts';
import { t } from './messages.ts';
import { ta } from './authoring-messages.ts';
import { isImmutableAsset } from './assets.ts';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Extra page registrations (play, host, screen) contributed by the live-contest web module. */
export type PageRegistrar = (app: OpenAPIHono<AppEnv>) => void;

/** Server-rendered pages and the static files they load (all served by civiq: schools may have poor internet). */
export function registerWebRoutes(app: OpenAPIHono<AppEnv>, pages: PageRegistrar[] = []): void {
  app.use('/static/*', compress());
  app.get('/static/*', async (c) => {
    const rel = c.req.path.slice('/static/'.length);
    if (!/^[a-z0-9][a-z0-9._/-]*$/i.test(rel) || rel.includes('..')) return c.notFound();
    const ext = rel.slice(rel.lastIndexOf('.'));
    const type = TYPES[ext];
    const asset = type ? await c.get('deps').staticAsset?.(`web/${rel}`) : null;
    if (!asset || !type) return c.notFound();
    c.header('Content-Type', type);
    c.header('Cache-Control', isImmutableAsset(rel) ? 'public, max-age=31536000, immutable' : 'no-cache');
    return c.body(asset.body as string);
  });

  app.get('/', (c) => {
    const lang = pageLang(c);
    return c.html(
      layout(
        { lang, titleKey: 'app.tagline' },
        html`<main class="home">
  <h1>${t(lang, 'app.name')}</h1>
  <p class="tagline">${t(lang, 'app.tagline')}</p>
  <nav class="stack">
    <a class="button big" href="/play">${t(lang, 'home.play')}</a>
    <a class="button big secondary" href="/host">${t(lang, 'home.host')}</a>
    <a class="button big secondary" href="/banks">${ta(lang, 'home.author')}</a>
    <a class="button big secondary" href="/contests">${t(lang, 'home.contests')}</a>
    <a class="button secondary" href="/practice">${t(lang, 'home.practice')}</a>
    <a href="/docs">${t(lang, 'home.docs')}</a>
    <a href="?lang=${lang === 'vi' ? 'en' : 'vi'}" hreflang="${lang === 'vi' ? 'en' : 'vi'}">${t(lang, 'lang.switch')}</a>
  </nav>
</main>`,
      ),
    );
  });

  app.get('/login', (c) => {
    const lang = pageLang(c);
    const next = c.req.query('next');
    const safeNext = next && next.startsWith('/') && !next.startsWith('//') ? next : '/host';
    return c.html(
      layout(
        { lang, titleKey: 'login.title', script: 'login', data: { next: safeNext } },
        html`<main class="narrow">
  <h1>${t(lang, 'login.title')}</h1>
  <form id="login-form" class="stack" method="post" action="/api/auth/login" novalidate>
    <label for="email">${t(lang, 'login.email')}</label>
    <input id="email" name="email" type="email" autocomplete="username" required>
    <label for="password">${t(lang, 'login.password')}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit" class="button big" disabled>${t(lang, 'login.submit')}</button>
    <p id="login-status" role="status" aria-live="polite"></p>
  </form>
  <p><a href="?lang=${lang === 'vi' ? 'en' : 'vi'}">${t(lang, 'lang.switch')}</a></p>
</main>`,
      ),
    );
  });

  for (const register of pages) register(app);
}
