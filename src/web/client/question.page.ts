import { h, render } from './dom.ts';
import { api } from './api.ts';
import { authorPage, button, field, pageHeading, say, sayError, statusLine, type AuthorPageData } from './author-ui.ts';
import { typeLabel, type Framework } from './author-labels.ts';
import { questionPreview } from './question-preview.ts';
import {
  addOption,
  blankQuestion,
  changeType,
  fingerprint,
  hasForm,
  moveOption,
  optionLimits,
  parseRaw,
  removeOption,
  serverIssues,
  setOptionText,
  setWeight,
  toggleCorrect,
  toPayload,
  validate,
  type EditorQuestion,
  type Issue,
} from './editor-model.ts';

/**
 * The question editor: every type, Vietnamese and English side by side, a live
 * preview with the players' renderer, image upload with alt text, the
 * competence picker, inline validation announced to screen readers, a guard
 * against leaving with unsaved changes, and autosave (to this browser always;
 * to the server once the question is valid and already stored).
 */

interface Data extends AuthorPageData {
  slug: string;
  id: string | null;
  newType: string;
  framework: Framework;
  types: string[];
}

const { data, t, app } = authorPage<Data>();
const { slug, lang } = data;
const base = `/api/banks/${slug}`;
const AUTOSAVE_MS = 3000;
const localKey = () => `civiq:draft:${slug}:${savedId ?? 'new'}`;

let q: EditorQuestion;
let savedId: string | null = data.id;
let savedPrint = '';
let issues: Issue[] = [];
let showIssues = false;
let saving = false;
let autosaveTimer: ReturnType<typeof setTimeout> | undefined;
let readOnly = false;

const dirty = () => fingerprint(q) !== savedPrint;

// ------------------------------------------------------------------ state changes

/** Change the question; `structural` re-draws the form (fields added or removed), otherwise only the preview. */
function update(next: EditorQuestion, structural = false) {
  q = next;
  if (showIssues) issues = validate(q);
  if (structural) drawForm();
  else {
    drawPreview();
    drawIssues();
  }
  drawSaveState();
  try {
    if (dirty()) localStorage.setItem(localKey(), JSON.stringify(q));
  } catch {
    /* storage full or disabled: the server copy is still there */
  }
  scheduleAutosave();
}

function scheduleAutosave() {
  clearTimeout(autosaveTimer);
  if (!savedId || readOnly) return;
  autosaveTimer = setTimeout(() => {
    if (dirty() && validate(q).length === 0 && !saving) void save(true);
  }, AUTOSAVE_MS);
}

async function save(auto = false): Promise<void> {
  const status = document.getElementById('save-status');
  const local = validate(q);
  if (local.length > 0) {
    issues = local;
    showIssues = true;
    drawIssues();
    if (!auto) {
      say(status, t('author.editor.fixErrors', { n: local.length }), 'error');
      focusIssue(local[0]!);
    }
    return;
  }
  saving = true;
  drawSaveState(t('author.editor.saving'));
  const payload = hasForm(q.type) ? toPayload(q) : (({ id: _id, ...rest }) => rest)(q);
  const idInput = document.getElementById('q-id') as HTMLInputElement | null;
  const r = savedId
    ? await api<EditorQuestion>('PUT', `${base}/questions/${savedId}`, { json: payload })
    : await api<EditorQuestion>('POST', `${base}/questions`, { json: { ...payload, ...(idInput?.value.trim() ? { id: idInput.value.trim() } : {}) } });
  saving = false;
  if (!r.ok) {
    const fromServer = serverIssues(r.error.details);
    if (fromServer.length > 0) {
      issues = fromServer;
      showIssues = true;
      drawIssues();
    }
    drawSaveState();
    return sayError(status, r.error);
  }
  try {
    localStorage.removeItem(localKey());
  } catch {
    /* ignore */
  }
  const wasNew = !savedId;
  savedId = r.data.id ?? savedId;
  q = normalise(r.data);
  savedPrint = fingerprint(q);
  issues = [];
  if (wasNew) {
    history.replaceState(null, '', `/banks/${slug}/questions/${savedId}?lang=${lang}`);
    draw();
  }
  drawSaveState();
  say(document.getElementById('save-status'), auto ? t('author.editor.autosaved') : t('author.editor.saved'));
}

