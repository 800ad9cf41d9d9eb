import { h, render } from './dom.ts';
import { api } from './api.ts';
import { authorPage, field, pageHeading, say, sayError, statusLine, type AuthorPageData } from './author-ui.ts';
import { typeLabel } from './author-labels.ts';
import { acceptList, contentTypeFor, detect, importable, importUrl, previewOf, type ChosenFile, type DryRunResult, type ImportSettings, type Preview } from './import-preview.ts';
import type { Detection, FormatDescription } from '../../banks/formats/format-files.ts';

/**
 * /banks/{slug}/import: pick or drop a file; its format is detected from the
 * name and content (every format of the server's registry is offered); the
 * server's dry run shows what would be imported and which lines would be skipped
 * before anything is written; then the import itself.
 */

interface Data extends AuthorPageData {
  slug: string;
  formats: FormatDescription[];
}

const { data, t, app } = authorPage<Data>();
const { slug, lang } = data;
const formats = importable(data.formats);

let file: ChosenFile | null = null;
let detection: Detection = { format: null, by: null };
let settings: ImportSettings = { format: null, mode: 'lenient', lang, onConflict: 'skip' };
let preview: Preview | null = null;
let previewFor = '';

const key = () => `${file?.name}|${file?.bytes.length}|${settings.format}|${settings.mode}|${settings.lang}|${settings.onConflict}`;

async function choose(f: File) {
  file = { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) };
  detection = detect(formats, file);
  settings = { ...settings, format: detection.format };
  preview = null;
  drawSettings();
  if (detection.format) await runPreview();
  else say(document.getElementById('detect-status'), t('author.import.unknownFormat'), 'error');
}

async function runPreview() {
  if (!file || !settings.format) return;
  const status = document.getElementById('preview-status');
  say(status, t('author.import.checking'));
  const r = await api<DryRunResult>('POST', importUrl(slug, settings, true), { body: file.bytes as Uint8Array<ArrayBuffer>, contentType: contentTypeFor(formats, settings.format) });
  if (!r.ok) {
    preview = null;
    drawPreview();
    return sayError(document.getElementById('preview-status'), r.error);
  }
  preview = previewOf(r.data, lang);
  previewFor = key();
  drawPreview();
  say(
    document.getElementById('preview-status'),
    t('author.import.previewSummary', { n: preview.total, skipped: preview.skipped.length }),
    preview.skipped.length > 0 ? 'error' : 'ok',
  );
}

async function runImport() {
  if (!file || !settings.format || !preview?.canImport || previewFor !== key()) return;
  const status = document.getElementById('import-status');
  const r = await api<DryRunResult>('POST', importUrl(slug, settings, false), { body: file.bytes as Uint8Array<ArrayBuffer>, contentType: contentTypeFor(formats, settings.format) });
  if (!r.ok) return sayError(status, r.error);
  const done = h(
    'div',
    { class: 'card done', role: 'status', tabindex: '-1', id: 'import-done' },
    h('h2', {}, t('author.import.done', { n: r.data.imported, replaced: r.data.replaced, skipped: r.data.skipped.length })),
    h('p', {}, h('a', { class: 'button', href: `/banks/${slug}?lang=${lang}` }, t('author.import.toBank'))),
  );
  document.getElementById('result')!.replaceChildren(done);
  done.focus();
  say(null, t('author.import.done', { n: r.data.imported, replaced: r.data.replaced, skipped: r.data.skipped.length }));
  preview = null;
  drawPreview();
}

function dropZone(): HTMLElement {
  const input = h('input', { type: 'file', id: 'import-file', accept: acceptList(formats), 'aria-describedby': 'formats-list' });
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    if (f) void choose(f);
  });
  const zone = h(
    'div',
    { class: 'dropzone', id: 'dropzone' },
    h('p', { class: 'dz-title' }, t('author.import.drop')),
    h('label', { for: 'import-file', class: 'button secondary' }, t('author.import.pick')),
    input,
    h('p', { class: 'hint', id: 'formats-list' }, t('author.import.formats', { list: formats.map((f) => `${f.label} (${f.extensions.join(', ')})`).join('; ') })),
  );
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const f = e.dataTransfer?.files?.[0];
    if (f) void choose(f);
  });
  return zone;
}

