import { io, type Socket } from 'socket.io-client';
import type { MessageKey } from '../messages.ts';
import { readPageData, translator } from './page-data.ts';
import { announce, h, render, type Child } from './dom.ts';
import { formatNumber, pickText, rememberLang } from './live-ui.ts';
import { callApi } from './scheduled-api.ts';
import { itemsOf, type ContestSummary } from '../scheduled-contract.ts';
import { formatVietnamShort } from '../vietnam-time.ts';
import { createBody, emptyForm, formFromContest, patchBody, type ContestFormFields, type FormProblem, type OrganiserContest } from './contest-form.ts';
import { SCHEDULED_PROGRESS_EVENT, SCHEDULED_SOCKET, SCHEDULED_WATCH_EVENT, readProgress, type Progress } from './progress.ts';

/**
 * The organiser's console. `/organise`: the contests and a form to create one.
 * `/organise/{slug}`: edit (only what is safe once open), live progress per
 * district over socket.io, duplicate registrations to merge or dismiss, close,
 * publish and the CSV downloads. Every action is checked by the API.
 */

const data = readPageData<{ lang: 'vi' | 'en'; slug: string | null }>();
const lang = data.lang;
const t = translator(lang);
rememberLang(lang);
const root = document.getElementById('app') as HTMLElement;
const ORGANISER_ROLES = ['admin', 'teacher'];

type View = 'loading' | 'denied' | 'list' | 'manage' | 'missing';
let view: View = 'loading';
let contests: ContestSummary[] = [];
let contest: (OrganiserContest & { state: ContestSummary['state'] }) | null = null;
let banks: Array<{ slug: string; title: { vi: string; en: string } }> = [];
let versions: number[] = [];
let regionSets: Array<{ code: string; label: string }> = [];
let duplicates: Duplicate[] = [];
let progress: Progress | null = null;
let progressAt: number | null = null;
let socketOnline = false;
let status: { text: string; error: boolean } | null = null;
let problems: FormProblem[] = [];
let busy = false;
let original: ContestFormFields | null = null;
let districtNames = new Map<string, string>();

interface Duplicate {
  id: string;
  status: string;
  participant: { participantId: string; fullName: string; dateOfBirth: string | null; school: string; district: string; attempts: number };
  duplicateOf: { participantId: string; fullName: string; dateOfBirth: string | null; school: string; district: string; attempts: number };
}

const api = <T>(path: string, method = 'GET', body?: unknown) => callApi<T>(path, { method, ...(body !== undefined ? { body } : {}), lang });
const say = (text: string, error = false) => {
  status = { text, error };
  announce(error ? 'alert' : 'announce', text);
};
const failText = (r: { code: string; message: string }) => (r.code === 'NETWORK' ? t('org.error.network') : r.message || r.code);

// ---------- loading ----------

async function start(): Promise<void> {
  const me = await api<{ role: string }>('/api/me');
  if (!me.ok && me.status === 401) return location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  if (!me.ok || !ORGANISER_ROLES.includes(me.data.role)) {
    view = 'denied';
    return draw();
  }
  const [b, r] = await Promise.all([api<{ banks: Array<{ slug: string; title: { vi: string; en: string }; latestVersion: number | null }> }>('/api/banks'), api<unknown>('/api/region-sets')]);
  banks = b.ok ? b.data.banks.filter((x) => x.latestVersion !== null) : [];
  regionSets = r.ok ? itemsOfSets(r.data) : [];
  if (data.slug) await loadContest(data.slug);
  else await loadList();
  draw();
}

function itemsOfSets(body: unknown): Array<{ code: string; label: string }> {
  const o = body as { regionSets?: unknown[]; sets?: unknown[] };
  const list = (Array.isArray(body) ? body : (o?.regionSets ?? o?.sets ?? [])) as Array<{ code: string; name: unknown }>;
  return list.map((s) => ({ code: s.code, label: typeof s.name === 'string' ? s.name : pickText(s.name as { vi: string; en: string }, lang) || s.code }));
}

async function loadList(): Promise<void> {
  const r = await api<unknown>('/api/scheduled-contests');
  contests = itemsOf<ContestSummary>(r.ok ? r.data : null);
  original = null;
  form = null;
  view = 'list';
}

