import { html } from 'hono/html';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { pick } from '../shared/language.ts';
import { layout, pageLang } from './layout.ts';
import { t } from './messages.ts';
import { liveRegions, SLUG, topbar } from './scheduled-page-kit.ts';

/**
 * `/practice` (the public banks) and `/practice/{bank}`: solo practice without
 * registering, timed or untimed, the explanation after each answer and a summary
 * by competence. Nothing personal is stored; practice.page.ts drives the practice
 * API of the attempt engine.
 */

async function publicBanks(c: Context<AppEnv>) {
  const rows = await c
    .get('deps')
    .db.selectFrom('banks')
    .select(['slug', 'title'])
    .where('visibility', '=', 'public')
    .where('archived_at', 'is', null)
    .orderBy('slug')
    .execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title as { vi: string; en: string } }));
}

export function registerPracticePages(app: OpenAPIHono<AppEnv>): void {
  app.get('/practice', async (c) => {
    const lang = pageLang(c);
    const banks = await publicBanks(c);
    return c.html(
      layout(
        { lang, titleKey: 'practice.title', bodyClass: 'sched' },
        html`${topbar(c, lang, 'practice.title')}
<main class="stack practice-list">
  <h1>${t(lang, 'practice.list')}</h1>
  <p>${t(lang, 'practice.intro')}</p>
  <ul class="stack bank-list">${banks.map((b) => html`<li><a class="button secondary" href="/practice/${b.slug}?lang=${lang}">${pick(b.title, lang)}</a></li>`)}</ul>
</main>`,
      ),
    );
  });

  app.get('/practice/:bank', async (c) => {
    const lang = pageLang(c);
    const slug = c.req.param('bank');
    const bank = SLUG.test(slug) ? (await publicBanks(c)).find((b) => b.slug === slug) : undefined;
    if (!bank) {
      return c.html(layout({ lang, titleKey: 'practice.title', bodyClass: 'sched' }, html`${topbar(c, lang, 'practice.title')}<main class="narrow stack"><h1>${t(lang, 'practice.notFound')}</h1><p><a href="/practice?lang=${lang}">${t(lang, 'practice.list')}</a></p></main>`), 404);
    }
    return c.html(
      layout(
        { lang, titleKey: 'practice.title', script: 'practice', bodyClass: 'sched practice-page', data: { bank: bank.slug, title: bank.title } },
        html`${topbar(c, lang, 'practice.title')}
<main id="app" class="stack practice" tabindex="-1">
  <h1>${t(lang, 'practice.heading', { bank: pick(bank.title, lang) })}</h1>
  <p class="muted">${t(lang, 'live.loading')}</p>
  <noscript><p class="card">${t(lang, 'live.noscript')}</p></noscript>
</main>
${liveRegions}`,
      ),
    );
  });
}