/** Fill the editor's defaults so a loaded question compares equal to what the editor would send. */
function normalise(x: EditorQuestion): EditorQuestion {
  const defaults = { competences: [], gradeBands: [], difficulty: 2, points: 1, tags: [] };
  return { ...defaults, ...(x as object) } as unknown as EditorQuestion;
}

// ------------------------------------------------------------------ drawing

function drawSaveState(text?: string) {
  const el = document.getElementById('save-state');
  if (!el) return;
  el.textContent = text ?? (readOnly ? t('author.editor.readOnly') : dirty() ? t('author.editor.unsaved') : savedId ? t('author.editor.upToDate') : t('author.editor.notSaved'));
  el.className = `save-state${dirty() ? ' dirty' : ''}`;
}

function drawPreview() {
  const box = document.getElementById('preview');
  if (!box) return;
  box.replaceChildren(questionPreview(q, 'vi', t), questionPreview(q, 'en', t));
}

const issueSlot = (path: string) => `err-${path.replace(/[^a-z0-9]+/gi, '-')}`;
const CONTROL_FOR: Record<string, string> = { prompt: 'prompt-vi', explanation: 'explanation-vi', answer: 'answer-first', weights: 'weights-first', options: 'add-option', 'image.url': 'image-url', 'image.alt': 'image-alt-vi', timeLimitSec: 'time-limit', source: 'source', json: 'raw-json' };
function controlFor(path: string): HTMLElement | null {
  const m = /^options\.(\d+)\.text$/.exec(path);
  const id = m ? `opt-${m[1]}-vi` : CONTROL_FOR[path];
  return id ? document.getElementById(id) : null;
}
function focusIssue(i: Issue) {
  controlFor(i.path)?.focus();
}

function drawIssues() {
  for (const el of document.querySelectorAll<HTMLElement>('.field-error[data-issue]')) el.textContent = '';
  for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const summary = document.getElementById('issue-summary');
  const shown = showIssues ? issues : [];
  for (const i of shown) {
    const slot = document.getElementById(issueSlot(i.path));
    const text = t(i.key as never, i.params);
    if (slot) slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
    controlFor(i.path)?.setAttribute('aria-invalid', 'true');
  }
  if (summary) {
    summary.replaceChildren(
      ...(shown.length === 0
        ? []
        : [
            h('h2', {}, t('author.editor.fixErrors', { n: shown.length })),
            h('ul', {}, ...shown.map((i) => h('li', {}, h('a', { href: `#${controlFor(i.path)?.id ?? 'editor'}`, onclick: (e: Event) => (e.preventDefault(), focusIssue(i)) }, t(i.key as never, i.params))))),
          ]),
    );
    summary.hidden = shown.length === 0;
  }
}

const err = (path: string) => h('p', { class: 'field-error', id: issueSlot(path), 'data-issue': path, 'aria-live': 'polite' });

function textArea(id: string, value: string, rows: number, onInput: (v: string) => void, attrs: Record<string, string | number | boolean> = {}) {
  const el = h('textarea', { id, rows, 'data-key': id, ...attrs }, value);
  el.value = value;
  el.addEventListener('input', () => onInput(el.value));
  return el;
}
function input(id: string, value: string, onInput: (v: string) => void, attrs: Record<string, string | number | boolean> = {}) {
  const el = h('input', { id, value, 'data-key': id, autocomplete: 'off', ...attrs });
  el.addEventListener('input', () => onInput(el.value));
  return el;
}

