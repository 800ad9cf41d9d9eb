import { h, render } from './dom.ts';
import { api } from './api.ts';
import { authorPage, field, pageHeading, say, sayError, statusLine, type AuthorPageData } from './author-ui.ts';
import { diffMeta, diffVersions, type FieldChange, type VersionDiff } from './version-diff.ts';

/** /banks/{slug}/history: published versions with their notes, and a readable diff between any two. */

interface Data extends AuthorPageData {
  slug: string;
}
interface Version {
  version: number;
  questionCount: number;
  publishedAt: string;
  publishedBy: string | null;
  note?: string;
}
type Q = { id: string; type: string; prompt: { vi: string; en: string } };

const { data, t, app } = authorPage<Data>();
const { slug, lang } = data;
const base = `/api/banks/${slug}`;
const cache = new Map<number, { questions: Q[]; meta: Record<string, unknown> }>();

async function versionOf(v: number): Promise<{ questions: Q[]; meta: Record<string, unknown> } | null> {
  if (cache.has(v)) return cache.get(v)!;
  const r = await api<{ questions: Q[]; meta: Record<string, unknown> }>('GET', `${base}/versions/${v}`);
  if (!r.ok) return sayError(document.getElementById('diff-status'), r.error), null;
  cache.set(v, r.data);
  return r.data;
}

const fieldName = (f: string) => {
  const key = `author.field.${f}`;
  const text = t(key as never);
  return text === key ? f : text;
};

function changeTable(fields: FieldChange[], from: number, to: number): HTMLElement {
  return h(
    'table',
    { class: 'data' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('author.history.field')), h('th', { scope: 'col' }, t('author.history.before', { v: from })), h('th', { scope: 'col' }, t('author.history.after', { v: to })))),
    h('tbody', {}, ...fields.map((f) => h('tr', {}, h('th', { scope: 'row' }, fieldName(f.field)), h('td', { class: 'before' }, h('del', {}, f.before)), h('td', { class: 'after' }, h('ins', {}, f.after))))),
  );
}

function diffView(d: VersionDiff, meta: FieldChange[], from: number, to: number): HTMLElement {
  const list = (items: Array<{ id: string; prompt: string }>) => h('ul', {}, ...items.map((x) => h('li', {}, h('strong', {}, x.id), ' — ', x.prompt)));
  const nothing = d.added.length + d.removed.length + d.changed.length === 0;
  return h(
    'div',
    { class: 'stack diff', id: 'diff' },
    h('h2', { id: 'diff-h', tabindex: '-1' }, t('author.history.diffHeading', { a: from, b: to })),
    h('p', { class: 'diff-summary' }, t('author.history.summary', { added: d.added.length, removed: d.removed.length, changed: d.changed.length, moved: d.moved })),
    nothing ? h('p', { class: 'muted' }, t('author.history.same')) : null,
    meta.length ? h('section', { class: 'diff-meta' }, h('h3', {}, t('author.history.meta')), changeTable(meta, from, to)) : null,
    d.added.length ? h('section', { class: 'diff-added' }, h('h3', {}, t('author.history.added', { n: d.added.length })), list(d.added)) : null,
    d.removed.length ? h('section', { class: 'diff-removed' }, h('h3', {}, t('author.history.removed', { n: d.removed.length })), list(d.removed)) : null,
    d.changed.length
      ? h(
          'section',
          { class: 'diff-changed' },
          h('h3', {}, t('author.history.changed', { n: d.changed.length })),
          ...d.changed.map((c) =>
            h(
              'div',
              { class: 'card changed-q' },
              h('h4', {}, h('strong', {}, c.id), ' — ', c.prompt),
              changeTable(c.fields, from, to),
            ),
          ),
        )
      : null,
  );
}

void (async () => {
  const r = await api<{ versions: Version[] }>('GET', `${base}/versions`);
  const crumbs = h('p', { class: 'crumbs' }, h('a', { href: `/banks?lang=${lang}` }, t('author.nav.banks')), ' › ', h('a', { href: `/banks/${slug}?lang=${lang}` }, slug), ' › ', t('author.history.title'));
  if (!r.ok) return render(app, [crumbs, pageHeading(t('author.history.title')), h('p', { class: 'error', role: 'alert' }, r.error.message)], true);
  const versions = r.data.versions;
  const status = statusLine('diff-status');
  const pick = (id: string, selected: number) => h('select', { id }, ...versions.map((v) => h('option', { value: String(v.version), selected: v.version === selected }, `v${v.version} — ${new Date(v.publishedAt).toLocaleDateString(lang === 'vi' ? 'vi-VN' : 'en-GB')}${v.note ? ` — ${v.note.slice(0, 60)}` : ''}`)));
  const newest = versions[0]?.version ?? 1;
  const from = pick('diff-from', versions[1]?.version ?? newest);
  const to = pick('diff-to', newest);
  const form = h('form', { class: 'row compare', novalidate: true }, field(t('author.history.from'), from), field(t('author.history.to'), to), h('button', { class: 'button', type: 'submit' }, t('author.history.compare')));
  const out = h('div', { id: 'diff-out' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const a = Number(from.value);
    const b = Number(to.value);
    const [va, vb] = await Promise.all([versionOf(a), versionOf(b)]);
    if (!va || !vb) return;
    out.replaceChildren(diffView(diffVersions(va.questions, vb.questions, lang), diffMeta(va.meta, vb.meta, lang), a, b));
    (document.getElementById('diff-h') as HTMLElement).focus();
    say(status, t('author.history.ready', { a, b }));
  });
  render(
    app,
    [
      crumbs,
      pageHeading(t('author.history.title')),
      versions.length === 0
        ? h('p', { class: 'muted' }, t('author.bank.noVersions'))
        : [
            h(
              'table',
              { class: 'data' },
              h('caption', {}, t('author.versions.heading')),
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('author.versions.version')), h('th', { scope: 'col' }, t('author.versions.date')), h('th', { scope: 'col' }, t('author.versions.by')), h('th', { scope: 'col' }, t('author.bank.questions')), h('th', { scope: 'col' }, t('author.versions.note')))),
              h('tbody', {}, ...versions.map((v) => h('tr', {}, h('th', { scope: 'row' }, `v${v.version}`), h('td', {}, new Date(v.publishedAt).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')), h('td', {}, v.publishedBy ?? '—'), h('td', {}, String(v.questionCount)), h('td', {}, v.note || '—')))),
            ),
            versions.length >= 2 ? h('section', { class: 'card stack', 'aria-label': t('author.history.compare') }, form, status) : h('p', { class: 'muted' }, t('author.history.needTwo')),
            out,
          ],
    ],
    true,
  );
})();
