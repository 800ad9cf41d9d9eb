import { html, raw } from 'hono/html';
import type { OpenAPIHono } from '@hono/zod-openapi';
import QRCode from 'qrcode';
import type { AppContext, AppEnv } from '../http/app-env.ts';
import { ApiError } from '../http/errors.ts';
import type { LiveContestService } from '../contests/live-contest-service.ts';
import type { Principal } from '../auth/auth-service.ts';
import { layout, pageLang } from './layout.ts';
import { t, type Lang } from './messages.ts';
import { parseRosterLines } from './roster-lines.ts';
import { rejectCrossSiteWrites, resolvePrincipal } from '../auth/middleware.ts';

/**
 * Paper for contest day at a bridge point: an A4 join sheet per district (PIN, QR
 * code, address, short steps) and, for roster contests, one slip per student with
 * their entry code. Print CSS in /static/sheets.css; the page's only script binds
 * the Print button (no inline scripts under the CSP). The join QR for projectors
 * is here too: it encodes `<join address>/play?pin=…` for any well-formed PIN and
 * looks nothing up, so it tells a PIN scanner nothing.
 */

const PIN = /^\d{6,8}$/;
const HOSTS = ['admin', 'teacher'] as const;

function joinBase(c: AppContext): string {
  const deps = c.get('deps');
  return (deps.joinBase?.() ?? deps.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
}

const qrSvg = (text: string) => QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

function hostOrRedirect(c: AppContext): Principal | Response {
  const p = c.get('principal');
  if (!p) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`);
  if (!(HOSTS as readonly string[]).includes(p.role)) return new Response(null, { status: 302, headers: { Location: '/host' } });
  return p;
}

function message(lang: Lang, key: Parameters<typeof t>[1]) {
  return layout({ lang, titleKey: 'sheets.title', bodyClass: 'sheets-page' }, html`<main class="narrow"><h1>${t(lang, 'sheets.title')}</h1><p class="error" role="alert">${t(lang, key)}</p></main>`);
}

const sheetsCss = html`<link rel="stylesheet" href="/static/sheets.css">`;

export function registerJoinSheets(app: OpenAPIHono<AppEnv>, contests: LiveContestService): void {
  // Pages outside /api/*: who is signed in, and cookie-carried writes only from our own pages.
  app.use('/host/sheets/*', resolvePrincipal, rejectCrossSiteWrites);
  app.get('/join-qr/:file', async (c) => {
    const m = /^(\d{6,8})\.svg$/.exec(c.req.param('file'));
    if (!m) return c.notFound();
    c.header('Content-Type', 'image/svg+xml');
    // The address may change (the host picks another network): revalidate each time.
    c.header('Cache-Control', 'no-cache');
    return c.body(await qrSvg(`${joinBase(c)}/play?pin=${m[1]}`));
  });

  app.get('/host/sheets/:id', async (c) => {
    const lang = pageLang(c);
    const p = hostOrRedirect(c);
    if (p instanceof Response) return p;
    const row = await contests.owned(p, c.req.param('id')).catch(() => null);
    if (!row || !PIN.test(row.pin)) return c.html(message(lang, 'sheets.notFound'), 404);
    const base = joinBase(c);
    const joinUrl = `${base}/play?pin=${row.pin}`;
    const address = `${base.replace(/^https?:\/\//, '')}/play`;
    const qr = await qrSvg(joinUrl);
    const districts = (Array.isArray(row.districts) ? row.districts : []).map((d) => ({ code: String(d.code), name: String(d.name) }));
    return c.html(
      layout(
        { lang, titleKey: 'sheets.title', script: 'sheets', bodyClass: 'sheets-page' },
        html`${sheetsCss}
<div class="sheets-toolbar no-print">
  <h1>${t(lang, 'sheets.title')}: ${row.title}</h1>
  <p class="hint">${t(lang, 'sheets.printHint')}</p>
  <p><button type="button" class="button big" data-print>${t(lang, 'sheets.print')}</button> <a href="/host?contest=${row.id}">${t(lang, 'host.title')}</a></p>
  ${row.roster_mode ? rosterForm(lang, row.id) : ''}
</div>
<main class="sheets">
${districts.map(
  (d) => html`<section class="sheet" aria-label="${t(lang, 'sheets.district')}: ${d.name}">
  <p class="sheet-title">${row.title}</p>
  <h2 class="sheet-district">${t(lang, 'sheets.district')}: ${d.name}</h2>
  <div class="sheet-join">
    <figure class="sheet-qr" role="img" aria-label="${t(lang, 'sheets.qrAlt', { url: joinUrl })}">${raw(qr)}</figure>
    <dl class="sheet-facts">
      <dt>${t(lang, 'sheets.address')}</dt><dd class="sheet-address">${address}</dd>
      <dt>${t(lang, 'sheets.pin')}</dt><dd class="sheet-pin">${row.pin}</dd>
    </dl>
  </div>
  <h3>${t(lang, 'sheets.steps')}</h3>
  <ol class="sheet-steps">
    <li>${t(lang, 'sheets.step1')}</li>
    <li>${t(lang, 'sheets.step2')}</li>
    <li>${t(lang, 'sheets.step3', { district: d.name })}</li>
    <li>${t(lang, 'sheets.step4')}</li>
  </ol>
</section>`,
)}
</main>`,
      ),
    );
  });

  // Roster slips: codes are stored hashed and returned once, so they are printed right when they are made.
  app.post('/host/sheets/:id/roster', async (c) => {
    const lang = pageLang(c);
    const p = hostOrRedirect(c);
    if (p instanceof Response) return p;
    const id = c.req.param('id');
    const row = await contests.owned(p, id).catch(() => null);
    if (!row) return c.html(message(lang, 'sheets.notFound'), 404);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const text = typeof form['students'] === 'string' ? form['students'] : '';
    const students = parseRosterLines(text);
    if (students.length === 0) return c.html(message(lang, 'sheets.roster.empty'), 422);
    if (students.length > 5000) return c.html(message(lang, 'sheets.roster.tooMany'), 422);
    let codes: Array<{ label: string; district?: string | undefined; code: string }>;
    try {
      codes = await contests.issueRoster(p, id, students);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NOT_ROSTER_MODE') return c.html(message(lang, 'sheets.roster.notRoster'), 409);
      throw err;
    }
    const names = new Map((Array.isArray(row.districts) ? row.districts : []).map((d) => [String(d.code), String(d.name)]));
    const address = `${joinBase(c).replace(/^https?:\/\//, '')}/play?pin=${row.pin}`;
    c.header('Cache-Control', 'no-store');
    return c.html(
      layout(
        { lang, titleKey: 'sheets.roster.heading', script: 'sheets', bodyClass: 'sheets-page' },
        html`${sheetsCss}
<div class="sheets-toolbar no-print">
  <h1>${t(lang, 'sheets.roster.slipsTitle', { n: codes.length })}: ${row.title}</h1>
  <p class="hint">${t(lang, 'sheets.roster.help')}</p>
  <p><button type="button" class="button big" data-print>${t(lang, 'sheets.print')}</button></p>
</div>
<main class="slips">
${codes.map(
  (k) => html`<section class="slip">
  <p class="slip-name">${k.label}</p>
  ${k.district ? html`<p class="slip-district">${names.get(k.district) ?? k.district}</p>` : ''}
  <p class="slip-code"><span class="slip-label">${t(lang, 'sheets.roster.code')}</span> <strong>${k.code}</strong></p>
  <p class="slip-step">${t(lang, 'sheets.roster.slipStep', { url: address })}</p>
</section>`,
)}
</main>`,
      ),
      201,
    );
  });
}

function rosterForm(lang: Lang, id: string) {
  // The site-wide Referrer-Policy (no-referrer) makes a browser send \`Origin: null\` with a form POST, which the
  // cross-site write check refuses; \`same-origin\` keeps the real origin on this same-origin post (and no referrer elsewhere).
  return html`<meta name="referrer" content="same-origin">
<form class="card stack roster-form" method="post" action="/host/sheets/${id}/roster">
  <h2>${t(lang, 'sheets.roster.heading')}</h2>
  <label for="students">${t(lang, 'sheets.roster.label')}</label>
  <p class="hint" id="students-help">${t(lang, 'sheets.roster.help')}</p>
  <textarea id="students" name="students" rows="8" required aria-describedby="students-help"></textarea>
  <button type="submit" class="button">${t(lang, 'sheets.roster.submit')}</button>
</form>`;
}