function bilingual(name: 'prompt' | 'explanation', labelVi: string, labelEn: string, rows: number, max: number) {
  const cur = q[name] ?? { vi: '', en: '' };
  const set = (l: 'vi' | 'en') => (v: string) => update({ ...q, [name]: { ...(q[name] ?? { vi: '', en: '' }), [l]: v } });
  return h(
    'div',
    { class: 'two-col' },
    field(labelVi, textArea(`${name}-vi`, cur.vi, rows, set('vi'), { lang: 'vi', maxlength: max }), { hint: t('author.editor.markdownHint') }),
    field(labelEn, textArea(`${name}-en`, cur.en, rows, set('en'), { lang: 'en', maxlength: max })),
    h('div', { class: 'span-2' }, err(name)),
  );
}

function optionsBlock(): HTMLElement {
  const options = q.options ?? [];
  const [min, max] = optionLimits(q.type);
  const single = q.type === 'single_choice';
  const multiple = q.type === 'multiple_choice';
  const ordering = q.type === 'ordering';
  const partial = multiple && q.scoring === 'partial';
  const answer = q.answer;
  const rows = options.map((o, i) => {
    const n = i + 1;
    const correct = single ? answer === o.id : multiple ? ((answer as string[]) ?? []).includes(o.id) : false;
    const mark = single || multiple
      ? h('input', { type: single ? 'radio' : 'checkbox', name: 'correct', id: i === 0 ? 'answer-first' : `correct-${i}`, 'data-key': `correct-${o.id}`, checked: correct, 'aria-label': t('author.editor.correctN', { n }) })
      : null;
    mark?.addEventListener('change', () => update(toggleCorrect(q, o.id), true));
    const weight = partial
      ? input(i === 0 ? 'weights-first' : `weight-${i}`, q.weights?.[o.id] === undefined ? '' : String(q.weights[o.id]), (v) => update(setWeight(q, o.id, v.trim() === '' ? null : Number(v))), { type: 'number', min: -100, max: 100, step: 'any', inputmode: 'decimal', 'aria-label': t('author.editor.weightN', { n }), class: 'weight' })
      : null;
    return h(
      'li',
      { class: 'option-row' },
      h('span', { class: 'opt-num', 'aria-hidden': 'true' }, String.fromCharCode(65 + i)),
      h('div', { class: 'two-col grow' },
        h('div', {}, h('label', { for: `opt-${i}-vi` }, t('author.editor.optionVi', { n })), input(`opt-${i}-vi`, o.text.vi, (v) => update(setOptionText(q, o.id, 'vi', v)), { lang: 'vi', maxlength: 500 })),
        h('div', {}, h('label', { for: `opt-${i}-en` }, t('author.editor.optionEn', { n })), input(`opt-${i}-en`, o.text.en, (v) => update(setOptionText(q, o.id, 'en', v)), { lang: 'en', maxlength: 500 })),
        h('div', { class: 'span-2' }, err(`options.${i}.text`)),
      ),
      mark ? h('label', { class: 'check correct-mark', for: mark.id }, mark, t('author.editor.correct')) : null,
      weight ? h('span', { class: 'weight-box' }, weight, '%') : null,
      h(
        'span',
        { class: 'row nowrap' },
        button('↑', { 'data-key': `up-${o.id}`, 'aria-label': t('author.editor.optionUp', { n }), disabled: i === 0, onclick: () => update(moveOption(q, o.id, -1), true) }),
        button('↓', { 'data-key': `down-${o.id}`, 'aria-label': t('author.editor.optionDown', { n }), disabled: i === options.length - 1, onclick: () => update(moveOption(q, o.id, 1), true) }),
        button('✕', { 'data-key': `rm-${o.id}`, 'aria-label': t('author.editor.optionRemove', { n }), disabled: options.length <= min, onclick: () => update(removeOption(q, o.id), true) }),
      ),
    );
  });
  const scoring = multiple || ordering
    ? (() => {
        const s = h('select', { id: 'scoring', 'data-key': 'scoring' }, h('option', { value: 'all_or_nothing', selected: q.scoring !== 'partial' }, t('author.editor.scoringAll')), h('option', { value: 'partial', selected: q.scoring === 'partial' }, t(multiple ? 'author.editor.scoringWeights' : 'author.editor.scoringPartial')));
        s.addEventListener('change', () => update({ ...q, scoring: s.value as 'all_or_nothing' | 'partial' }, true));
        return field(t('author.editor.scoring'), s);
      })()
    : null;
  return h(
    'fieldset',
    { class: 'options-edit' },
    h('legend', {}, ordering ? t('author.editor.orderingLegend') : t('author.editor.optionsLegend')),
    ordering ? h('p', { class: 'hint' }, t('author.editor.orderingHint')) : h('p', { class: 'hint' }, t(single ? 'author.editor.singleHint' : 'author.editor.multipleHint')),
    h('ol', { class: 'option-list' }, ...rows),
    err('options'),
    err('answer'),
    partial ? h('p', { class: 'hint' }, t('author.editor.weightsHint')) : null,
    err('weights'),
    button(t('author.editor.addOption'), { id: 'add-option', 'data-key': 'add-option', disabled: options.length >= max, onclick: () => update(addOption(q), true) }),
    scoring,
  );
}

