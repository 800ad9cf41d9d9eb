import { html } from 'hono/html';
import { getCookie } from 'hono/cookie';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { ApiError } from '../http/errors.ts';
import { SESSION_COOKIE } from '../auth/middleware.ts';
import type { Principal } from '../auth/auth-service.ts';
import { layout, pageLang } from '../web/layout.ts';
import { t } from '../web/messages.ts';
import type { Language } from '../shared/localized.ts';
import { REPORT_READERS } from './report-access.ts';
import { renderChart, type ChartName } from './report-charts.ts';
import { rt } from './report-messages.ts';
import type { ReportService, ReportSubject } from './report-service.ts';
import { barDataTable, competenceMatrix, districtTable, distributionTable, figureWithChart, notes, questionTables, schoolTable, trendTable } from './report-page-sections.ts';

/**
 * `/reports` (the dashboard) and the printable reports (`/reports/print/…`): server-rendered
 * pages with the SVG charts inline, tables with suppression marked and CSV links. The pages
 * need no script; the small `reports` bundle only wires the print button.
 */
const DISTRICT = /^[a-z0-9-]{1,64}$/;

async function principalOf(c: Context<AppEnv>): Promise<Principal | null> {
  const cookie = getCookie(c, SESSION_COOKIE);
  const p = cookie ? await c.get('deps').auth.fromSession(cookie) : null;
  return p && (REPORT_READERS as readonly string[]).includes(p.role) ? p : null;
}

function loginRedirect(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
}

function topbar(c: Context<AppEnv>, lang: Language) {
  const params = new URL(c.req.url).searchParams;
  params.set('lang', lang === 'vi' ? 'en' : 'vi');
  return html`<header class="topbar no-print"><a class="brand" href="/">${t(lang, 'app.name')}</a><span class="topbar-title">${rt(lang, 'title')}</span>
<a class="lang" href="?${params.toString()}" hreflang="${lang === 'vi' ? 'en' : 'vi'}">${t(lang, 'lang.switch')}</a></header>`;
}

const apiBase = (s: ReportSubject) => (s.kind === 'series' ? `/api/reports/series/${s.id}` : `/api/reports/contests/${s.contests[0]!.kind}/${encodeURIComponent(s.contests[0]!.sourceId)}`);
const printHref = (s: ReportSubject, lang: Language) => (s.kind === 'series' ? `/reports/print/series/${s.id}?lang=${lang}` : `/reports/print/contests/${s.contests[0]!.kind}/${encodeURIComponent(s.contests[0]!.sourceId)}?lang=${lang}`);

