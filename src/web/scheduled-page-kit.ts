import { html } from 'hono/html';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { t, type Lang, type MessageKey } from './messages.ts';
import { layout } from './layout.ts';
import type { ContestDetail } from './scheduled-contract.ts';

/**
 * What the scheduled-contest pages share: reading the public API in-process
 * (the pages show exactly what the API would, with the caller's cookie so an
 * organiser sees what an organiser may) and the top bar.
 */

export interface ApiAnswer<T> {
  status: number;
  body: T | null;
  text: string;
}

/** GET an API route through the app itself (no network), forwarding the language and the session cookie. */
export async function apiGet<T>(app: OpenAPIHono<AppEnv>, c: Context<AppEnv>, path: string, lang: Lang): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang };
  const cookie = c.req.header('Cookie');
  if (cookie) headers.Cookie = cookie;
  const res = await app.request(path, { headers });
  const text = await res.text();
  let body: T | null = null;
  if ((res.headers.get('Content-Type') ?? '').includes('json')) {
    try {
      body = JSON.parse(text) as T;
    } catch {
      body = null;
    }
  }
  return { status: res.status, body, text };
}

/** The same page in the other language, keeping the query. */
export function otherLangHref(c: Context<AppEnv>, lang: Lang): string {
  const params = new URL(c.req.url).searchParams;
  params.set('lang', lang === 'vi' ? 'en' : 'vi');
  return `?${params.toString()}`;
}

export function topbar(c: Context<AppEnv>, lang: Lang, titleKey: MessageKey) {
  const other = lang === 'vi' ? 'en' : 'vi';
  return html`<header class="topbar">
  <a class="brand" href="/">${t(lang, 'app.name')}</a>
  <span class="topbar-title">${t(lang, titleKey)}</span>
  <span id="net" class="net" role="status" aria-live="polite"></span>
  <a class="lang" href="${otherLangHref(c, lang)}" hreflang="${other}" lang="${other}">${t(lang, 'lang.switch')}</a>
</header>`;
}

/** Live regions exist from the first paint: screen readers ignore regions added later. */
export const liveRegions = html`<div id="announce" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
<div id="alert" class="visually-hidden" role="alert"></div>`;

/** Contest and bank slugs (same rule as `SlugSchema`). */
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** The contest as `GET /api/scheduled-contests/{slug}` shows it to this caller, or null. */
export async function loadContest(app: OpenAPIHono<AppEnv>, c: Context<AppEnv>, slug: string, lang: Lang): Promise<ContestDetail | null> {
  const answer = await apiGet<ContestDetail>(app, c, `/api/scheduled-contests/${slug}`, lang);
  return answer.status === 200 && answer.body && typeof answer.body.slug === 'string' ? answer.body : null;
}

export function notFoundPage(c: Context<AppEnv>, lang: Lang) {
  return c.html(
    layout(
      { lang, titleKey: 'sched.list.title', bodyClass: 'sched' },
      html`${topbar(c, lang, 'sched.list.title')}
<main class="narrow stack"><h1>${t(lang, 'sched.notFound')}</h1><p><a href="/contests?lang=${lang}">${t(lang, 'sched.back')}</a></p></main>`,
    ),
    404,
  );
}

