import { html } from 'hono/html';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { layout, pageLang } from './layout.ts';
import { t } from './messages.ts';
import { liveRegions, SLUG, topbar } from './scheduled-page-kit.ts';

/**
 * The organiser's pages: `/organise` (contests with their state, and the form to
 * create one) and `/organise/{slug}` (edit, live progress per district, duplicate
 * review, close, publish, CSV downloads). The shell is public; organise.page.ts
 * signs the user in (/login) and every action goes through the organiser API,
 * which checks the role on each call.
 */
export function registerOrganiserPages(app: OpenAPIHono<AppEnv>): void {
  const shell = (slug: string | null) => (c: Context<AppEnv>) => {
    const lang = pageLang(c);
    return c.html(
      layout(
        { lang, titleKey: 'org.title', script: 'organise', bodyClass: 'sched organise-page', data: { slug } },
        html`${topbar(c, lang, 'org.title')}
<main id="app" class="stack organise" tabindex="-1">
  <p class="muted">${t(lang, 'live.loading')}</p>
  <noscript><p class="card">${t(lang, 'live.noscript')}</p></noscript>
</main>
${liveRegions}`,
      ),
    );
  };
  app.get('/organise', (c) => shell(null)(c));
  app.get('/organise/:slug', (c) => {
    const slug = c.req.param('slug');
    return SLUG.test(slug) ? shell(slug)(c) : c.notFound();
  });
}
