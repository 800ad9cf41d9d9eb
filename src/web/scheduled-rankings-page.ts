import { html } from 'hono/html';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { pick } from '../shared/language.ts';
import { layout, pageLang } from './layout.ts';
import { t, type Lang } from './messages.ts';
import { apiGet, loadContest, notFoundPage, SLUG, topbar } from './scheduled-page-kit.ts';
import { itemsOf, type IndividualRow, type UnitRow } from './scheduled-contract.ts';
import { formatDuration, formatVietnamShort } from './vietnam-time.ts';

/**
 * `/contests/{slug}/rankings?scope=individual|school|district[&district=…]`:
 * the official rankings as tables, once published (organisers see them before,
 * through their session cookie). The rows and their order come from the API
 * (`GET /api/scheduled-contests/{slug}/rankings`), never recomputed here; the
 * CSV link is the same route with `format=csv`. Printable.
 */

const SCOPES = ['individual', 'school', 'district'] as const;
type Scope = (typeof SCOPES)[number];

const num = (lang: Lang, n: number | null | undefined, digits = 0) =>
  n === null || n === undefined ? '' : new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits }).format(n);

/** Participation rate in percent (70 means 70 %), as the API gives it. */
function rate(lang: Lang, r: number | null | undefined): string {
  if (r === null || r === undefined) return '';
  return `${num(lang, r, 1)} %`;
}

const PRIZES = { first: 'org.f.first', second: 'org.f.second', third: 'org.f.third', consolation: 'org.f.consolation' } as const;
function prizeLabel(lang: Lang, prize: string): string {
  return prize in PRIZES ? t(lang, PRIZES[prize as keyof typeof PRIZES]) : prize;
}

function individualTable(lang: Lang, rows: IndividualRow[], districtNames: Map<string, string>) {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${t(lang, 'sched.rankings.individual')}"><table class="board rankings">
  <caption>${t(lang, 'sched.rankings.individual')}</caption>
  <thead><tr>
    <th scope="col" class="num">${t(lang, 'sched.col.rank')}</th>
    <th scope="col">${t(lang, 'sched.col.participant')}</th>
    <th scope="col">${t(lang, 'sched.col.district')}</th>
    <th scope="col" class="num">${t(lang, 'sched.col.score')}</th>
    <th scope="col" class="num">${t(lang, 'sched.col.predictionError')}</th>
    <th scope="col" class="num">${t(lang, 'sched.col.duration')}</th>
    <th scope="col">${t(lang, 'sched.col.submittedAt')}</th>
  </tr></thead>
  <tbody>${rows.map(
    (r) => html`<tr>
    <td class="num">${r.rank}</td>
    <th scope="row">${r.displayName ?? r.fullName ?? r.participantId.slice(0, 8)}${r.prize ? html` <span class="badge prize">${prizeLabel(lang, r.prize)}</span>` : ''}</th>
    <td>${districtNames.get(r.district) ?? r.district}</td>
    <td class="num">${num(lang, r.score)}</td>
    <td class="num">${num(lang, r.predictionError)}</td>
    <td class="num">${formatDuration(r.durationMs, lang)}</td>
    <td>${formatVietnamShort(r.submittedAt)}</td>
  </tr>`,
  )}</tbody>
</table></div>`;
}

function unitTable(lang: Lang, scope: 'school' | 'district', rows: UnitRow[], districtNames: Map<string, string>) {
  const cell = (v: string) => html`<td class="num">${v}</td>`;
  const label = (r: UnitRow) => (scope === 'district' ? (r.name ?? districtNames.get(r.district ?? r.code ?? '') ?? r.district ?? r.code ?? '') : (r.school ?? r.name ?? ''));
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${t(lang, scope === 'district' ? 'sched.rankings.district' : 'sched.rankings.school')}"><table class="board rankings">
  <caption>${t(lang, scope === 'district' ? 'sched.rankings.district' : 'sched.rankings.school')}</caption>
  <thead><tr>
    <th scope="col" class="num">${t(lang, 'sched.col.rank')}</th>
    <th scope="col">${t(lang, scope === 'district' ? 'sched.col.district' : 'sched.col.school')}</th>
    ${scope === 'school' ? html`<th scope="col">${t(lang, 'sched.col.district')}</th>` : ''}
    <th scope="col" class="num">${t(lang, 'sched.col.participants')}</th>
    <th scope="col" class="num">${t(lang, 'sched.col.enrolment')}</th>
    <th scope="col" class="num">${t(lang, 'sched.col.rate')}</th>
    <th scope="col" class="num">${t(lang, 'sched.col.mean')}</th>
    <th scope="col" class="num">${t(lang, 'sched.col.median')}</th>
    <th scope="col" class="num">${t(lang, 'sched.col.prizePoints')}</th>
    <th scope="col" class="num">${t(lang, 'sched.col.collective')}</th>
  </tr></thead>
  <tbody>${rows.map((r) => {
    // Cells of groups under 5 come back empty (suppressed) from the API: say so rather than show a blank.
    const hidden = r.suppressed === true || r.participants === null;
    const v = (s: string) => (hidden && s === '' ? t(lang, 'sched.suppressed') : s);
    return html`<tr>
    <td class="num">${r.rank}</td>
    <th scope="row">${label(r)}</th>
    ${scope === 'school' ? html`<td>${districtNames.get(r.district ?? '') ?? r.district ?? ''}</td>` : ''}
    ${cell(v(num(lang, r.participants)))}
    ${cell(num(lang, r.enrolment))}
    ${cell(v(rate(lang, r.participationRate)))}
    ${cell(v(num(lang, r.meanScore, 1)))}
    ${cell(v(num(lang, r.medianScore, 1)))}
    ${cell(num(lang, r.prizePoints))}
    ${cell(num(lang, r.collectiveScore, 1))}
  </tr>`;
  })}</tbody>
</table></div>`;
}