/** Everything one report shows, fetched once. */
async function reportBody(reports: ReportService, s: ReportSubject, lang: Language, district: string | null, opts: { print: boolean }) {
  const [districts, competences, questions, bins] = await Promise.all([reports.districts(s, lang), reports.competences(s, lang, 'domain'), reports.questions(s, lang, undefined), reports.distribution(s)]);
  const names: ChartName[] = ['participation', 'scores', 'competences', 'distribution', ...(s.kind === 'series' ? (['trend'] as const) : [])];
  const charts = await Promise.all(names.map((n) => renderChart(reports, s, n, lang)));
  const [participationSvg, scoresSvg, competencesSvg, distributionSvg, trendSvg] = charts;
  const trend = s.kind === 'series' ? await reports.trend(s, lang) : [];
  // Schools: the chosen district when the scope allows it; a district official's own district by default.
  // A district outside the caller's scope falls back to their own: other districts are aggregates only.
  const own = s.scope.level === 'district' ? s.scope.district : null;
  const schoolDistrict = own !== null && district !== own ? own : district;
  const schoolsAllowed = schoolDistrict !== null;
  const schools = schoolsAllowed ? await reports.schools(s, schoolDistrict) : null;
  const schoolDistrictName = districts.find((d) => d.district === schoolDistrict)?.districtName ?? schoolDistrict ?? '';
  const shown = districts.filter((d) => !d.suppressed && (d.participants ?? 0) > 0);
  const totalParticipants = shown.reduce((n, d) => n + (d.participants ?? 0), 0);
  const meanAll = totalParticipants > 0 ? Math.round((shown.reduce((n, d) => n + (d.meanScore ?? 0) * (d.participants ?? 0), 0) / totalParticipants) * 10) / 10 : null;
  const base = apiBase(s);
  const csv = (view: string, extra = '') => html`<a class="csv" href="${base}/${view}?format=csv&amp;lang=${lang}${extra}" download>${rt(lang, 'dashboard.csv')} (${view})</a>`;
  const scope = s.scope.level === 'full' ? rt(lang, 'scope.all') : rt(lang, 'scope.district', { district: districts.find((d) => d.district === (s.scope as { district: string }).district)?.districtName ?? s.scope.district });
  return html`
<section class="report-section summary" aria-labelledby="sec-summary">
  <h2 id="sec-summary">${rt(lang, 'section.summary')}</h2>
  <p class="muted">${rt(lang, 'dashboard.scope', { scope })}</p>
  <dl class="summary-figures">
    <div><dt>${rt(lang, 'summary.contests')}</dt><dd>${s.contests.length}</dd></div>
    <div><dt>${rt(lang, 'summary.districts')}</dt><dd>${districts.filter((d) => d.suppressed || (d.participants ?? 0) > 0).length}</dd></div>
    <div><dt>${rt(lang, 'summary.participants')}</dt><dd data-figure="participants">${totalParticipants}${districts.some((d) => d.suppressed) ? '+' : ''}</dd></div>
    <div><dt>${rt(lang, 'summary.meanScore')}</dt><dd>${meanAll ?? '—'}</dd></div>
  </dl>
  ${opts.print ? '' : html`<p class="row no-print">${csv('districts')} ${csv('competences')} ${csv('questions')} ${s.kind === 'series' ? csv('trend') : ''} <a class="button small" href="${printHref(s, lang)}">${rt(lang, 'dashboard.print')}</a></p>`}
</section>
<section class="report-section" aria-labelledby="sec-districts">
  <h2 id="sec-districts">${rt(lang, 'section.districts')}</h2>
  ${figureWithChart(lang, participationSvg!, barDataTable(lang, districts, 'participationRate', 'col.participationRate'))}
  ${figureWithChart(lang, scoresSvg!, barDataTable(lang, districts, 'meanScore', 'col.meanScore'))}
  ${districtTable(lang, districts, rt(lang, 'section.districts'))}
</section>
<section class="report-section page-break" aria-labelledby="sec-competences">
  <h2 id="sec-competences">${rt(lang, 'section.competences')}</h2>
  ${figureWithChart(lang, competencesSvg!, competenceMatrix(lang, competences))}
  ${figureWithChart(lang, distributionSvg!, distributionTable(lang, bins))}
</section>
<section class="report-section page-break" aria-labelledby="sec-questions">
  <h2 id="sec-questions">${rt(lang, 'section.questions')}</h2>
  ${questionTables(lang, questions)}
</section>
${s.kind === 'series' ? html`<section class="report-section page-break" aria-labelledby="sec-trend"><h2 id="sec-trend">${rt(lang, 'section.trend')}</h2>${figureWithChart(lang, trendSvg!, trendTable(lang, trend))}</section>` : ''}
${schools ? html`<section class="report-section" aria-labelledby="sec-schools"><h2 id="sec-schools">${rt(lang, 'section.schools', { district: schoolDistrictName })}</h2>${schoolTable(lang, schools, rt(lang, 'section.schools', { district: schoolDistrictName }))}${opts.print ? '' : html`<p class="no-print">${csv('schools', `&district=${schoolDistrict}`)}</p>`}</section>` : ''}
${notes(lang)}`;
}