function answerBlock(): HTMLElement | null {
  if (q.type === 'true_false') {
    const radio = (v: boolean) => {
      const r = h('input', { type: 'radio', name: 'tf', id: v ? 'answer-first' : 'tf-false', 'data-key': `tf-${v}`, checked: q.answer === v });
      r.addEventListener('change', () => update({ ...q, answer: v }));
      return h('label', { class: 'check', for: r.id }, r, t(v ? 'live.true' : 'live.false'));
    };
    return h('fieldset', {}, h('legend', {}, t('author.editor.tfLegend')), h('div', { class: 'row' }, radio(true), radio(false)));
  }
  if (q.type === 'short_answer') {
    const m = q.matching ?? { caseSensitive: false, ignoreDiacritics: true, ignoreExtraSpaces: true };
    const box = (key: keyof typeof m, label: string) => {
      const c = h('input', { type: 'checkbox', id: `m-${key}`, 'data-key': `m-${key}`, checked: m[key] });
      c.addEventListener('change', () => update({ ...q, matching: { ...m, [key]: c.checked } }));
      return h('label', { class: 'check', for: c.id }, c, label);
    };
    return h(
      'fieldset',
      {},
      h('legend', {}, t('author.editor.shortLegend')),
      field(t('author.editor.accepted'), textArea('answer-first', ((q.answer as string[]) ?? []).join('\n'), 3, (v) => update({ ...q, answer: v.split('\n') })), { hint: t('author.editor.acceptedHint') }),
      err('answer'),
      box('ignoreDiacritics', t('author.editor.ignoreDiacritics')),
      box('caseSensitive', t('author.editor.caseSensitive')),
      box('ignoreExtraSpaces', t('author.editor.ignoreSpaces')),
    );
  }
  return null;
}

