import { h, render } from './dom.ts';
import { api } from './api.ts';
import { authorPage, field, pageHeading, say, sayError, statusLine, type AuthorPageData } from './author-ui.ts';

/** /admin/regions: the region sets with their units and enrolment, and the enrolment CSV import with a preview and its error lines. */

interface SetSummary {
  code: string;
  name: { vi: string; en: string };
  province: string;
  validFrom: string;
  validTo: string | null;
  isDefault: boolean;
  unitCount: number;
}
interface Enrolment {
  units: Array<{ code: string; fullName: string; schools: number; enrolment: number; demoSchools: number }>;
  total: { schools: number; enrolment: number; demoSchools: number };
}
interface ImportResult {
  imported: number;
  updated: number;
  unchanged: number;
  errors: Array<{ line: number; message: string }>;
  wouldFail?: boolean;
  rows?: Array<{ line: number; regionCode: string; schoolName: string; gradeBand: string | null; enrolment: number; demo: boolean; action: 'insert' | 'update' | 'unchanged' }>;
}

const { data, t, app } = authorPage<AuthorPageData>();
const { lang } = data;
let sets: SetSummary[] = [];
let current: string | null = null;
let csv: { name: string; text: string } | null = null;
let mode: 'lenient' | 'strict' = 'lenient';
const loc = (l: { vi: string; en: string }) => (lang === 'en' ? l.en || l.vi : l.vi || l.en);

async function drawEnrolment() {
  const box = document.getElementById('enrolment');
  if (!box || !current) return;
  const r = await api<Enrolment>('GET', `/api/region-sets/${current}/enrolment`);
  if (!r.ok) return box.replaceChildren(h('p', { class: 'error' }, r.error.message));
  box.replaceChildren(
    h(
      'table',
      { class: 'data' },
      h('caption', {}, t('admin.regions.enrolmentOf', { set: current })),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('admin.regions.unit')), h('th', { scope: 'col' }, t('admin.regions.schools')), h('th', { scope: 'col' }, t('admin.regions.enrolment')), h('th', { scope: 'col' }, t('admin.regions.demo')))),
      h('tbody', {}, ...r.data.units.map((u) => h('tr', {}, h('th', { scope: 'row' }, u.fullName), h('td', {}, String(u.schools)), h('td', {}, u.enrolment.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')), h('td', {}, String(u.demoSchools))))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('admin.regions.total')), h('td', {}, String(r.data.total.schools)), h('td', {}, r.data.total.enrolment.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')), h('td', {}, String(r.data.total.demoSchools)))),
    ),
  );
}

async function send(dryRun: boolean) {
  if (!csv || !current) return;
  const status = document.getElementById('enrol-status');
  const r = await api<ImportResult>('POST', `/api/region-sets/${current}/enrolment?mode=${mode}${dryRun ? '&dryRun=true' : ''}`, { body: csv.text, contentType: 'text/csv' });
  const out = document.getElementById('enrol-preview')!;
  if (!r.ok) {
    out.replaceChildren(...(Array.isArray(r.error.details) ? [errorTable(r.error.details as ImportResult['errors'])] : []));
    return sayError(status, { ...r.error, details: undefined });
  }
  const d = r.data;
  if (!dryRun) {
    out.replaceChildren(errorTable(d.errors));
    say(status, t('admin.regions.imported', { imported: d.imported, updated: d.updated, unchanged: d.unchanged, errors: d.errors.length }));
    csv = null;
    await drawEnrolment();
    return;
  }
  const go = h('button', { type: 'button', class: 'button', id: 'enrol-go', disabled: !!d.wouldFail || (d.rows ?? []).length === 0 }, t('admin.regions.importGo', { n: (d.rows ?? []).length }));
  go.addEventListener('click', () => void send(false));
  render(out, [
    h('p', {}, t('admin.regions.previewCounts', { imported: d.imported, updated: d.updated, unchanged: d.unchanged, errors: d.errors.length })),
    errorTable(d.errors),
    (d.rows ?? []).length
      ? h(
          'details',
          {},
          h('summary', {}, t('admin.regions.rows', { n: d.rows!.length })),
          h('table', { class: 'data' }, h('thead', {}, h('tr', {}, ...['author.import.line', 'admin.regions.unit', 'admin.regions.school', 'author.filter.gradeBand', 'admin.regions.enrolment', 'author.import.action'].map((k) => h('th', { scope: 'col' }, t(k as never))))), h('tbody', {}, ...d.rows!.slice(0, 500).map((x) => h('tr', {}, h('td', {}, String(x.line)), h('td', {}, x.regionCode), h('td', {}, x.schoolName), h('td', {}, x.gradeBand ?? '—'), h('td', {}, String(x.enrolment)), h('td', {}, t(`admin.regions.action.${x.action}` as never)))))),
        )
      : null,
    d.wouldFail ? h('p', { class: 'note' }, t('admin.regions.wouldFail')) : null,
    go,
  ], false);
  say(status, t('admin.regions.previewCounts', { imported: d.imported, updated: d.updated, unchanged: d.unchanged, errors: d.errors.length }), d.errors.length ? 'error' : 'ok');
}

