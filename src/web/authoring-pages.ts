import { html } from 'hono/html';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import type { Role } from '../db/schema.ts';
import { resolvePrincipal } from '../auth/middleware.ts';
import { formatCatalogue } from '../banks/formats/index.ts';
import { VN_DIGITAL_COMPETENCE_2025 } from '../banks/competences.ts';
import { QUESTION_TYPES } from '../banks/question-schema.ts';
import { layout, pageLang } from './layout.ts';
import type { Lang } from './messages.ts';
import { ta as t, type AuthoringKey } from './authoring-messages.ts';

/**
 * The authoring pages: the bank library, a bank's draft, the question editor,
 * import, version history, review, and the admin pages for accounts and region
 * sets. The server renders a shell with the page's data; the page's module
 * (src/web/client/<name>.page.ts) does the rest over the JSON API, so every
 * permission is the API's. Signed-out visitors are sent to /login and back.
 */

const AUTHORS: readonly Role[] = ['admin', 'teacher', 'official'];
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const QUESTION_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The same page in the other language, keeping the query. */
function otherLangHref(c: Context<AppEnv>, lang: Lang): string {
  const params = new URL(c.req.url).searchParams;
  params.set('lang', lang === 'vi' ? 'en' : 'vi');
  return `?${params.toString()}`;
}

function shell(c: Context<AppEnv>, lang: Lang, titleKey: AuthoringKey, script: string, data: Record<string, unknown>) {
  const p = c.get('principal')!;
  const other = lang === 'vi' ? 'en' : 'vi';
  return c.html(
    layout(
      { lang, title: t(lang, titleKey), stylesheets: ['author.css'], script, bodyClass: 'author', data: { me: { email: p.email, role: p.role, regionCode: p.regionCode, id: p.userId }, ...data } },
      html`<a class="skip-link" href="#app">${t(lang, 'author.skip')}</a>
<header class="topbar">
  <a class="brand" href="/">${t(lang, 'app.name')}</a>
  <nav class="topnav" aria-label="${t(lang, 'author.nav')}">
    <a href="/banks">${t(lang, 'author.nav.banks')}</a>
    ${p.role === 'admin' ? html`<a href="/admin/users">${t(lang, 'author.nav.users')}</a>` : ''}
    ${p.role === 'admin' || p.role === 'official' ? html`<a href="/admin/regions">${t(lang, 'author.nav.regions')}</a>` : ''}
    <a href="/host">${t(lang, 'author.nav.host')}</a>
  </nav>
  <span class="topbar-title"></span>
  <span class="muted-inverse">${p.email}</span>
  <a class="lang" href="${otherLangHref(c, lang)}" hreflang="${other}" lang="${other}">${t(lang, 'lang.switch')}</a>
  <button type="button" id="sign-out" class="link-button">${t(lang, 'author.signOut')}</button>
</header>
<main id="app" class="author-main" tabindex="-1">
  <h1>${t(lang, titleKey)}</h1>
  <p class="muted">${t(lang, 'live.loading')}</p>
  <noscript><p class="card">${t(lang, 'author.noscript')}</p></noscript>
</main>
<div id="announce" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
<div id="alert" class="visually-hidden" role="alert"></div>`,
    ),
  );
}

/** Signed in with one of `roles`, or a redirect to /login (or a 403 page). */
function gate(c: Context<AppEnv>, roles: readonly Role[]): Response | null {
  const p = c.get('principal');
  const lang = pageLang(c);
  if (!p) {
    const url = new URL(c.req.url);
    return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
  }
  if (!roles.includes(p.role)) {
    return c.html(layout({ lang, title: t(lang, 'author.forbidden'), stylesheets: ['author.css'] }, html`<main class="narrow"><h1>${t(lang, 'author.forbidden')}</h1><p><a href="/">${t(lang, 'app.name')}</a></p></main>`), 403) as unknown as Response;
  }
  return null;
}

const framework = () => ({
  id: VN_DIGITAL_COMPETENCE_2025.id,
  competences: VN_DIGITAL_COMPETENCE_2025.competences,
  gradeBands: VN_DIGITAL_COMPETENCE_2025.gradeBands,
});

export function authoringPages(): (app: OpenAPIHono<AppEnv>) => void {
  return (app) => registerAuthoringPages(app);
}

export function registerAuthoringPages(app: OpenAPIHono<AppEnv>): void {
  for (const path of ['/banks', '/banks/*', '/admin/*']) app.use(path, resolvePrincipal);

  app.get('/banks', (c) => gate(c, AUTHORS) ?? shell(c, pageLang(c), 'author.banks.title', 'banks', { framework: framework(), types: QUESTION_TYPES }));

  app.get('/banks/:slug', (c) => {
    const slug = c.req.param('slug');
    if (!SLUG.test(slug)) return c.notFound();
    return gate(c, AUTHORS) ?? shell(c, pageLang(c), 'author.bank.title', 'bank', { slug, framework: framework(), types: QUESTION_TYPES, formats: formatCatalogue(pageLang(c)) });
  });

  app.get('/banks/:slug/questions/:id', (c) => {
    const slug = c.req.param('slug');
    const id = c.req.param('id');
    if (!SLUG.test(slug) || (id !== 'new' && !QUESTION_ID.test(id))) return c.notFound();
    const type = c.req.query('type');
    return (
      gate(c, AUTHORS) ??
      shell(c, pageLang(c), 'author.editor.title', 'question', { slug, id: id === 'new' ? null : id, newType: type && (QUESTION_TYPES as readonly string[]).includes(type) ? type : 'single_choice', framework: framework(), types: QUESTION_TYPES })
    );
  });

  app.get('/banks/:slug/import', (c) => {
    const slug = c.req.param('slug');
    if (!SLUG.test(slug)) return c.notFound();
    return gate(c, AUTHORS) ?? shell(c, pageLang(c), 'author.import.title', 'import', { slug, formats: formatCatalogue(pageLang(c)) });
  });

  app.get('/banks/:slug/history', (c) => {
    const slug = c.req.param('slug');
    if (!SLUG.test(slug)) return c.notFound();
    return gate(c, AUTHORS) ?? shell(c, pageLang(c), 'author.history.title', 'history', { slug });
  });

  app.get('/banks/:slug/review', (c) => {
    const slug = c.req.param('slug');
    if (!SLUG.test(slug)) return c.notFound();
    return gate(c, AUTHORS) ?? shell(c, pageLang(c), 'author.review.title', 'review', { slug });
  });

  app.get('/admin/users', (c) => gate(c, ['admin']) ?? shell(c, pageLang(c), 'admin.users.title', 'admin-users', {}));
  app.get('/admin/regions', (c) => gate(c, ['admin', 'official']) ?? shell(c, pageLang(c), 'admin.regions.title', 'admin-regions', {}));
}
