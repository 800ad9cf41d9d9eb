import { h, render } from './dom.ts';
import { api } from './api.ts';
import { authorPage, button, download, field, pageHeading, say, sayError, statusLine, type AuthorPageData } from './author-ui.ts';
import { competenceOptions, gradeBandOptions, typeLabel, type Framework } from './author-labels.ts';
import { exportable } from './import-preview.ts';
import { isFiltered, matches, NO_FILTER, type QuestionFilter } from './question-filters.ts';
import { keyTarget, move } from './reorder.ts';
import type { FormatDescription } from '../../banks/formats/format-files.ts';

/**
 * /banks/{slug}: the draft's questions (filters, drag or Alt+arrow reorder, bulk
 * tag and delete), publishing with a note, the version list, export, members and
 * visibility, and the review status.
 */

interface Data extends AuthorPageData {
  slug: string;
  framework: Framework;
  types: string[];
  formats: FormatDescription[];
}
interface Bank {
  slug: string;
  title: { vi: string; en: string };
  visibility: 'private' | 'unit' | 'public';
  access: string;
  reviewRequired: boolean;
  reviewState: string;
  defaultLanguage: 'vi' | 'en';
  latestVersion: number | null;
  questionCount: number;
  archived: boolean;
  members: Array<{ userId: string; email: string; displayName: string; role: string }>;
}
interface Question {
  id: string;
  type: string;
  prompt: { vi: string; en: string };
  competences: string[];
  gradeBands: string[];
  difficulty: number;
  tags: string[];
  points: number;
  options?: Array<{ text: { vi: string; en: string } }>;
}
interface Version {
  version: number;
  questionCount: number;
  publishedAt: string;
  publishedBy: string | null;
  note?: string;
}

const { data, t, app } = authorPage<Data>();
const { slug, lang } = data;
const base = `/api/banks/${slug}`;
const loc = (l: { vi: string; en: string }) => (lang === 'en' ? l.en || l.vi : l.vi || l.en);

let bank: Bank;
let questions: Question[] = [];
let versions: Version[] = [];
let filter: QuestionFilter = { ...NO_FILTER };
const selected = new Set<string>();
let dragFrom: number | null = null;

const canEdit = () => ['owner', 'editor'].includes(bank.access) && data.me.role !== 'official' && !bank.archived;
const canManage = () => bank.access === 'owner';

async function load(): Promise<boolean> {
  const [b, q, v] = await Promise.all([api<Bank>('GET', base), api<{ questions: Question[] }>('GET', `${base}/questions`), api<{ versions: Version[] }>('GET', `${base}/versions`)]);
  if (!b.ok) {
    render(app, [pageHeading(t('author.bank.title')), h('p', { class: 'error', role: 'alert' }, b.error.message), h('a', { href: `/banks?lang=${lang}` }, t('author.nav.banks'))], true);
    return false;
  }
  bank = b.data;
  questions = q.ok ? q.data.questions : [];
  versions = v.ok ? v.data.versions : [];
  for (const id of [...selected]) if (!questions.some((x) => x.id === id)) selected.delete(id);
  return true;
}

// ------------------------------------------------------------------ questions

function filterBar(): HTMLElement {
  const tags = [...new Set(questions.flatMap((q) => q.tags))].sort();
  const sel = (id: keyof QuestionFilter, label: string, options: Array<[string, string]>) => {
    const s = h('select', { id: `f-${id}` }, h('option', { value: '' }, t('author.filter.any')), ...options.map(([v, l]) => h('option', { value: v, selected: filter[id] === v }, l)));
    s.addEventListener('change', () => {
      filter = { ...filter, [id]: s.value };
      drawQuestions();
    });
    return field(label, s);
  };
  const q = h('input', { id: 'f-q', type: 'search', value: filter.q, autocomplete: 'off' });
  q.addEventListener('input', () => {
    filter = { ...filter, q: q.value };
    drawQuestions();
  });
  return h(
    'div',
    { class: 'filter-grid', role: 'group', 'aria-label': t('author.filter.heading') },
    field(t('author.filter.text'), q),
    sel('type', t('author.filter.type'), data.types.map((ty) => [ty, typeLabel(t, ty)])),
    sel('competence', t('author.filter.competence'), competenceOptions(data.framework, lang)),
    sel('difficulty', t('author.filter.difficulty'), [['1', t('author.difficulty.1')], ['2', t('author.difficulty.2')], ['3', t('author.difficulty.3')]]),
    sel('gradeBand', t('author.filter.gradeBand'), gradeBandOptions(data.framework, lang)),
    sel('tag', t('author.filter.tag'), tags.map((x) => [x, x])),
  );
}