export function reportPages(reports: ReportService): (app: OpenAPIHono<AppEnv>) => void {
  return (app) => {
    app.get('/reports', async (c) => {
      const lang = pageLang(c);
      const p = await principalOf(c);
      if (!p) return loginRedirect(c);
      const available = await reports.available(p);
      const choice = c.req.query('report') ?? '';
      const regionSet = c.req.query('regionSet') ?? '';
      const districtQ = c.req.query('district') ?? '';
      const district = DISTRICT.test(districtQ) ? districtQ : null;
      const contests = available.contests.filter((x) => !regionSet || x.regionSet === regionSet);
      const series = available.series.filter((x) => !regionSet || x.regionSet === regionSet);
      const sets = [...new Set([...available.contests.map((x) => x.regionSet), ...available.series.map((x) => x.regionSet)].filter((x): x is string => !!x))];
      const chosen = choice || (contests[0] ? `contest:${contests[0].kind}:${contests[0].id}` : '');
      let subject: ReportSubject | null = null;
      let status: 200 | 404 = 200;
      const [what, a, b] = chosen.split(':');
      try {
        if (what === 'contest' && (a === 'live' || a === 'scheduled') && b) subject = await reports.contest(p, a, b);
        else if (what === 'series' && a) subject = await reports.series(p, a);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        status = 404;
      }
      const districtOptions = subject ? await reports.districts(subject, lang) : [];
      const body = subject ? await reportBody(reports, subject, lang, district, { print: false }) : html`<p class="card">${rt(lang, 'dashboard.none')}</p>`;
      return c.html(
        layout(
          { lang, titleKey: 'reports.title', script: 'reports', bodyClass: 'reports-page' },
          html`<link rel="stylesheet" href="/static/reports.css">${topbar(c, lang)}
<main id="main" class="reports">
  <h1>${rt(lang, 'title')}${subject ? html`: <span class="subject-title">${subject.title}</span>` : ''}</h1>
  <form class="card report-chooser no-print" method="get" action="/reports">
    <input type="hidden" name="lang" value="${lang}">
    <div class="field"><label for="report">${rt(lang, 'dashboard.choose')}</label>
    <select id="report" name="report">
      <optgroup label="${rt(lang, 'dashboard.contest')}">${contests.map((x) => html`<option value="contest:${x.kind}:${x.id}" ${chosen === `contest:${x.kind}:${x.id}` ? 'selected' : ''}>${x.title} (${x.kind}, ${x.endedAt.slice(0, 10)})</option>`)}</optgroup>
      <optgroup label="${rt(lang, 'dashboard.series')}">${series.map((x) => html`<option value="series:${x.id}" ${chosen === `series:${x.id}` ? 'selected' : ''}>${x.title} (${x.contests})</option>`)}</optgroup>
    </select></div>
    <div class="field"><label for="regionSet">${rt(lang, 'dashboard.regionSet')}</label>
    <select id="regionSet" name="regionSet"><option value="">—</option>${sets.map((x) => html`<option value="${x}" ${regionSet === x ? 'selected' : ''}>${x}</option>`)}</select></div>
    <div class="field"><label for="district">${rt(lang, 'dashboard.district')}</label>
    <select id="district" name="district"><option value="">—</option>${districtOptions.map((d) => html`<option value="${d.district}" ${district === d.district ? 'selected' : ''}>${d.districtName}</option>`)}</select></div>
    <button class="button" type="submit">${rt(lang, 'dashboard.show')}</button>
  </form>
  ${status === 404 ? html`<p class="error" role="alert">${rt(lang, 'notFound')}</p>` : ''}
  ${body}
</main>`,
        ),
        status,
      );
    });

    const printPage = async (c: Context<AppEnv>, load: (p: Principal) => Promise<ReportSubject>) => {
      const lang = pageLang(c);
      const p = await principalOf(c);
      if (!p) return loginRedirect(c);
      let subject: ReportSubject;
      try {
        subject = await load(p);
      } catch (err) {
        if (err instanceof ApiError) return c.html(layout({ lang, titleKey: 'reports.print' }, html`<main class="narrow"><p class="error" role="alert">${rt(lang, 'notFound')}</p><p><a href="/reports?lang=${lang}">${rt(lang, 'title')}</a></p></main>`), 404);
        throw err;
      }
      const districtQ = c.req.query('district') ?? '';
      const body = await reportBody(reports, subject, lang, DISTRICT.test(districtQ) ? districtQ : null, { print: true });
      return c.html(
        layout(
          { lang, titleKey: 'reports.print', script: 'reports', bodyClass: 'reports-page print-report' },
          html`<link rel="stylesheet" href="/static/reports.css">
<main id="main" class="reports printable">
  <header class="print-header"><p class="muted">${t(lang, 'app.name')} · ${rt(lang, 'print.title')}</p><h1>${subject.title}</h1>
  <p class="muted">${subject.contests.map((x) => `${x.title} (${x.endedAt.slice(0, 10)})`).join(' · ')}</p>
  <p class="no-print"><button type="button" class="button" id="print-button">${rt(lang, 'dashboard.print')}</button> <a href="/reports?lang=${lang}">${rt(lang, 'title')}</a></p></header>
  ${body}
</main>`,
        ),
      );
    };
    app.get('/reports/print/contests/:kind/:id', (c) => {
      const kind = c.req.param('kind');
      if (kind !== 'live' && kind !== 'scheduled') return c.notFound();
      return printPage(c, (p) => reports.contest(p, kind, c.req.param('id')));
    });
    app.get('/reports/print/series/:id', (c) => printPage(c, (p) => reports.series(p, c.req.param('id'))));
  };
}