function imageBlock(): HTMLElement {
  const status = statusLine('image-status');
  const file = h('input', { type: 'file', id: 'image-file', accept: 'image/png,image/jpeg,image/gif,image/webp', 'data-key': 'image-file' });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    if (f.size > 2 * 1024 * 1024) return say(status, t('author.editor.imageTooBig'), 'error');
    say(status, t('author.editor.uploading'));
    const r = await api<{ url: string }>('POST', `${base}/images`, { body: f, contentType: f.type || 'application/octet-stream' });
    if (!r.ok) return sayError(status, r.error);
    update({ ...q, image: { url: r.data.url, alt: q.image?.alt ?? { vi: '', en: '' } } }, true);
    say(document.getElementById('image-status'), t('author.editor.uploaded'));
    document.getElementById('image-alt-vi')?.focus();
  });
  const img = q.image;
  const alt = img?.alt ?? { vi: '', en: '' };
  return h(
    'fieldset',
    { class: 'image-edit' },
    h('legend', {}, t('author.editor.image')),
    field(t('author.editor.imageFile'), file, { hint: t('author.editor.imageHint') }),
    status,
    img?.url
      ? h(
          'div',
          { class: 'stack' },
          h('img', { class: 'thumb', src: img.url, alt: alt[lang] || alt.vi || alt.en || t('author.editor.imageNoAlt') }),
          field(t('author.editor.imageUrl'), input('image-url', img.url, (v) => update({ ...q, image: { ...img, url: v } }), { maxlength: 2000 })),
          err('image.url'),
          h('div', { class: 'two-col' },
            field(t('author.editor.altVi'), input('image-alt-vi', alt.vi, (v) => update({ ...q, image: { url: q.image!.url, alt: { ...(q.image!.alt ?? { vi: '', en: '' }), vi: v } } }), { lang: 'vi', maxlength: 300 })),
            field(t('author.editor.altEn'), input('image-alt-en', alt.en, (v) => update({ ...q, image: { url: q.image!.url, alt: { ...(q.image!.alt ?? { vi: '', en: '' }), en: v } } }), { lang: 'en', maxlength: 300 })),
          ),
          err('image.alt'),
          button(t('author.editor.imageRemove'), { 'data-key': 'image-remove', onclick: () => update(((({ image: _i, ...rest }) => rest)(q) as EditorQuestion), true) }),
        )
      : null,
  );
}

function metaBlock(): HTMLElement {
  const fw = data.framework;
  const domains = fw.competences.filter((c) => !c.code.includes('.'));
  const comp = (code: string, name: { vi: string; en: string }) => {
    const c = h('input', { type: 'checkbox', id: `c-${code}`, 'data-key': `c-${code}`, checked: q.competences.includes(code) });
    c.addEventListener('change', () => update({ ...q, competences: c.checked ? [...q.competences, code] : q.competences.filter((x) => x !== code) }));
    return h('label', { class: 'check comp', for: c.id }, c, h('span', {}, h('strong', {}, code), ' ', h('span', { lang: 'vi' }, name.vi), h('span', { class: 'muted', lang: 'en' }, ` — ${name.en}`)));
  };
  const bands = fw.gradeBands.map((g) => {
    const c = h('input', { type: 'checkbox', id: `g-${g.code}`, 'data-key': `g-${g.code}`, checked: q.gradeBands.includes(g.code) });
    c.addEventListener('change', () => update({ ...q, gradeBands: c.checked ? [...q.gradeBands, g.code] : q.gradeBands.filter((x) => x !== g.code) }));
    return h('label', { class: 'check', for: c.id }, c, `${g.code} — ${g.name[lang]}`);
  });
  const sel = (id: string, value: number, options: Array<[number, string]>, on: (v: number) => void) => {
    const s = h('select', { id, 'data-key': id }, ...options.map(([v, l]) => h('option', { value: String(v), selected: v === value }, l)));
    s.addEventListener('change', () => on(Number(s.value)));
    return s;
  };
  const timeLimit = input('time-limit', q.timeLimitSec === undefined ? '' : String(q.timeLimitSec), (v) => {
    const next = { ...q };
    if (v.trim() === '') delete next.timeLimitSec;
    else next.timeLimitSec = Number(v);
    update(next);
  }, { type: 'number', min: 5, max: 240, inputmode: 'numeric' });
  const tags = input('tags', q.tags.join(', '), (v) => update({ ...q, tags: v.split(',').map((x) => x.trim()).filter(Boolean) }), { maxlength: 2000 });
  return h(
    'div',
    { class: 'stack' },
    h(
      'fieldset',
      { class: 'competences' },
      h('legend', {}, t('author.editor.competences')),
      h('p', { class: 'hint' }, t('author.editor.competencesHint')),
      ...domains.map((d) => h('div', { class: 'comp-group' }, comp(d.code, d.name), h('div', { class: 'comp-children' }, ...fw.competences.filter((c) => c.code.startsWith(`${d.code}.`)).map((c) => comp(c.code, c.name))))),
    ),
    h('fieldset', {}, h('legend', {}, t('author.editor.gradeBands')), h('div', { class: 'row' }, ...bands)),
    h(
      'div',
      { class: 'filter-grid' },
      field(t('author.filter.difficulty'), sel('difficulty', q.difficulty, [[1, t('author.difficulty.1')], [2, t('author.difficulty.2')], [3, t('author.difficulty.3')]], (v) => update({ ...q, difficulty: v }))),
      field(t('author.editor.points'), sel('points', q.points, [[1, t('author.points.1')], [2, t('author.points.2')], [0, t('author.points.0')]], (v) => update({ ...q, points: v }))),
      h('div', {}, field(t('author.editor.timeLimit'), timeLimit, { hint: t('author.editor.timeLimitHint') }), err('timeLimitSec')),
    ),
    h('div', {}, field(t('author.editor.source'), input('source', q.source ?? '', (v) => update({ ...q, source: v }), { maxlength: 1000 }), { hint: t('author.editor.sourceHint') }), err('source')),
    field(t('author.editor.tags'), tags, { hint: t('author.editor.tagsHint') }),
  );
}