async function saveOrder(next: Question[], movedId: string) {
  const before = questions;
  questions = next;
  drawQuestions();
  document.querySelector<HTMLElement>(`[data-handle="${CSS.escape(movedId)}"]`)?.focus();
  const r = await api<{ ids: string[] }>('PUT', `${base}/questions/order`, { json: { ids: next.map((q) => q.id) } });
  const pos = next.findIndex((q) => q.id === movedId) + 1;
  if (!r.ok) {
    questions = before;
    drawQuestions();
    return sayError(document.getElementById('questions-status'), r.error);
  }
  say(document.getElementById('questions-status'), t('author.bank.moved', { id: movedId, n: pos, total: next.length }));
}

function questionRow(q: Question, index: number, reorderable: boolean): HTMLElement {
  const check = h('input', { type: 'checkbox', id: `sel-${q.id}`, checked: selected.has(q.id), 'aria-label': t('author.bank.select', { n: index + 1 }) });
  check.addEventListener('change', () => {
    if (check.checked) selected.add(q.id);
    else selected.delete(q.id);
    updateBulk();
  });
  const handle = h(
    'button',
    { type: 'button', class: 'handle', 'data-handle': q.id, 'aria-label': t('author.bank.handle', { n: index + 1 }), 'aria-describedby': 'reorder-help', disabled: !reorderable },
    '↕',
  );
  handle.addEventListener('keydown', (e) => {
    if (!e.altKey && !['Home', 'End'].includes(e.key)) return;
    const target = keyTarget(e.key, index, questions.length);
    if (target === null) return;
    e.preventDefault();
    void saveOrder(move(questions, index, target), q.id);
  });
  const li = h(
    'li',
    { class: 'q-row', draggable: reorderable ? 'true' : 'false', 'data-id': q.id },
    h('span', { class: 'q-num' }, String(index + 1)),
    canEdit() ? check : null,
    canEdit() ? handle : null,
    h(
      'div',
      { class: 'q-main' },
      h('a', { href: `/banks/${slug}/questions/${q.id}?lang=${lang}`, class: 'q-prompt' }, loc(q.prompt) || q.id),
      h(
        'p',
        { class: 'q-meta' },
        `${typeLabel(t, q.type)} · ${t(`author.difficulty.${q.difficulty}` as never)} · ${q.competences.join(', ') || '—'} · ${q.gradeBands.join(', ') || '—'}`,
        q.tags.length ? h('span', { class: 'tags' }, ...q.tags.map((x) => h('span', { class: 'tag' }, x))) : null,
      ),
    ),
    canEdit()
      ? h('span', { class: 'row nowrap q-moves' }, button('↑', { 'aria-label': t('author.bank.up', { n: index + 1 }), disabled: !reorderable || index === 0, onclick: () => void saveOrder(move(questions, index, index - 1), q.id) }), button('↓', { 'aria-label': t('author.bank.down', { n: index + 1 }), disabled: !reorderable || index === questions.length - 1, onclick: () => void saveOrder(move(questions, index, index + 1), q.id) }))
      : null,
  );
  if (reorderable) {
    li.addEventListener('dragstart', (e) => {
      dragFrom = index;
      e.dataTransfer?.setData('text/plain', q.id);
      li.classList.add('dragging');
    });
    li.addEventListener('dragend', () => li.classList.remove('dragging'));
    li.addEventListener('dragover', (e) => e.preventDefault());
    li.addEventListener('drop', (e) => {
      e.preventDefault();
      if (dragFrom === null || dragFrom === index) return;
      const moved = questions[dragFrom]!.id;
      dragFrom = null;
      void saveOrder(move(questions, questions.findIndex((x) => x.id === moved), index), moved);
    });
  }
  return li;
}

