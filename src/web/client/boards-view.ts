import type { BoardEntry, DistrictStanding, QuestionReveal, QuestionView } from '../../contests/protocol.ts';
import type { Lang } from '../messages.ts';
import { renderMarkdown } from '../../banks/markdown.ts';
import { h, markdownBlock } from './dom.ts';
import { formatNumber, formatPercent, pickText, type T } from './live-ui.ts';
import { optionBadge, optionLetter } from './option-faces.ts';

/** Views shared by the host console and the projector screen: boards, questions, answer charts. */

export function districtTable(t: T, lang: Lang, rows: DistrictStanding[], highlight?: string | null) {
  return h(
    'table',
    { class: 'board districts' },
    h('caption', {}, t('board.districts')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('board.rank')), h('th', { scope: 'col' }, t('board.district')), h('th', { scope: 'col', class: 'num' }, t('board.teamScore')), h('th', { scope: 'col', class: 'num' }, t('board.players')), h('th', { scope: 'col', class: 'num' }, t('board.correctRate')))),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          { class: r.district === highlight ? 'mine' : null, 'aria-current': r.district === highlight ? 'true' : null },
          h('td', { class: 'num' }, r.rank),
          h('th', { scope: 'row' }, r.name),
          h('td', { class: 'num' }, formatNumber(r.teamScore, lang)),
          h('td', { class: 'num' }, formatNumber(r.players, lang)),
          h('td', { class: 'num' }, formatPercent(r.correctRate, lang)),
        ),
      ),
    ),
  );
}

/** `opts.district: false` drops the district column (a district's own board: every row is that district). */
export function playerTable(t: T, lang: Lang, caption: string, rows: BoardEntry[], districtName: (code: string) => string, highlight?: string | null, opts: { district?: boolean } = {}) {
  const withDistrict = opts.district !== false;
  return h(
    'table',
    { class: 'board players' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('board.rank')), h('th', { scope: 'col' }, t('board.nickname')), withDistrict ? h('th', { scope: 'col' }, t('board.district')) : null, h('th', { scope: 'col', class: 'num' }, t('board.points')))),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          { class: r.nickname === highlight ? 'mine' : null },
          h('td', { class: 'num' }, r.rank),
          h('th', { scope: 'row' }, r.nickname),
          withDistrict ? h('td', {}, districtName(r.district)) : null,
          h('td', { class: 'num' }, formatNumber(r.points, lang)),
        ),
      ),
    ),
  );
}

/** The podium: first three, tallest in the middle. */
export function podium(t: T, lang: Lang, top: BoardEntry[], districtName: (code: string) => string) {
  const order = [top[1], top[0], top[2]].filter((e): e is BoardEntry => Boolean(e));
  return h(
    'ol',
    { class: 'podium', 'aria-label': t('board.podium') },
    order.map((e) =>
      h('li', { class: `step step-${e.rank}`, value: e.rank }, h('span', { class: 'step-rank' }, `#${e.rank}`), h('span', { class: 'step-name' }, e.nickname), h('span', { class: 'step-meta' }, `${districtName(e.district)} · ${formatNumber(e.points, lang)} ${t('board.pts')}`)),
    ),
  );
}

/** The display indices that are correct, from a reveal. */
export function correctIndices(correct: QuestionReveal['correct'] | undefined): Set<number> {
  return new Set(correct?.choices ?? []);
}

/** Prompt and options; with `correct`, the right options are marked (in text, not only colour). */
export function questionBlock(t: T, lang: Lang, q: QuestionView, marked?: Set<number>) {
  // An empty set (true/false, ordering, short answer) marks nothing rather than dimming every option.
  const correct = marked && marked.size > 0 ? marked : undefined;
  return h(
    'section',
    { class: 'question-block' },
    h('p', { class: 'q-count' }, t('live.questionOf', { n: q.index + 1, total: q.total })),
    markdownBlock('div', 'prompt', renderMarkdown(pickText(q.prompt, lang))),
    q.image ? h('img', { class: 'q-image', src: q.image.url, alt: pickText(q.image.alt, lang) }) : null,
    q.options
      ? h(
          'ol',
          { class: `options static${q.type === 'ordering' ? ' ordering' : ''}` },
          q.options.map((o) =>
            h(
              'li',
              { class: `option opt-${o.index % 8}${correct?.has(o.index) ? ' correct' : ''}${correct && !correct.has(o.index) ? ' dim' : ''}` },
              optionBadge(o.index),
              h('span', { class: 'opt-text' }, pickText(o.text, lang)),
              correct?.has(o.index) ? h('span', { class: 'opt-mark' }, '✓', h('span', { class: 'visually-hidden' }, ` ${t('live.correctMark')}`)) : null,
            ),
          ),
        )
      : null,
  );
}

/** The answer distribution as bars (CSS widths), with the figures as text for everyone. */
export function distributionChart(t: T, lang: Lang, q: QuestionView | null, r: QuestionReveal) {
  const d = r.distribution;
  const correct = correctIndices(r.correct);
  const rows: Array<{ label: string; n: number; cls: string; ok?: boolean }> =
    d.options && q?.options
      ? q.options.map((o) => ({ label: `${optionLetter(o.index)}. ${pickText(o.text, lang)}`, n: d.options?.[o.index] ?? 0, cls: `opt-${o.index % 8}`, ok: correct.has(o.index) }))
      : [
          { label: t('live.right'), n: d.right, cls: 'bar-right', ok: true },
          { label: t('live.wrong'), n: d.wrong, cls: 'bar-wrong' },
        ];
  rows.push({ label: t('live.noAnswer'), n: d.noAnswer, cls: 'bar-none' });
  const max = Math.max(1, ...rows.map((x) => x.n));
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, t('live.distribution')),
    h(
      'ul',
      { class: 'bars' },
      rows.map((row) => {
        const bar = h('span', { class: `bar ${row.cls}` });
        bar.style.width = `${(100 * row.n) / max}%`;
        return h('li', { class: row.ok ? 'ok' : null }, h('span', { class: 'bar-label' }, row.label, row.ok ? ` ✓` : ''), h('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar), h('span', { class: 'bar-n' }, formatNumber(row.n, lang)));
      }),
    ),
  );
}

export function explanationBlock(t: T, lang: Lang, explanation: { vi: string; en: string } | undefined) {
  if (!explanation) return null;
  return h('section', { class: 'explanation' }, h('h3', {}, t('live.explanation')), markdownBlock('div', 'md', renderMarkdown(pickText(explanation, lang))));
}