function rawBlock(): HTMLElement {
  const text = JSON.stringify((({ id: _id, ...rest }) => rest)(q), null, 2);
  const area = textArea('raw-json', text, 18, (v) => {
    const r = parseRaw(v);
    if (r.ok) {
      issues = [];
      update({ ...r.question, ...(savedId ? { id: savedId } : {}) });
    } else {
      issues = [r.issue];
      showIssues = true;
      drawIssues();
    }
  }, { spellcheck: false, class: 'code' });
  return h('div', { class: 'stack' }, h('p', { class: 'note' }, t('author.editor.rawNote', { type: q.type })), field(t('author.editor.raw'), area), err('json'));
}

function drawForm() {
  const box = document.getElementById('editor-form');
  if (!box) return;
  const typeSel = h('select', { id: 'q-type', 'data-key': 'q-type', disabled: readOnly }, ...data.types.map((ty) => h('option', { value: ty, selected: ty === q.type }, typeLabel(t, ty))));
  typeSel.addEventListener('change', () => update(changeType(q, typeSel.value), true));
  render(
    box,
    [
      h('div', { class: 'filter-grid' }, field(t('author.editor.type'), typeSel), savedId ? h('p', { class: 'muted' }, `${t('author.editor.id')}: ${savedId}`) : field(t('author.editor.newId'), input('q-id', '', () => undefined, { pattern: '[a-z0-9][a-z0-9._-]{0,63}', maxlength: 64 }), { hint: t('author.editor.newIdHint') })),
      hasForm(q.type)
        ? [
            bilingual('prompt', t('author.editor.promptVi'), t('author.editor.promptEn'), 4, 2000),
            (q.options ? optionsBlock() : null),
            answerBlock(),
            imageBlock(),
            bilingual('explanation', t('author.editor.explanationVi'), t('author.editor.explanationEn'), 3, 4000),
            metaBlock(),
          ]
        : rawBlock(),
    ],
    false,
  );
  if (readOnly) for (const el of box.querySelectorAll<HTMLInputElement>('input, textarea, select, button')) el.disabled = true;
  drawPreview();
  drawIssues();
}