function errorTable(errors: Array<{ line: number; message: string }>): HTMLElement {
  if (errors.length === 0) return h('p', { class: 'muted' }, t('admin.regions.noErrors'));
  return h(
    'section',
    { class: 'skipped', 'aria-labelledby': 'enrol-errors-h' },
    h('h3', { id: 'enrol-errors-h' }, t('admin.regions.errors', { n: errors.length })),
    h('table', { class: 'data' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('author.import.line')), h('th', { scope: 'col' }, t('author.import.reason')))), h('tbody', {}, ...errors.slice(0, 500).map((e) => h('tr', {}, h('td', {}, String(e.line)), h('td', {}, e.message))))),
  );
}

function importForm(): HTMLElement {
  const file = h('input', { type: 'file', id: 'enrol-file', accept: '.csv,text/csv,text/plain' });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    csv = { name: f.name, text: await f.text() };
    await send(true);
  });
  const radio = (value: 'lenient' | 'strict') => {
    const r = h('input', { type: 'radio', name: 'enrol-mode', id: `enrol-${value}`, checked: mode === value });
    r.addEventListener('change', () => {
      mode = value;
      void send(true);
    });
    return h('label', { class: 'check', for: r.id }, r, t(`author.import.${value}`));
  };
  return h(
    'div',
    { class: 'stack' },
    h('p', { class: 'hint' }, t('admin.regions.csvHint')),
    field(t('admin.regions.csvFile'), file),
    h('fieldset', {}, h('legend', {}, t('author.import.mode')), h('div', { class: 'row' }, radio('lenient'), radio('strict'))),
    statusLine('enrol-status'),
    h('div', { id: 'enrol-preview', class: 'stack' }),
  );
}

function setUploadForm(): HTMLElement {
  const status = statusLine('set-status');
  const file = h('input', { type: 'file', id: 'set-file', accept: '.json,application/json' });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    let body: unknown;
    try {
      body = JSON.parse(await f.text());
    } catch {
      return say(status, t('admin.regions.setNotJson'), 'error');
    }
    const r = await api<{ code: string; set: string; regions: { inserted: number; updated: number; unchanged: number; removed: number } }>('POST', '/api/region-sets', { json: body });
    if (!r.ok) return sayError(status, r.error);
    const list = await api<{ sets: SetSummary[] }>('GET', '/api/region-sets');
    sets = list.ok ? list.data.sets : sets;
    current = r.data.code;
    draw();
    say(document.getElementById('set-status'), t('admin.regions.setStored', { code: r.data.code, ...r.data.regions }));
  });
  return h('div', { class: 'stack' }, h('p', { class: 'hint' }, t('admin.regions.setHint')), field(t('admin.regions.setFile'), file), status);
}

function draw() {
  const setSel = h('select', { id: 'region-set' }, ...sets.map((s) => h('option', { value: s.code, selected: s.code === current }, `${loc(s.name)} (${s.code})`)));
  setSel.addEventListener('change', () => {
    current = setSel.value;
    csv = null;
    draw();
  });
  const canImport = data.me.role === 'admin' || data.me.role === 'official';
  render(
    app,
    [
      pageHeading(t('admin.regions.title')),
      h(
        'table',
        { class: 'data' },
        h('caption', {}, t('admin.regions.sets')),
        h('thead', {}, h('tr', {}, ...['admin.regions.code', 'admin.regions.name', 'admin.regions.province', 'admin.regions.valid', 'admin.regions.units'].map((k) => h('th', { scope: 'col' }, t(k as never))))),
        h('tbody', {}, ...sets.map((s) => h('tr', {}, h('th', { scope: 'row' }, s.code, s.isDefault ? ` (${t('admin.regions.default')})` : ''), h('td', {}, loc(s.name)), h('td', {}, s.province), h('td', {}, `${s.validFrom} → ${s.validTo ?? '…'}`), h('td', {}, String(s.unitCount))))),
      ),
      sets.length ? h('section', { class: 'card stack', 'aria-labelledby': 'set-h' }, h('h2', { id: 'set-h' }, t('admin.regions.chosen')), field(t('admin.regions.set'), setSel), h('div', { id: 'enrolment' })) : null,
      sets.length && canImport ? h('section', { class: 'card stack', 'aria-labelledby': 'import-h' }, h('h2', { id: 'import-h' }, t('admin.regions.import')), importForm()) : null,
      data.me.role === 'admin' ? h('section', { class: 'card stack', 'aria-labelledby': 'upload-h' }, h('h2', { id: 'upload-h' }, t('admin.regions.setUpload')), setUploadForm()) : null,
    ],
    true,
  );
  void drawEnrolment();
}

void (async () => {
  const r = await api<{ sets: SetSummary[] }>('GET', '/api/region-sets');
  sets = r.ok ? r.data.sets : [];
  current = sets.find((s) => s.isDefault)?.code ?? sets[0]?.code ?? null;
  draw();
})();