async function loadContest(slug: string): Promise<void> {
  const r = await api<OrganiserContest & { state: ContestSummary['state'] }>(`/api/scheduled-contests/${slug}`);
  if (!r.ok) {
    view = 'missing';
    return;
  }
  contest = r.data;
  original = formFromContest(r.data);
  form = null;
  view = 'manage';
  await Promise.all([loadVersions(original.bank), loadDuplicates(), loadDistricts(r.data.regionSet), loadProgress(slug)]);
  connectProgress(slug);
}

async function loadVersions(bank: string): Promise<void> {
  if (!bank) return void (versions = []);
  const r = await api<{ versions: Array<{ version: number }> }>(`/api/banks/${encodeURIComponent(bank)}/versions`);
  versions = r.ok ? r.data.versions.map((v) => v.version) : [];
}

async function loadDuplicates(): Promise<void> {
  if (!contest) return;
  const r = await api<unknown>(`/api/scheduled-contests/${contest.slug}/duplicates`);
  duplicates = itemsOf<Duplicate>(r.ok ? r.data : null);
}

async function loadDistricts(set: string): Promise<void> {
  const r = await api<{ provinceCode: string | null; units: Array<{ code: string; name: string; fullName: string; parentCode: string | null }> }>(`/api/region-sets/${encodeURIComponent(set)}`);
  districtNames = new Map(r.ok ? r.data.units.filter((u) => u.parentCode === r.data.provinceCode).map((u) => [u.code, u.fullName || u.name]) : []);
}

// ---------- live progress ----------

/** The first figures by HTTP; the socket pushes changes after that. */
async function loadProgress(slug: string): Promise<void> {
  const r = await api<unknown>(`/api/scheduled-contests/${slug}/progress`);
  const p = r.ok ? readProgress(r.data) : null;
  if (p) {
    progress = p;
    progressAt = Date.now();
  }
}

let socket: Socket | null = null;
function connectProgress(slug: string): void {
  socket?.close();
  socket = io(location.origin + SCHEDULED_SOCKET, { transports: ['websocket'], withCredentials: true });
  socket.on('connect', () => {
    socketOnline = true;
    socket?.emit(SCHEDULED_WATCH_EVENT, { slug }, (ack: unknown) => {
      const p = readProgress((ack as { data?: unknown })?.data ?? ack);
      if (p) setProgress(p);
    });
    drawProgress();
  });
  socket.on('disconnect', () => {
    socketOnline = false;
    drawProgress();
  });
  socket.on(SCHEDULED_PROGRESS_EVENT, (payload: unknown) => {
    const p = readProgress(payload);
    if (p) setProgress(p);
  });
}

function setProgress(p: Progress): void {
  progress = p;
  progressAt = Date.now();
  drawProgress();
}

// ---------- actions ----------

function fieldsOf(f: HTMLFormElement): ContestFormFields {
  const v = (n: string) => (f.elements.namedItem(n) as HTMLInputElement | null)?.value ?? '';
  const radio = (n: string) => (f.querySelector<HTMLInputElement>(`input[name="${n}"]:checked`)?.value ?? '') as never;
  return {
    slug: v('slug') || original?.slug || '',
    titleVi: v('titleVi'),
    titleEn: v('titleEn'),
    rulesVi: v('rulesVi'),
    rulesEn: v('rulesEn'),
    bank: v('bank'),
    version: v('version'),
    questionsPerAttempt: v('questionsPerAttempt'),
    attemptMinutes: v('attemptMinutes'),
    maxAttempts: v('maxAttempts'),
    opensAt: v('opensAt'),
    closesAt: v('closesAt'),
    regionSet: v('regionSet'),
    gradeBands: v('gradeBands'),
    predictionVi: v('predictionVi'),
    predictionEn: v('predictionEn'),
    scoredAgainst: radio('scoredAgainst'),
    keysVisible: radio('keysVisible'),
    prizeFirst: v('prizeFirst'),
    prizeSecond: v('prizeSecond'),
    prizeThird: v('prizeThird'),
    prizeConsolation: v('prizeConsolation'),
    participationWeight: v('participationWeight'),
    pointsFirst: v('pointsFirst'),
    pointsSecond: v('pointsSecond'),
    pointsThird: v('pointsThird'),
    pointsConsolation: v('pointsConsolation'),
    announced: (f.elements.namedItem('announced') as HTMLInputElement).checked,
  };
}

