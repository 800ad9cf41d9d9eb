import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { negotiateLanguage } from '../http/errors.ts';
import { MESSAGES, t, type Lang, type MessageKey } from './messages.ts';
import { pageScript, stylesheet } from './assets.ts';

/** The page language: ?lang=, then the `lang` cookie, then Accept-Language (Vietnamese by default). */
export function pageLang(c: Context): Lang {
  const q = c.req.query('lang');
  if (q === 'vi' || q === 'en') return q;
  const cookie = getCookie(c, 'lang');
  if (cookie === 'vi' || cookie === 'en') return cookie;
  return negotiateLanguage(c.req.header('Accept-Language'));
}

/** Serialise data for a page's script as a non-executed JSON block (CSP-safe, `<` escaped). */
export function pageData(data: unknown): HtmlEscapedString | Promise<HtmlEscapedString> {
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return html`<script type="application/json" id="page-data">${raw(json)}</script>`;
}

export interface LayoutOptions {
  lang: Lang;
  titleKey?: MessageKey;
  /** A title already translated (pages with their own catalogue); wins over titleKey. */
  title?: string;
  /** More stylesheets after app.css (served from /static/). */
  stylesheets?: string[];
  /** Browser bundle built from src/web/client/<script>.page.ts. */
  script?: string;
  data?: unknown;
  bodyClass?: string;
}

/** The page's module, with its chunks preloaded in parallel (one round trip, not two, on a slow line). */
function pageScriptTags(name: string) {
  const { src, preload } = pageScript(name);
  return html`${preload.map((href) => html`<link rel="modulepreload" href="${href}">
`)}<script type="module" src="${src}"></script>`;
}

/** The HTML shell every page shares: language, styles, the page's data and its module. No inline scripts. */
export function layout(opts: LayoutOptions, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  const messages = MESSAGES[opts.lang];
  return html`<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light">
<title>${opts.title ?? t(opts.lang, opts.titleKey ?? 'app.tagline')} · ${messages['app.name']}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${stylesheet('app.css')}">
${(opts.stylesheets ?? []).map((href) => html`<link rel="stylesheet" href="${stylesheet(href)}">`)}
${opts.script ? pageScriptTags(opts.script) : ''}
</head>
<body class="${opts.bodyClass ?? ''}">
${pageData({ lang: opts.lang, ...(opts.data as object | undefined) })}
${body}
</body>
</html>`;
}