function updateBulk() {
  const n = selected.size;
  const label = document.getElementById('bulk-count');
  if (label) label.textContent = t('author.bank.selected', { n });
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-bulk]')) b.disabled = n === 0;
}

function bulkBar(): HTMLElement {
  const status = statusLine('bulk-status');
  const tag = h('input', { id: 'bulk-tag', maxlength: 100, autocomplete: 'off' });
  const run = async (action: 'delete' | 'addTag' | 'removeTag') => {
    const ids = [...selected];
    if (ids.length === 0) return;
    if (action !== 'delete' && !tag.value.trim()) return say(status, t('author.bank.tagRequired'), 'error'), tag.focus();
    if (action === 'delete' && !confirm(t('author.bank.deleteConfirm', { n: ids.length }))) return;
    const r = await api<{ changed: number }>('POST', `${base}/questions/bulk`, { json: { ids, action, ...(action === 'delete' ? {} : { tag: tag.value.trim() }) } });
    if (!r.ok) return sayError(status, r.error);
    if (action === 'delete') selected.clear();
    await load();
    // The tag list in the filters may have changed.
    render(document.getElementById('filters')!, filterBar(), false);
    drawQuestions();
    say(document.getElementById('bulk-status'), t(action === 'delete' ? 'author.bank.deleted' : action === 'addTag' ? 'author.bank.tagged' : 'author.bank.untagged', { n: r.data.changed }));
  };
  const all = h('input', { type: 'checkbox', id: 'select-all' });
  all.addEventListener('change', () => {
    for (const q of questions.filter((x) => matches(x, filter))) all.checked ? selected.add(q.id) : selected.delete(q.id);
    drawQuestions();
  });
  return h(
    'div',
    { class: 'bulk card', role: 'group', 'aria-label': t('author.bank.bulk') },
    h('label', { class: 'check', for: 'select-all' }, all, t('author.bank.selectAll')),
    h('span', { id: 'bulk-count', class: 'muted' }, t('author.bank.selected', { n: selected.size })),
    h('span', { class: 'row' }, h('label', { for: 'bulk-tag' }, t('author.bank.tag')), tag),
    button(t('author.bank.addTag'), { 'data-bulk': 'add', onclick: () => void run('addTag') }),
    button(t('author.bank.removeTag'), { 'data-bulk': 'remove', onclick: () => void run('removeTag') }),
    button(t('author.bank.deleteSelected'), { 'data-bulk': 'delete', class: 'button small danger', onclick: () => void run('delete') }),
    status,
  );
}

function drawQuestions() {
  const box = document.getElementById('questions');
  if (!box) return;
  const shown = questions.map((q, i) => ({ q, i })).filter(({ q }) => matches(q, filter));
  const reorderable = canEdit() && !isFiltered(filter);
  render(box, [
    h('p', { class: 'muted', id: 'shown-count' }, t('author.bank.shown', { n: shown.length, total: questions.length })),
    canEdit() ? h('p', { class: 'hint', id: 'reorder-help' }, reorderable ? t('author.bank.reorderHelp') : t('author.bank.reorderFiltered')) : null,
    shown.length === 0 ? h('p', { class: 'muted' }, t('author.bank.noQuestions')) : h('ol', { class: 'q-list', 'aria-label': t('author.bank.questions') }, ...shown.map(({ q, i }) => questionRow(q, i, reorderable))),
  ], false);
  updateBulk();
}

// ------------------------------------------------------------------ versions, publish, export

function publishForm(): HTMLElement {
  const status = statusLine('publish-status');
  const note = h('textarea', { id: 'publish-note', rows: 2, maxlength: 2000 });
  const form = h('form', { class: 'stack', novalidate: true }, field(t('author.publish.note'), note, { hint: t('author.publish.noteHint') }), h('button', { class: 'button', type: 'submit' }, t('author.publish.submit')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await api<{ version: number }>('POST', `${base}/publish`, { json: { note: note.value } });
    if (!r.ok) return sayError(status, r.error);
    await load();
    draw();
    say(document.getElementById('publish-status'), t('author.publish.done', { v: r.data.version }));
    document.getElementById('publish-status')?.focus();
  });
  return form;
}