function drawSettings() {
  const box = document.getElementById('settings');
  if (!box) return;
  if (!file) return box.replaceChildren();
  const fmt = h('select', { id: 'import-format', 'data-key': 'import-format' }, h('option', { value: '' }, t('author.import.chooseFormat')), ...formats.map((f) => h('option', { value: f.id, selected: settings.format === f.id }, f.label)));
  fmt.addEventListener('change', () => {
    settings = { ...settings, format: fmt.value || null };
    drawSettings();
    void runPreview();
  });
  const mode = (value: 'lenient' | 'strict') => {
    const r = h('input', { type: 'radio', name: 'mode', id: `mode-${value}`, value, checked: settings.mode === value, 'data-key': `mode-${value}` });
    r.addEventListener('change', () => {
      settings = { ...settings, mode: value };
      void runPreview();
    });
    return h('label', { class: 'check', for: r.id }, r, h('span', {}, h('strong', {}, t(`author.import.${value}`)), ' — ', t(`author.import.${value}Hint`)));
  };
  const language = h('select', { id: 'import-lang', 'data-key': 'import-lang' }, h('option', { value: 'vi', selected: settings.lang === 'vi' }, 'Tiếng Việt'), h('option', { value: 'en', selected: settings.lang === 'en' }, 'English'));
  language.addEventListener('change', () => {
    settings = { ...settings, lang: language.value as 'vi' | 'en' };
    void runPreview();
  });
  const conflict = h('select', { id: 'import-conflict', 'data-key': 'import-conflict' }, h('option', { value: 'skip', selected: settings.onConflict === 'skip' }, t('author.import.conflictSkip')), h('option', { value: 'replace', selected: settings.onConflict === 'replace' }, t('author.import.conflictReplace')));
  conflict.addEventListener('change', () => {
    settings = { ...settings, onConflict: conflict.value as 'skip' | 'replace' };
    void runPreview();
  });
  const described = formats.find((f) => f.id === settings.format);
  render(
    box,
    [
      h('p', { id: 'detect-status', class: 'status', role: 'status' }, t('author.import.file', { name: file.name, size: Math.ceil(file.bytes.length / 1024) }), ' ', detection.format ? t(detection.by === 'content' ? 'author.import.detectedContent' : 'author.import.detectedName', { format: formats.find((f) => f.id === detection.format)?.label ?? detection.format }) : t('author.import.unknownFormat')),
      h(
        'div',
        { class: 'filter-grid' },
        field(t('author.import.format'), fmt),
        described?.oneLanguage ? field(t('author.import.lang'), language, { hint: t('author.import.langHint') }) : null,
        field(t('author.import.conflict'), conflict),
      ),
      h('fieldset', {}, h('legend', {}, t('author.import.mode')), mode('lenient'), mode('strict')),
    ],
    false,
  );
}

function drawPreview() {
  const box = document.getElementById('preview');
  if (!box) return;
  if (!preview) return box.replaceChildren();
  const p = preview;
  const importButton = h('button', { type: 'button', class: 'button big', id: 'import-go', disabled: !p.canImport }, t('author.import.go', { n: p.total }));
  importButton.addEventListener('click', () => void runImport());
  render(
    box,
    [
      h('h2', { id: 'preview-h' }, t('author.import.previewHeading')),
      h('p', {}, t('author.import.previewCounts', { inserts: p.inserts, replaces: p.replaces, skipped: p.skipped.length })),
      p.skipped.length > 0
        ? h(
            'section',
            { class: 'skipped', 'aria-labelledby': 'skipped-h' },
            h('h3', { id: 'skipped-h' }, t('author.import.skippedHeading', { n: p.skipped.length })),
            h('table', { class: 'data' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('author.import.line')), h('th', { scope: 'col' }, t('author.import.reason')))), h('tbody', {}, ...p.skipped.map((s) => h('tr', {}, h('td', {}, String(s.line)), h('td', {}, s.reason))))),
          )
        : null,
      p.rows.length > 0
        ? h(
            'details',
            { open: p.rows.length <= 30 },
            h('summary', {}, t('author.import.rowsHeading', { n: p.rows.length })),
            h('table', { class: 'data' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('author.import.line')), h('th', { scope: 'col' }, 'ID'), h('th', { scope: 'col' }, t('author.filter.type')), h('th', { scope: 'col' }, t('author.import.prompt')), h('th', { scope: 'col' }, t('author.import.action')))), h('tbody', {}, ...p.rows.map((r) => h('tr', {}, h('td', {}, String(r.line)), h('td', {}, r.id), h('td', {}, typeLabel(t, r.type)), h('td', {}, r.prompt), h('td', {}, t(r.action === 'insert' ? 'author.import.insert' : 'author.import.replace')))))),
          )
        : null,
      p.blockedBy ? h('p', { class: 'note' }, t(p.blockedBy === 'strict' ? 'author.import.blockedStrict' : 'author.import.blockedNothing')) : null,
      importButton,
      statusLine('import-status'),
    ],
    false,
  );
}

render(
  app,
  [
    h('p', { class: 'crumbs' }, h('a', { href: `/banks?lang=${lang}` }, t('author.nav.banks')), ' › ', h('a', { href: `/banks/${slug}?lang=${lang}` }, slug), ' › ', t('author.import.title')),
    pageHeading(t('author.import.title')),
    h('p', {}, t('author.import.intro'), ' ', h('a', { href: '/api/bank-formats/csv/template', download: '' }, t('author.import.template'))),
    h('section', { class: 'card stack', 'aria-label': t('author.import.fileHeading') }, dropZone(), h('div', { id: 'settings', class: 'stack' })),
    h('p', { id: 'preview-status', class: 'status', role: 'status', 'aria-live': 'polite' }),
    h('section', { id: 'preview', class: 'card stack', 'aria-live': 'off' }),
    h('div', { id: 'result' }),
  ],
  true,
);
