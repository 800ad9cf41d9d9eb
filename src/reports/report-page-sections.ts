import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Language } from '../shared/localized.ts';
import { rt, type ReportMessageKey } from './report-messages.ts';
import type { CompetenceItem, DistrictItem, QuestionItem, SchoolItem, TrendItem } from './report-views.ts';
import { DOMAINS } from './report-charts.ts';

/**
 * The HTML sections shared by the dashboard and the printable report: tables with
 * suppressed cells marked (text, not colour alone), and each chart followed by its
 * data as a table (the chart's text alternative for screen readers and for print).
 */
type H = HtmlEscapedString | Promise<HtmlEscapedString>;

const SUPPRESSED_MARK = (lang: Language) => html`<span class="suppressed-cell" title="${rt(lang, 'suppressed')}">${lang === 'vi' ? 'ẩn' : 'supp.'}</span>`;
const cell = (lang: Language, v: number | string | null, suppressed: boolean) => (suppressed && v === null ? SUPPRESSED_MARK(lang) : v === null ? '—' : String(v));

export function figureWithChart(lang: Language, svg: string, table: H): H {
  return html`<figure class="chart-figure">${raw(svg)}<figcaption>${table}</figcaption></figure>`;
}

function th(lang: Language, keys: ReportMessageKey[]): H {
  return html`<tr>${keys.map((k) => html`<th scope="col">${rt(lang, k)}</th>`)}</tr>`;
}