function versionList(): HTMLElement {
  if (versions.length === 0) return h('p', { class: 'muted' }, t('author.bank.noVersions'));
  return h(
    'table',
    { class: 'data' },
    h('caption', { class: 'visually-hidden' }, t('author.versions.heading')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('author.versions.version')), h('th', { scope: 'col' }, t('author.versions.date')), h('th', { scope: 'col' }, t('author.versions.by')), h('th', { scope: 'col' }, t('author.bank.questions')), h('th', { scope: 'col' }, t('author.versions.note')))),
    h('tbody', {}, ...versions.map((v) => h('tr', {}, h('th', { scope: 'row' }, `v${v.version}`), h('td', {}, new Date(v.publishedAt).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')), h('td', {}, v.publishedBy ?? '—'), h('td', {}, String(v.questionCount)), h('td', {}, v.note || '—')))),
  );
}

function exportForm(): HTMLElement {
  const formats = exportable(data.formats);
  const format = h('select', { id: 'export-format' }, ...formats.map((f) => h('option', { value: f.id }, f.label)));
  const source = h('select', { id: 'export-version' }, h('option', { value: '' }, t('author.export.draft')), ...versions.map((v) => h('option', { value: String(v.version) }, t('author.export.version', { v: v.version }))));
  const language = h('select', { id: 'export-lang' }, h('option', { value: 'vi', selected: bank.defaultLanguage === 'vi' }, 'Tiếng Việt'), h('option', { value: 'en', selected: bank.defaultLanguage === 'en' }, 'English'));
  const status = statusLine('export-status');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('div', { class: 'filter-grid' }, field(t('author.export.format'), format), field(t('author.export.source'), source), field(t('author.export.lang'), language, { hint: t('author.export.langHint') })),
    h('button', { class: 'button', type: 'submit' }, t('author.export.submit')),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams({ format: format.value, lang: language.value });
    if (source.value) q.set('version', source.value);
    download(`${base}/export?${q.toString()}`);
    say(status, t('author.export.started'));
  });
  return form;
}

// ------------------------------------------------------------------ members and visibility

function settingsForm(): HTMLElement {
  const status = statusLine('settings-status');
  const visibility = h('select', { id: 'visibility' }, ...(['private', 'unit', 'public'] as const).map((v) => h('option', { value: v, selected: bank.visibility === v }, t(`author.visibility.${v}`))));
  const review = h('input', { type: 'checkbox', id: 'review-required', checked: bank.reviewRequired });
  const form = h('form', { class: 'stack', novalidate: true }, field(t('author.bank.visibility'), visibility), h('label', { class: 'check', for: 'review-required' }, review, t('author.bank.reviewRequired')), h('button', { class: 'button', type: 'submit' }, t('author.save')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await api<Bank>('PATCH', base, { json: { visibility: visibility.value, reviewRequired: review.checked } });
    if (!r.ok) return sayError(status, r.error);
    bank = { ...bank, ...r.data };
    say(status, t('author.saved'));
  });
  return form;
}