async function save(f: HTMLFormElement): Promise<void> {
  if (busy) return;
  const fields = fieldsOf(f);
  const built = original ? patchBody(fields, original) : createBody(fields);
  if (!built.ok) {
    problems = built.problems;
    markProblems(f);
    return;
  }
  problems = [];
  markProblems(f);
  busy = true;
  const r = original ? await api<unknown>(`/api/scheduled-contests/${original.slug}`, 'PATCH', built.body) : await api<{ slug: string }>('/api/scheduled-contests', 'POST', built.body);
  busy = false;
  if (!r.ok) {
    say(failText(r), true);
    return drawStatus();
  }
  if (!original) return location.assign(`/organise/${fields.slug}?lang=${lang}`);
  say(t('org.saved'));
  await loadContest(original.slug);
  draw();
}

async function act(path: 'close' | 'publish'): Promise<void> {
  if (!contest || busy) return;
  if (!window.confirm(t(path === 'close' ? 'org.closeConfirm' : 'org.publishConfirm'))) return;
  busy = true;
  const r = await api<unknown>(`/api/scheduled-contests/${contest.slug}/${path}`, 'POST', {});
  busy = false;
  if (!r.ok) say(failText(r), true);
  else {
    say(t(path === 'close' ? 'org.closed' : 'org.published'));
    await loadContest(contest.slug);
  }
  draw();
}

async function decide(d: Duplicate, decision: 'merge' | 'dismiss'): Promise<void> {
  if (!contest) return;
  const r = await api<unknown>(`/api/scheduled-contests/${contest.slug}/duplicates/${d.id}/${decision}`, 'POST', {});
  if (!r.ok) say(failText(r), true);
  await loadDuplicates();
  draw();
}

// ---------- views ----------

/** The form is built once per contest and kept: a redraw must not throw away what the organiser typed. */
let form: HTMLFormElement | null = null;

const PROBLEM_KEY: Record<FormProblem['problem'], string> = { required: '✱', number: '#', time: '⏱', order: '⇅', slug: 'a-z', gradeBands: 'TC1' };