function draw() {
  const status = statusLine('save-status');
  const del = savedId && !readOnly ? button(t('author.editor.delete'), { class: 'button small danger', onclick: () => void remove() }) : null;
  render(
    app,
    [
      h('p', { class: 'crumbs' }, h('a', { href: `/banks?lang=${lang}` }, t('author.nav.banks')), ' › ', h('a', { href: `/banks/${slug}?lang=${lang}` }, slug), ' › ', savedId ?? t('author.editor.new')),
      pageHeading(savedId ? t('author.editor.editTitle', { id: savedId }) : t('author.editor.newTitle')),
      h('div', { id: 'issue-summary', class: 'issue-summary', role: 'alert', hidden: true, tabindex: '-1' }),
      h(
        'div',
        { class: 'editor-layout' },
        h('form', { id: 'editor', class: 'stack editor', novalidate: true, 'aria-labelledby': 'editor-h' }, h('h2', { id: 'editor-h', class: 'visually-hidden' }, t('author.editor.form')), h('div', { id: 'editor-form', class: 'stack' })),
        h('aside', { class: 'preview card', 'aria-labelledby': 'preview-h', tabindex: '0' }, h('h2', { id: 'preview-h' }, t('author.editor.preview')), h('p', { class: 'hint' }, t('author.editor.previewHint')), h('div', { id: 'preview', class: 'preview-panes' })),
      ),
      h(
        'div',
        { class: 'save-bar' },
        h('span', { id: 'save-state', class: 'save-state' }),
        readOnly ? null : h('button', { type: 'submit', form: 'editor', class: 'button', id: 'save' }, t('author.editor.save')),
        h('a', { class: 'button secondary', href: `/banks/${slug}?lang=${lang}` }, t('author.editor.back')),
        del,
        status,
      ),
    ],
    true,
  );
  document.getElementById('editor')!.addEventListener('submit', (e) => {
    e.preventDefault();
    showIssues = true;
    void save();
  });
  drawForm();
  drawSaveState();
}

async function remove() {
  if (!savedId || !confirm(t('author.editor.deleteConfirm'))) return;
  const r = await api('DELETE', `${base}/questions/${savedId}`);
  if (!r.ok) return sayError(document.getElementById('save-status'), r.error);
  savedPrint = fingerprint(q);
  q = { ...q };
  try {
    localStorage.removeItem(localKey());
  } catch {
    /* ignore */
  }
  location.assign(`/banks/${slug}?lang=${lang}`);
}

// Leaving with unsaved changes asks first (the browser's own dialog).
window.addEventListener('beforeunload', (e) => {
  if (dirty() && !readOnly) {
    e.preventDefault();
    e.returnValue = '';
  }
});
// Ctrl+S / ⌘S saves.
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
    e.preventDefault();
    showIssues = true;
    void save();
  }
});

void (async () => {
  const bank = await api<{ access: string; archived: boolean }>('GET', base);
  if (!bank.ok) return render(app, [pageHeading(t('author.editor.title')), h('p', { class: 'error', role: 'alert' }, bank.error.message)], true);
  readOnly = !['owner', 'editor'].includes(bank.data.access) || data.me.role === 'official' || bank.data.archived;
  if (data.id) {
    const r = await api<EditorQuestion>('GET', `${base}/questions/${data.id}`);
    if (!r.ok) return render(app, [pageHeading(t('author.editor.title')), h('p', { class: 'error', role: 'alert' }, r.error.message)], true);
    q = normalise(r.data);
  } else q = blankQuestion(data.newType);
  savedPrint = data.id ? fingerprint(q) : fingerprint(blankQuestion(data.newType));
  draw();
  // A draft this browser kept (closed tab, lost connection) is offered back, never applied silently.
  let kept: EditorQuestion | null = null;
  try {
    const raw = localStorage.getItem(localKey());
    kept = raw ? (JSON.parse(raw) as EditorQuestion) : null;
  } catch {
    kept = null;
  }
  if (kept && !readOnly && fingerprint(kept) !== savedPrint) {
    const restore = button(t('author.editor.restore'), {
      onclick: () => {
        bar.remove();
        update(kept!, true);
        say(document.getElementById('save-status'), t('author.editor.restored'));
      },
    });
    const discard = button(t('author.editor.discard'), {
      onclick: () => {
        bar.remove();
        localStorage.removeItem(localKey());
      },
    });
    const bar = h('div', { class: 'note row', role: 'status' }, t('author.editor.keptDraft'), restore, discard);
    document.getElementById('issue-summary')!.before(bar);
  }
})();