export function districtTable(lang: Language, items: readonly DistrictItem[], caption: string): H {
  return html`<div class="table-wrap"><table class="report-table districts">
<caption>${caption}</caption>
<thead>${th(lang, ['col.district', 'col.participants', 'col.enrolment', 'col.participationRate', 'col.meanScore', 'col.medianScore', 'col.p90Score', 'col.completionRate', 'col.collectiveScore', 'col.rank', 'col.change'])}</thead>
<tbody>${items.map(
    (r) => html`<tr class="${r.suppressed ? 'is-suppressed' : ''}" data-district="${r.district}"><th scope="row">${r.districtName}</th>
<td>${cell(lang, r.participants, r.suppressed)}</td><td>${cell(lang, r.enrolment, false)}</td><td>${cell(lang, r.participationRate, r.suppressed)}</td>
<td>${cell(lang, r.meanScore, r.suppressed)}</td><td>${cell(lang, r.medianScore, r.suppressed)}</td><td>${cell(lang, r.p90Score, r.suppressed)}</td>
<td>${cell(lang, r.completionRate, r.suppressed)}</td><td>${cell(lang, r.collectiveScore, r.suppressed)}</td><td>${cell(lang, r.rank, r.suppressed)}</td>
<td>${cell(lang, r.meanScoreChange === null ? null : `${r.meanScoreChange > 0 ? '+' : ''}${r.meanScoreChange}`, r.suppressed)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** The chart's own data: one label and one value per bar. */
export function barDataTable(lang: Language, items: readonly DistrictItem[], key: 'participationRate' | 'meanScore', valueKey: ReportMessageKey): H {
  return html`<table class="chart-data"><caption>${rt(lang, 'dataTable')}</caption><thead>${th(lang, ['col.district', valueKey])}</thead>
<tbody>${items.map((r) => html`<tr><th scope="row">${r.districtName}</th><td>${cell(lang, r[key], r.suppressed)}</td></tr>`)}</tbody></table>`;
}

export function competenceMatrix(lang: Language, items: readonly CompetenceItem[]): H {
  const districts = [...new Map(items.map((i) => [i.district, i.districtName])).entries()];
  const province = new Map(items.map((i) => [i.competence, i.provinceMastery]));
  return html`<table class="chart-data competence-matrix"><caption>${rt(lang, 'dataTable')} (${rt(lang, 'col.mastery')})</caption>
<thead><tr><th scope="col">${rt(lang, 'col.district')}</th>${DOMAINS.map((d) => html`<th scope="col" title="${d.name[lang]}">${d.code}. ${d.name[lang]}</th>`)}</tr></thead>
<tbody>${districts.map(([code, name]) => html`<tr><th scope="row">${name}</th>${DOMAINS.map((d) => {
    const it = items.find((i) => i.district === code && i.competence === d.code);
    if (!it) return html`<td>—</td>`;
    return html`<td>${cell(lang, it.mastery, it.suppressed)}${it.suppressed || it.ciLow === null ? '' : html`<span class="ci"> (${it.ciLow}–${it.ciHigh}, n=${it.answers})</span>`}</td>`;
  })}</tr>`)}
<tr class="province"><th scope="row">${rt(lang, 'col.provinceMastery')}</th>${DOMAINS.map((d) => html`<td>${province.get(d.code) ?? '—'}</td>`)}</tr></tbody></table>`;
}

export function distributionTable(lang: Language, bins: ReadonlyArray<{ from: number; to: number; count: number }>): H {
  return html`<table class="chart-data"><caption>${rt(lang, 'dataTable')}</caption><thead>${th(lang, ['chart.distribution.x', 'chart.distribution.y'])}</thead>
<tbody>${bins.map((b) => html`<tr><th scope="row">${b.from}–${b.to}</th><td>${b.count}</td></tr>`)}</tbody></table>`;
}

export function questionTables(lang: Language, items: readonly QuestionItem[]): H {
  const ranked = items.filter((i) => i.hardestRank !== null);
  const hardest = ranked.slice(0, 5);
  const easiest = [...ranked].reverse().slice(0, 5);
  const table = (label: ReportMessageKey, rows: readonly QuestionItem[]) => html`<div class="table-wrap"><table class="report-table questions">
<caption>${rt(lang, label)}</caption><thead>${th(lang, ['col.question', 'col.correctRate', 'col.meanTime', 'col.topWrong'])}</thead>
<tbody>${rows.map((q) => html`<tr><th scope="row">${q.prompt ? html`${q.prompt.length > 140 ? `${q.prompt.slice(0, 139)}…` : q.prompt} <span class="muted">(${q.questionKey})</span>` : q.questionKey}</th><td>${cell(lang, q.correctRate, q.suppressed)}</td><td>${cell(lang, q.meanTimeMs === null ? null : Math.round(q.meanTimeMs / 100) / 10, q.suppressed)}</td><td>${cell(lang, q.topWrongChoice, false)}</td></tr>`)}</tbody></table></div>`;
  return html`${table('hardest', hardest)}${table('easiest', easiest)}`;
}

export function schoolTable(lang: Language, items: readonly SchoolItem[], caption: string): H {
  return html`<div class="table-wrap"><table class="report-table schools"><caption>${caption}</caption>
<thead>${th(lang, ['col.school', 'col.participants', 'col.enrolment', 'col.participationRate', 'col.meanScore', 'col.medianScore', 'col.completionRate'])}</thead>
<tbody>${items.map((s) => html`<tr class="${s.suppressed ? 'is-suppressed' : ''}"><th scope="row">${s.school ?? rt(lang, 'unknownSchool')}</th>
<td>${cell(lang, s.participants, s.suppressed)}</td><td>${cell(lang, s.enrolment, false)}</td><td>${cell(lang, s.participationRate, s.suppressed)}</td>
<td>${cell(lang, s.meanScore, s.suppressed)}</td><td>${cell(lang, s.medianScore, s.suppressed)}</td><td>${cell(lang, s.completionRate, s.suppressed)}</td></tr>`)}</tbody></table></div>`;
}

export function trendTable(lang: Language, items: readonly TrendItem[]): H {
  return html`<div class="table-wrap"><table class="report-table trend chart-data"><caption>${rt(lang, 'dataTable')}</caption>
<thead>${th(lang, ['col.contest', 'col.district', 'col.participants', 'col.participationRate', 'col.meanScore', 'col.change'])}</thead>
<tbody>${items.map((r) => html`<tr class="${r.suppressed ? 'is-suppressed' : ''}"><td>${r.position}. ${r.contestTitle}</td><th scope="row">${r.districtName}</th>
<td>${cell(lang, r.participants, r.suppressed)}</td><td>${cell(lang, r.participationRate, r.suppressed)}</td><td>${cell(lang, r.meanScore, r.suppressed)}</td>
<td>${cell(lang, r.meanScoreChange, r.suppressed)}</td></tr>`)}</tbody></table></div>`;
}

export function notes(lang: Language): H {
  return html`<section class="report-notes"><h2>${rt(lang, 'section.notes')}</h2><p>${rt(lang, 'note.suppression')}</p><p>${rt(lang, 'note.method')}</p></section>`;
}