function markProblems(f: HTMLFormElement): void {
  for (const el of f.querySelectorAll<HTMLElement>('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of f.querySelectorAll<HTMLElement>('.field-problem')) el.remove();
  for (const p of problems) {
    const input = f.elements.namedItem(p.field) as HTMLElement | null;
    if (!input || !(input instanceof HTMLElement)) continue;
    input.setAttribute('aria-invalid', 'true');
    input.insertAdjacentElement('afterend', h('span', { class: 'field-problem error', role: 'alert' }, `${PROBLEM_KEY[p.problem]} ${t(labelOf(p.field))}`));
  }
  const first = problems[0] && (f.elements.namedItem(problems[0].field) as HTMLElement | null);
  if (first instanceof HTMLElement) first.focus();
}

const LABELS: Partial<Record<keyof ContestFormFields, MessageKey>> = {
  slug: 'org.f.slug',
  titleVi: 'org.f.titleVi',
  titleEn: 'org.f.titleEn',
  rulesVi: 'org.f.rulesVi',
  rulesEn: 'org.f.rulesEn',
  bank: 'org.f.bank',
  version: 'org.f.version',
  questionsPerAttempt: 'org.f.questions',
  attemptMinutes: 'org.f.minutes',
  maxAttempts: 'org.f.maxAttempts',
  opensAt: 'org.f.opensAt',
  closesAt: 'org.f.closesAt',
  regionSet: 'org.f.regionSet',
  gradeBands: 'org.f.gradeBands',
  predictionVi: 'org.f.predictionVi',
  predictionEn: 'org.f.predictionEn',
  prizeFirst: 'org.f.first',
  prizeSecond: 'org.f.second',
  prizeThird: 'org.f.third',
  prizeConsolation: 'org.f.consolation',
  participationWeight: 'org.f.rateWeight',
  pointsFirst: 'org.f.first',
  pointsSecond: 'org.f.second',
  pointsThird: 'org.f.third',
  pointsConsolation: 'org.f.consolation',
};
const labelOf = (k: keyof ContestFormFields): MessageKey => LABELS[k] ?? 'org.f.slug';

function buildForm(values: ContestFormFields, locked: boolean): HTMLFormElement {
  const input = (name: keyof ContestFormFields, type = 'text', extra: Record<string, string | number | boolean> = {}) => [
    h('label', { for: `f-${name}` }, t(labelOf(name))),
    h('input', { id: `f-${name}`, name, type, value: String(values[name]), ...extra }),
  ];
  const area = (name: keyof ContestFormFields) => [h('label', { for: `f-${name}` }, t(labelOf(name))), (() => {
    const ta = h('textarea', { id: `f-${name}`, name, rows: 6 });
    ta.value = String(values[name]);
    return ta;
  })()];
  const num = (name: keyof ContestFormFields, min = 0, step: number | 'any' = 1) => input(name, 'number', { inputmode: 'numeric', min, step });
  const radios = (name: 'scoredAgainst' | 'keysVisible', legend: MessageKey, options: Array<[string, MessageKey]>) =>
    h('fieldset', {}, h('legend', {}, t(legend)), options.map(([value, key]) => h('label', { class: 'check' }, h('input', { type: 'radio', name, value, checked: values[name] === value }), ' ', t(key))));
  const select = (name: 'bank' | 'version' | 'regionSet', options: Array<[string, string]>, onchange?: (v: string) => void) => [
    h('label', { for: `f-${name}` }, t(labelOf(name))),
    h('select', { id: `f-${name}`, name, onchange: onchange ? (e: Event) => onchange((e.target as HTMLSelectElement).value) : null }, options.map(([v, label]) => h('option', { value: v, selected: v === values[name] }, label))),
  ];
  const versionOptions = (): Array<[string, string]> => versions.map((v) => [String(v), `v${v}`]);
  const f = h(
    'form',
    { class: 'card stack org-form', novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void save(e.target as HTMLFormElement)) },
    h('h2', {}, original ? t('org.edit') : t('org.new')),
    locked ? h('p', { class: 'note' }, t('org.lockedNote')) : null,
    original ? null : input('slug', 'text', { required: true, pattern: '[a-z0-9-]+', maxlength: 64, autocomplete: 'off' }),
    h('div', { class: 'pair' }, h('div', { class: 'stack' }, input('titleVi', 'text', { required: true, maxlength: 200 })), h('div', { class: 'stack' }, input('titleEn', 'text', { required: true, maxlength: 200 }))),
    h('div', { class: 'pair' }, h('div', { class: 'stack' }, area('rulesVi')), h('div', { class: 'stack' }, area('rulesEn'))),
    h(
      'div',
      { class: 'pair' },
      h(
        'div',
        { class: 'stack' },
        select('bank', [['', '—'], ...banks.map((b): [string, string] => [b.slug, pickText(b.title, lang)])], (v) => {
          void loadVersions(v).then(() => {
            const sel = f.elements.namedItem('version') as HTMLSelectElement;
            sel.replaceChildren(...versionOptions().map(([value, label]) => h('option', { value }, label)));
            sel.value = versions[0] !== undefined ? String(versions[0]) : '';
          });
        }),
      ),
      h('div', { class: 'stack' }, select('version', versionOptions())),
    ),
    h('div', { class: 'pair' }, h('div', { class: 'stack' }, num('questionsPerAttempt', 1)), h('div', { class: 'stack' }, num('attemptMinutes', 1))),
    h('div', { class: 'pair' }, h('div', { class: 'stack' }, num('maxAttempts', 1)), h('div', { class: 'stack' }, select('regionSet', regionSets.map((s): [string, string] => [s.code, s.label])))),
    h('div', { class: 'pair' }, h('div', { class: 'stack' }, input('opensAt', 'datetime-local', { required: true })), h('div', { class: 'stack' }, input('closesAt', 'datetime-local', { required: true }))),
    input('gradeBands', 'text', { autocomplete: 'off' }),
    h('div', { class: 'pair' }, h('div', { class: 'stack' }, input('predictionVi', 'text', { maxlength: 500 })), h('div', { class: 'stack' }, input('predictionEn', 'text', { maxlength: 500 }))),
    radios('scoredAgainst', 'org.f.scoredAgainst', [
      ['participants', 'org.f.participants'],
      ['perfectScores', 'org.f.perfectScores'],
    ]),
    radios('keysVisible', 'org.f.keysVisible', [
      ['afterClose', 'org.f.afterClose'],
      ['afterSubmit', 'org.f.afterSubmit'],
    ]),
    h('fieldset', {}, h('legend', {}, t('org.f.prizes')), h('div', { class: 'pair' }, ...(['prizeFirst', 'prizeSecond', 'prizeThird', 'prizeConsolation'] as const).map((k) => h('div', { class: 'stack' }, num(k))))),
    h(
      'fieldset',
      {},
      h('legend', {}, t('org.f.formula')),
      num('participationWeight', 0, 'any'),
      h('p', { class: 'hint' }, t('org.f.prizePoints')),
      h('div', { class: 'pair' }, ...(['pointsFirst', 'pointsSecond', 'pointsThird', 'pointsConsolation'] as const).map((k) => h('div', { class: 'stack' }, num(k, 0, 'any')))),
    ),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'announced', checked: values.announced }), ' ', t('org.f.publishNow')),
    h('button', { type: 'submit', class: 'button big', id: 'save-contest' }, original ? t('org.save') : t('org.create')),
  );
  return f;
}

