import { renderMarkdown } from '../../banks/markdown.ts';
import { h, markdownBlock } from './dom.ts';
import { optionBadge } from './option-faces.ts';
import type { EditorQuestion } from './editor-model.ts';
import type { T } from './author-ui.ts';

/**
 * The editor's live preview: the question in one language drawn with the
 * players' renderer (`renderMarkdown`, src/banks/markdown.ts) and the players'
 * option faces and classes, so the teacher sees what a phone will show. The
 * correct answer and the explanation are marked below, as after the reveal.
 */
export function questionPreview(q: EditorQuestion, lang: 'vi' | 'en', t: T): HTMLElement {
  const text = (l: { vi: string; en: string } | undefined) => (l ? (lang === 'en' ? l.en || l.vi : l.vi || l.en) : '');
  const missing = (l: { vi: string; en: string } | undefined) => !!l && (lang === 'en' ? !l.en.trim() : !l.vi.trim());
  const options = q.options ?? [];
  let body: HTMLElement | null = null;
  if (q.type === 'single_choice' || q.type === 'multiple_choice' || q.type === 'ordering') {
    const correct = new Set(Array.isArray(q.answer) ? (q.answer as string[]) : [String(q.answer)]);
    body = h(
      'div',
      { class: 'options grid preview-options' },
      ...options.map((o, i) =>
        h(
          'div',
          { class: `option opt-${i % 8}${q.type !== 'ordering' && correct.has(o.id) ? ' is-correct' : ''}` },
          optionBadge(i),
          h('span', { class: 'opt-text' }, text(o.text) || '…'),
          q.type !== 'ordering' && correct.has(o.id) ? h('span', { class: 'opt-pick' }, '✓', h('span', { class: 'visually-hidden' }, t('live.correctMark'))) : null,
        ),
      ),
    );
  } else if (q.type === 'true_false') {
    body = h(
      'div',
      { class: 'options grid two' },
      ...[true, false].map((v) => h('div', { class: `option ${v ? 'tf-true' : 'tf-false'}${q.answer === v ? ' is-correct' : ''}` }, h('span', { class: 'opt-badge', 'aria-hidden': 'true' }, v ? '✓' : '✗'), h('span', { class: 'opt-text' }, t(v ? 'live.true' : 'live.false')))),
    );
  } else if (q.type === 'short_answer') {
    body = h('p', { class: 'hint' }, `${t('author.editor.accepted')}: ${((q.answer as string[]) ?? []).filter(Boolean).join(' | ') || '—'}`);
  }
  return h(
    'div',
    { class: 'preview-pane', lang },
    h('h3', {}, lang === 'vi' ? 'Tiếng Việt' : 'English', missing(q.prompt) ? h('span', { class: 'badge warn' }, t('author.editor.fallback')) : null),
    q.points === 2 ? h('span', { class: 'badge' }, t('live.double')) : q.points === 0 ? h('span', { class: 'badge' }, t('live.practice')) : null,
    markdownBlock('div', 'prompt', renderMarkdown(text(q.prompt))),
    q.image?.url ? h('img', { class: 'q-image', src: q.image.url, alt: text(q.image.alt) }) : null,
    body,
    q.type === 'ordering' ? h('p', { class: 'hint' }, t('author.editor.orderingPreview')) : null,
    q.explanation && text(q.explanation) ? h('section', { class: 'explanation' }, h('h4', {}, t('live.explanation')), markdownBlock('div', 'md', renderMarkdown(text(q.explanation)))) : null,
  );
}
