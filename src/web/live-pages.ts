import { html } from 'hono/html';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import type { DistrictInfo } from '../contests/protocol.ts';
import { LiveSettingsSchema } from '../contests/settings.ts';
import { layout, pageLang } from './layout.ts';
import { clientAddress } from '../auth/routes.ts';
import type { FailureCounter } from '../shared/limits/failure-counter.ts';
import { t, type Lang, type MessageKey } from './messages.ts';

/**
 * The live-contest pages: `/play` (students), `/host` (teachers) and
 * `/screen/{pin}` (a projector at a bridge point). The server renders a shell
 * with the page's data; the page's module (src/web/client/*.page.ts) does the rest
 * over the `/live` socket.
 */

/** Same rule as `PinSchema` in protocol.ts. */
const PIN = /^\d{6,8}$/;
const DISTRICT_CODE = /^[a-z0-9-]{1,64}$/;

/** What a player needs before joining: the contest's title and the districts to choose from. */
export interface PlayContest {
  pin: string;
  title: string;
  districts: DistrictInfo[];
  rosterMode: boolean;
}

/**
 * Finds the contest a player could join now with this PIN, or null: unknown,
 * locked, full, late-closed and ended contests are all null, so the page tells
 * them apart no more than the socket does (the composition root wires it to the
 * live engine).
 */
export type FindJoinableContest = (pin: string) => Promise<PlayContest | null>;

/** The same page in the other language, keeping the query (minus `drop`). */
function otherLangHref(c: Context<AppEnv>, lang: Lang, drop: string[] = []): string {
  const params = new URL(c.req.url).searchParams;
  for (const k of drop) params.delete(k);
  params.set('lang', lang === 'vi' ? 'en' : 'vi');
  return `?${params.toString()}`;
}

function topbar(c: Context<AppEnv>, lang: Lang, titleKey: MessageKey, drop: string[] = []) {
  const other = lang === 'vi' ? 'en' : 'vi';
  return html`<header class="topbar">
  <a class="brand" href="/">${t(lang, 'app.name')}</a>
  <span class="topbar-title">${t(lang, titleKey)}</span>
  <span id="net" class="net" role="status" aria-live="polite"></span>
  <a class="lang" href="${otherLangHref(c, lang, drop)}" hreflang="${other}" lang="${other}">${t(lang, 'lang.switch')}</a>
</header>`;
}

/** Live regions exist from the first paint: screen readers ignore regions added later. */
const liveRegions = html`<div id="announce" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
<div id="alert" class="visually-hidden" role="alert"></div>`;

/**
 * The live pages. `failedJoins` is shared with the socket's join handler: a PIN
 * looked up here counts like a join attempt, so the page is no faster PIN oracle
 * than the socket (a whole school behind one address still has ample room).
 */
export function livePages(opts: { failedJoins: FailureCounter; findContest: FindJoinableContest }): (app: OpenAPIHono<AppEnv>) => void {
  return (app) => registerLivePages(app, opts);
}

export function registerLivePages(app: OpenAPIHono<AppEnv>, opts: { failedJoins: FailureCounter; findContest: FindJoinableContest }): void {
  app.get('/play', async (c) => {
    const lang = pageLang(c);
    const raw = (c.req.query('pin') ?? '').replace(/[\s-]/g, '');
    const address = clientAddress(c);
    const throttled = raw !== '' && (await opts.failedJoins.blocked(address));
    const pin = PIN.test(raw) && !throttled ? raw : null;
    const contest = pin ? await opts.findContest(pin) : null;
    const notFound = raw !== '' && !contest;
    if (notFound && !throttled) await opts.failedJoins.record(address);
    return c.html(
      layout(
        { lang, titleKey: 'play.title', script: 'play', bodyClass: 'live play-page', data: { pin, contest, notFound } },
        html`${topbar(c, lang, 'play.title')}
<main id="app" class="play" tabindex="-1">
  <form class="card stack pin-form" method="get" action="/play">
    <h1>${t(lang, 'play.pin.heading')}</h1>
    <label for="pin">${t(lang, 'play.pin.label')}</label>
    <input id="pin" name="pin" inputmode="numeric" autocomplete="off" pattern="[0-9 -]*" maxlength="12" required class="pin-input" value="${raw}">
    ${notFound ? html`<p class="error" role="alert">${t(lang, throttled ? 'play.error.RATE_LIMITED' : 'play.error.CONTEST_UNAVAILABLE')}</p>` : ''}
    <input type="hidden" name="lang" value="${lang}">
    <button class="button big" type="submit">${t(lang, 'play.pin.submit')}</button>
  </form>
  <noscript><p class="card">${t(lang, 'live.noscript')}</p></noscript>
</main>
${liveRegions}`,
      ),
    );
  });

  app.get('/host', (c) => {
    const lang = pageLang(c);
    return c.html(
      layout(
        { lang, titleKey: 'host.title', script: 'host', bodyClass: 'live host-page', data: { defaults: LiveSettingsSchema.parse({}) } },
        html`${topbar(c, lang, 'host.title')}
<main id="app" class="host" tabindex="-1">
  <p class="muted">${t(lang, 'live.loading')}</p>
  <noscript><p class="card">${t(lang, 'live.noscript')}</p></noscript>
</main>
${liveRegions}`,
      ),
    );
  });

  app.get('/screen/:pin', (c) => {
    const lang = pageLang(c);
    const pin = c.req.param('pin');
    if (!PIN.test(pin)) return c.notFound();
    const district = c.req.query('district') ?? '';
    const token = c.req.query('token') ?? '';
    const data = { pin, district: DISTRICT_CODE.test(district) ? district : null, token: token.length >= 20 && token.length <= 200 ? token : null };
    return c.html(
      layout(
        { lang, titleKey: 'screen.title', script: 'screen', bodyClass: 'live screen-page', data },
        // The token is dropped from the language link: the page keeps it in the tab's storage instead of the address bar.
        html`<link rel="stylesheet" href="/static/projector.css">
${topbar(c, lang, 'screen.title', ['token'])}
<main id="app" class="screen" tabindex="-1">
  <p class="screen-pin">${t(lang, 'screen.joinAt')} <strong>${pin}</strong></p>
  <noscript><p class="card">${t(lang, 'live.noscript')}</p></noscript>
</main>
${liveRegions}`,
      ),
    );
  });
}