function statusLine(): HTMLElement {
  return h('p', { id: 'org-status', class: status?.error ? 'error' : 'note', role: 'status', hidden: !status }, status?.text ?? '');
}
function drawStatus(): void {
  document.getElementById('org-status')?.replaceWith(statusLine());
}

function listView(): Child {
  form ??= buildForm(emptyForm(Date.now(), regionSets[0]?.code ?? ''), false);
  return h(
    'div',
    { class: 'stack' },
    h('h1', { tabindex: '-1', 'data-autofocus': true }, t('org.title')),
    statusLine(),
    h('section', { class: 'card stack' }, h('h2', {}, t('org.list')), contests.length === 0 ? h('p', { class: 'muted' }, t('sched.list.none')) : h('div', { class: 'table-scroll' }, h('table', { class: 'board' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('org.f.titleVi')), h('th', { scope: 'col' }, t('org.col.state')), h('th', { scope: 'col' }, t('sched.window.opens')), h('th', { scope: 'col' }, t('sched.window.closes')), h('th', { scope: 'col' }, ''))), h('tbody', {}, contests.map((c) => h('tr', {}, h('th', { scope: 'row' }, pickText(c.title, lang)), h('td', {}, h('span', { class: `badge state-${c.state}` }, t(`sched.state.${c.state}` as MessageKey))), h('td', {}, formatVietnamShort(c.opensAt)), h('td', {}, formatVietnamShort(c.closesAt)), h('td', {}, h('a', { href: `/organise/${c.slug}?lang=${lang}` }, t('org.manage'))))))))),
    form,
  );
}

function progressTable(): HTMLElement {
  const p = progress;
  return h(
    'section',
    { class: 'card stack', id: 'progress', 'aria-labelledby': 'progress-h' },
    h('h2', { id: 'progress-h' }, t('org.progress')),
    !socketOnline ? h('p', { class: 'note' }, t('org.progress.offline')) : null,
    p
      ? [
          h('p', { class: 'row' }, h('span', {}, `${t('org.progress.participants')}: `, h('strong', { id: 'progress-participants' }, formatNumber(p.participants, lang))), h('span', {}, `${t('org.progress.attempts')}: `, h('strong', { id: 'progress-attempts' }, formatNumber(p.attempts, lang))), h('span', {}, `${t('org.progress.inProgress')}: `, h('strong', {}, formatNumber(p.inProgress, lang)))),
          h(
            'div',
            { class: 'table-scroll' },
            h(
              'table',
              { class: 'board progress-table' },
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('sched.col.district')), h('th', { scope: 'col', class: 'num' }, t('org.progress.participants')), h('th', { scope: 'col', class: 'num' }, t('org.progress.attempts')), h('th', { scope: 'col', class: 'num' }, t('org.progress.inProgress')), h('th', { scope: 'col', class: 'num' }, t('org.progress.submitted')))),
              h('tbody', {}, p.districts.map((d) => h('tr', { 'data-district': d.district }, h('th', { scope: 'row' }, districtNames.get(d.district) ?? d.district), h('td', { class: 'num' }, formatNumber(d.participants, lang)), h('td', { class: 'num' }, formatNumber(d.attempts, lang)), h('td', { class: 'num' }, formatNumber(d.inProgress, lang)), h('td', { class: 'num' }, formatNumber(d.submitted, lang))))),
            ),
          ),
          progressAt ? h('p', { class: 'hint' }, t('org.progress.updated', { time: new Date(progressAt).toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB') })) : null,
        ]
      : null,
  );
}

function drawProgress(): void {
  document.getElementById('progress')?.replaceWith(progressTable());
}

function duplicatesView(): HTMLElement {
  const open = duplicates.filter((d) => d.status === 'open');
  const person = (p: Duplicate['participant']) => `${p.fullName} · ${p.dateOfBirth ?? ''} · ${p.school} · ${districtNames.get(p.district) ?? p.district} · ${p.attempts}`;
  return h(
    'section',
    { class: 'card stack', id: 'duplicates' },
    h('h2', {}, t('org.duplicates')),
    open.length === 0
      ? h('p', { class: 'muted' }, t('org.duplicates.none'))
      : h(
          'ul',
          { class: 'stack' },
          open.map((d) => h('li', { class: 'stack', 'data-duplicate': d.id }, h('span', {}, person(d.participant)), h('span', { class: 'muted' }, '= ', person(d.duplicateOf)), h('div', { class: 'row' }, h('button', { type: 'button', class: 'button small', onclick: () => void decide(d, 'merge') }, t('org.duplicates.merge')), h('button', { type: 'button', class: 'button small secondary', onclick: () => void decide(d, 'dismiss') }, t('org.duplicates.dismiss'))))),
        ),
  );
}