function membersBlock(): HTMLElement {
  const status = statusLine('members-status');
  const roles = ['editor', 'reviewer', 'viewer'] as const;
  const setRole = async (email: string, role: string | null) => {
    const r = await api<Bank>('PUT', `${base}/members`, { json: { email, role } });
    if (!r.ok) return sayError(document.getElementById('members-status'), r.error);
    bank = { ...bank, ...r.data };
    draw();
    say(document.getElementById('members-status'), t(role ? 'author.members.saved' : 'author.members.removed', { email }));
  };
  const email = h('input', { id: 'member-email', type: 'email', autocomplete: 'off', required: true });
  const role = h('select', { id: 'member-role' }, ...roles.map((r) => h('option', { value: r }, t(`author.access.${r}`))));
  const add = h('form', { class: 'row', novalidate: true }, field(t('author.members.email'), email), field(t('author.members.role'), role), h('button', { class: 'button', type: 'submit' }, t('author.members.add')));
  add.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!email.value.includes('@')) return say(status, t('author.members.emailInvalid'), 'error'), email.focus();
    void setRole(email.value.trim(), role.value);
  });
  return h(
    'div',
    { class: 'stack' },
    bank.members.length === 0
      ? h('p', { class: 'muted' }, t('author.members.none'))
      : h(
          'ul',
          { class: 'members' },
          ...bank.members.map((m) => {
            const s = h('select', { id: `role-${m.userId}`, 'aria-label': t('author.members.roleOf', { email: m.email }) }, ...roles.map((r) => h('option', { value: r, selected: m.role === r }, t(`author.access.${r}`))));
            s.addEventListener('change', () => void setRole(m.email, s.value));
            return h('li', { class: 'row' }, h('span', { class: 'grow' }, m.displayName ? `${m.displayName} <${m.email}>` : m.email), s, button(t('author.members.remove'), { 'aria-label': t('author.members.removeOf', { email: m.email }), onclick: () => void setRole(m.email, null) }));
          }),
        ),
    add,
    status,
  );
}

// ------------------------------------------------------------------ page

function section(id: string, title: string, ...body: Array<Node | null>): HTMLElement {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...body);
}

function draw() {
  const newType = h('select', { id: 'new-type' }, ...data.types.map((ty) => h('option', { value: ty }, typeLabel(t, ty))));
  const addForm = h('form', { class: 'row', method: 'get', action: `/banks/${slug}/questions/new` }, h('input', { type: 'hidden', name: 'lang', value: lang }), field(t('author.bank.newType'), newType), h('button', { class: 'button', type: 'submit' }, t('author.bank.addQuestion')));
  render(
    app,
    [
      h('p', { class: 'crumbs' }, h('a', { href: `/banks?lang=${lang}` }, t('author.nav.banks')), ' › ', slug),
      pageHeading(loc(bank.title)),
      h(
        'p',
        { class: 'facts-line' },
        `${t('author.bank.visibility')}: ${t(`author.visibility.${bank.visibility}` as never)} · ${t('author.bank.access')}: ${t(`author.access.${bank.access}` as never)} · ${t('author.bank.latestVersion')}: ${bank.latestVersion ? `v${bank.latestVersion}` : t('author.bank.unpublished')}`,
        bank.reviewRequired ? ` · ${t('author.review.state')}: ${t(`author.review.state.${bank.reviewState}` as never)}` : '',
      ),
      h(
        'nav',
        { class: 'row actions', 'aria-label': t('author.bank.actions') },
        canEdit() ? h('a', { class: 'button secondary', href: `/banks/${slug}/import?lang=${lang}` }, t('author.import.title')) : null,
        h('a', { class: 'button secondary', href: `/banks/${slug}/history?lang=${lang}` }, t('author.history.title')),
        h('a', { class: 'button secondary', href: `/banks/${slug}/review?lang=${lang}` }, t('author.review.title')),
      ),
      section(
        'questions-h',
        t('author.bank.questions'),
        canEdit() ? addForm : null,
        h('div', { id: 'filters' }, filterBar()),
        canEdit() ? bulkBar() : null,
        h('div', { id: 'questions' }),
        h('p', { id: 'questions-status', class: 'status', role: 'status', 'aria-live': 'polite', tabindex: '-1' }),
      ),
      canEdit() ? section('publish-h', t('author.publish.heading'), bank.reviewRequired && bank.reviewState !== 'approved' ? h('p', { class: 'note' }, t('author.publish.needsReview')) : null, publishForm()) : null,
      section('versions-h', t('author.versions.heading'), versionList(), versions.length >= 2 ? h('p', {}, h('a', { href: `/banks/${slug}/history?lang=${lang}` }, t('author.versions.compare'))) : null),
      section('export-h', t('author.export.heading'), exportForm()),
      canManage() ? section('settings-h', t('author.bank.settings'), settingsForm()) : null,
      canManage() ? section('members-h', t('author.members.heading'), membersBlock()) : null,
    ],
    true,
  );
  drawQuestions();
}

void (async () => {
  if (await load()) draw();
})();