export function registerRankingsPage(app: OpenAPIHono<AppEnv>): void {
  app.get('/contests/:slug/rankings', async (c) => {
    const lang = pageLang(c);
    const slug = c.req.param('slug');
    const contest = SLUG.test(slug) ? await loadContest(app, c, slug, lang) : null;
    if (!contest) return notFoundPage(c, lang);
    const scopeParam = c.req.query('scope');
    const scope: Scope = (SCOPES as readonly string[]).includes(scopeParam ?? '') ? (scopeParam as Scope) : 'individual';
    const district = /^[a-z0-9-]{1,64}$/.test(c.req.query('district') ?? '') ? c.req.query('district')! : '';
    const query = new URLSearchParams({ scope, ...(district ? { district } : {}) });
    const answer = await apiGet<unknown>(app, c, `/api/scheduled-contests/${slug}/rankings?${query}`, lang);
    const set = await apiGet<{ units?: Array<{ code: string; name: string; fullName?: string; parentCode: string | null }>; provinceCode?: string | null }>(app, c, `/api/region-sets/${contest.regionSet}`, lang);
    const units = (set.body?.units ?? []).filter((u) => u.parentCode === set.body?.provinceCode);
    const districtNames = new Map(units.map((u) => [u.code, u.fullName || u.name]));
    const published = answer.status === 200;
    const rows = itemsOf<IndividualRow & UnitRow>(answer.body);
    const tab = (s: Scope) =>
      html`<a class="button ${s === scope ? '' : 'secondary'} small" href="?${new URLSearchParams({ scope: s, lang, ...(district ? { district } : {}) })}" ${s === scope ? html`aria-current="page"` : ''}>${t(lang, `sched.rankings.${s}`)}</a>`;
    return c.html(
      layout(
        { lang, titleKey: 'sched.rankings', bodyClass: 'sched rankings-page' },
        html`${topbar(c, lang, 'sched.rankings')}
<main class="stack rankings">
  <p class="no-print"><a href="/contests/${slug}?lang=${lang}">← ${pick(contest.title, lang)}</a></p>
  <h1>${t(lang, 'sched.rankings')}: ${pick(contest.title, lang)}</h1>
  ${
    published
      ? html`<nav class="row no-print" aria-label="${t(lang, 'sched.rankings')}">${SCOPES.map(tab)}</nav>
  ${
    scope !== 'district'
      ? html`<form class="row no-print" method="get">
    <input type="hidden" name="scope" value="${scope}"><input type="hidden" name="lang" value="${lang}">
    <label for="district-filter">${t(lang, 'sched.rankings.filterDistrict')}</label>
    <select id="district-filter" name="district" class="grow-select"><option value="">${t(lang, 'sched.rankings.all')}</option>${units.map((u) => html`<option value="${u.code}" ${u.code === district ? html`selected` : ''}>${u.fullName || u.name}</option>`)}</select>
    <button class="button small" type="submit">${t(lang, 'sched.rankings.show')}</button>
  </form>`
      : ''
  }
  <p class="no-print"><a class="button secondary small" href="/api/scheduled-contests/${slug}/rankings?${new URLSearchParams({ scope, format: 'csv', ...(district ? { district } : {}) })}" download>${t(lang, 'sched.rankings.csv')}</a></p>
  ${rows.length === 0 ? html`<p class="card">${t(lang, 'sched.rankings.empty')}</p>` : scope === 'individual' ? individualTable(lang, rows, districtNames) : unitTable(lang, scope, rows, districtNames)}`
      : html`<p class="card" role="status">${t(lang, 'sched.rankings.notPublished')}</p>`
  }
</main>`,
      ),
      published ? 200 : answer.status === 404 ? 404 : 200,
    );
  });
}