function downloads(slug: string): HTMLElement {
  const link = (href: string, label: string) => h('li', {}, h('a', { href, download: true }, label));
  return h(
    'section',
    { class: 'card stack' },
    h('h2', {}, t('org.downloads')),
    h(
      'ul',
      {},
      (['individual', 'school', 'district'] as const).map((s) => link(`/api/scheduled-contests/${slug}/rankings?scope=${s}&format=csv`, `${t('sched.rankings')} — ${t(`sched.rankings.${s}`)}`)),
      link(`/api/scheduled-contests/${slug}/audit.csv`, t('org.audit')),
    ),
  );
}

/** The API field a form input feeds (prizes and formula inputs feed one object each). */
function apiField(name: string): string {
  if (name.startsWith('title')) return 'title';
  if (name.startsWith('rules')) return 'rules';
  if (name.startsWith('prize')) return 'prizes';
  if (name === 'participationWeight' || name.startsWith('points')) return 'unitFormula';
  if (name.startsWith('prediction') || name === 'scoredAgainst') return 'prediction';
  if (name === 'announced') return 'draft';
  return name;
}

/** What stays editable once a contest is open, or closed (the server's rule, src/scheduled/contest-schema.ts). */
const SAFE_WHEN_OPEN = new Set(['title', 'rules', 'prizes', 'unitFormula', 'closesAt']);
const SAFE_WHEN_CLOSED = new Set(['title', 'rules']);

function lockFields(f: HTMLFormElement, state: ContestSummary['state']): void {
  const safe = state === 'open' ? SAFE_WHEN_OPEN : state === 'closed' || state === 'published' ? SAFE_WHEN_CLOSED : null;
  if (!safe) return;
  for (const el of Array.from(f.elements) as Array<HTMLInputElement>) {
    if (el.name && !safe.has(apiField(el.name))) el.disabled = true;
  }
}

function manageView(): Child {
  const c = contest!;
  if (!form) {
    form = buildForm(original!, c.state === 'open' || c.state === 'closed' || c.state === 'published');
    lockFields(form, c.state);
  }
  const closable = c.state === 'open' || c.state === 'upcoming';
  return h(
    'div',
    { class: 'stack' },
    h('p', {}, h('a', { href: `/organise?lang=${lang}` }, `← ${t('org.list')}`)),
    h('div', { class: 'row spread' }, h('h1', { tabindex: '-1', 'data-autofocus': true }, pickText(c.title, lang)), h('span', { class: `badge state-${c.state}`, id: 'contest-state' }, t(`sched.state.${c.state}` as MessageKey))),
    h('p', { class: 'row' }, h('a', { href: `/contests/${c.slug}?lang=${lang}` }, t('org.view')), h('a', { href: `/contests/${c.slug}/rankings?lang=${lang}` }, t('sched.rankings'))),
    statusLine(),
    h(
      'div',
      { class: 'row' },
      closable ? h('button', { type: 'button', class: 'button danger', id: 'close-contest', onclick: () => void act('close') }, t('org.close')) : null,
      c.state === 'closed' ? h('button', { type: 'button', class: 'button', id: 'publish-contest', onclick: () => void act('publish') }, t('org.publish')) : null,
    ),
    h('div', { class: 'org-grid' }, h('div', { class: 'stack' }, form), h('div', { class: 'stack' }, progressTable(), duplicatesView(), downloads(c.slug))),
  );
}

let rendered: View | null = null;
function draw(): void {
  let content: Child;
  switch (view) {
    case 'loading':
      content = h('p', { class: 'muted' }, t('live.loading'));
      break;
    case 'denied':
      content = h('p', { class: 'card' }, t('org.denied'));
      break;
    case 'missing':
      content = h('p', { class: 'card' }, t('sched.notFound'));
      break;
    case 'list':
      content = listView();
      break;
    case 'manage':
      content = manageView();
      break;
  }
  render(root, content, rendered !== view);
  rendered = view;
  root.dataset.view = view;
}

void start();
