import type { QuestionReveal, QuestionView } from '../../contests/protocol.ts';
import type { Lang } from '../messages.ts';
import { h, type Child } from './dom.ts';
import { pickText, type T } from './live-ui.ts';
import { optionBadge } from './option-faces.ts';
import { describeNumber, formatDecimal, parseDecimal } from './numeric-text.ts';

/**
 * Answer controls and reveals for numerical and matching questions, shared by the
 * play page (inputs) and the play, host and projector pages (reveals). Kept out of
 * play.page.ts so the question types stay in one place.
 */

// ---------------------------------------------------------------- numerical

/** What a player has typed or slid, kept across re-renders of the same question. */
const numericDraft = { index: -1, text: '', slider: null as number | null, error: false };

/**
 * A number field with the phone's decimal keyboard (`inputmode="decimal"`, so
 * "3,14" can be typed), or a slider for a range question.
 */
export function numericInput(opts: { t: T; lang: Lang; q: QuestionView; closed: boolean; onSubmit: (value: number) => void }): Child {
  const { t, lang, q, closed } = opts;
  if (numericDraft.index !== q.index) Object.assign(numericDraft, { index: q.index, text: '', slider: null, error: false });
  const unit = q.numeric?.unit ? h('span', { class: 'num-unit' }, q.numeric.unit) : null;
  const slider = q.numeric?.display === 'slider' ? q.numeric.slider : undefined;
  if (slider) {
    const value = numericDraft.slider ?? slider.min + Math.round((slider.max - slider.min) / slider.step / 2) * slider.step;
    const output = h('output', { class: 'num-output', for: 'num-slider', 'aria-live': 'polite' }, formatDecimal(value, lang), unit ? ` ${q.numeric?.unit}` : '');
    return h(
      'form',
      {
        class: 'stack numeric slider',
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (!closed) opts.onSubmit(numericDraft.slider ?? value);
        },
      },
      h('label', { for: 'num-slider' }, t('play.numeric.slider')),
      output,
      h('input', {
        id: 'num-slider',
        type: 'range',
        min: slider.min,
        max: slider.max,
        step: slider.step,
        value,
        'data-key': 'num-slider',
        'aria-valuetext': `${formatDecimal(value, lang)}${q.numeric?.unit ? ` ${q.numeric.unit}` : ''}`,
        oninput: (e: Event) => {
          const v = Number((e.target as HTMLInputElement).value);
          numericDraft.slider = v;
          output.textContent = `${formatDecimal(v, lang)}${q.numeric?.unit ? ` ${q.numeric.unit}` : ''}`;
          (e.target as HTMLInputElement).setAttribute('aria-valuetext', output.textContent);
        },
      }),
      h('p', { class: 'row spread muted', 'aria-hidden': 'true' }, h('span', {}, formatDecimal(slider.min, lang)), h('span', {}, formatDecimal(slider.max, lang))),
      h('button', { type: 'submit', class: 'button big', 'data-key': 'num-send', 'aria-disabled': closed ? 'true' : null }, t('play.question.submit')),
    );
  }
  return h(
    'form',
    {
      class: 'stack numeric',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const value = parseDecimal(numericDraft.text);
        numericDraft.error = value === null;
        const err = (e.target as HTMLFormElement).querySelector('.num-error');
        if (err) err.textContent = value === null ? t('play.numeric.invalid') : '';
        (e.target as HTMLFormElement).querySelector('input')?.setAttribute('aria-invalid', value === null ? 'true' : 'false');
        if (value !== null && !closed) opts.onSubmit(value);
      },
    },
    h('label', { for: 'num-answer' }, t('play.numeric.label')),
    h(
      'div',
      { class: 'row nowrap' },
      h('input', {
        id: 'num-answer',
        name: 'answer',
        inputmode: 'decimal',
        autocomplete: 'off',
        enterkeyhint: 'send',
        maxlength: 32,
        'data-key': 'num-answer',
        'aria-describedby': 'num-hint num-error',
        'aria-invalid': numericDraft.error ? 'true' : null,
        value: numericDraft.text,
        oninput: (e: Event) => (numericDraft.text = (e.target as HTMLInputElement).value),
      }),
      unit,
    ),
    h('p', { id: 'num-hint', class: 'muted' }, t('play.numeric.hint')),
    h('p', { id: 'num-error', class: 'num-error', role: 'alert' }, numericDraft.error ? t('play.numeric.invalid') : ''),
    h('button', { type: 'submit', class: 'button big', 'data-key': 'num-send', 'aria-disabled': closed ? 'true' : null }, t('play.question.submit')),
  );
}

// ---------------------------------------------------------------- matching

/** Pairs chosen so far (right display index per left item) and the left item being paired. */
const matchDraft = { index: -1, pairs: [] as Array<number | null>, active: 0 };

/** The current pairs as a response, or null until every left item has a partner. */
export function matchingPairs(): number[] | null {
  return matchDraft.pairs.every((p) => p !== null) && matchDraft.pairs.length > 0 ? (matchDraft.pairs as number[]) : null;
}

/**
 * Tap-to-pair: tap (or Enter on) a left item, then a right item. One thumb is
 * enough: the right items sit below, and after each pair the next unpaired left
 * item becomes active. A right item already used moves to the new left item.
 */
export function matchingInput(opts: { t: T; lang: Lang; q: QuestionView; closed: boolean; redraw: () => void; onSubmit: (pairs: number[]) => void }): Child {
  const { t, lang, q, closed } = opts;
  const left = q.options ?? [];
  const right = q.matches ?? [];
  if (matchDraft.index !== q.index) Object.assign(matchDraft, { index: q.index, pairs: left.map(() => null), active: 0 });
  const rightText = (i: number) => pickText(right.find((r) => r.index === i)?.text, lang);
  const focusKey = (key: string) => queueMicrotask(() => document.querySelector<HTMLElement>(`[data-key="${key}"]`)?.focus());
  const choose = (r: number) => {
    if (closed) return;
    const a = matchDraft.active;
    matchDraft.pairs = matchDraft.pairs.map((p, i) => (i === a ? r : p === r ? null : p));
    const next = matchDraft.pairs.findIndex((p) => p === null);
    matchDraft.active = next >= 0 ? next : a;
    opts.redraw();
    focusKey(next >= 0 ? `match-left-${next}` : 'match-send');
  };
  const response = matchingPairs();
  return [
    h('p', { class: 'hint', id: 'match-hint' }, t('play.match.hint')),
    h(
      'ol',
      { class: 'match-left', 'aria-describedby': 'match-hint' },
      left.map((o, i) => {
        const paired = matchDraft.pairs[i];
        const active = matchDraft.active === i;
        return h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: `option match-item${active ? ' active' : ''}${paired !== null && paired !== undefined ? ' picked' : ''}`,
              'data-key': `match-left-${i}`,
              'aria-pressed': String(active),
              'aria-disabled': closed ? 'true' : null,
              onclick: () => {
                matchDraft.active = i;
                opts.redraw();
                focusKey('match-right-0');
              },
            },
            h('span', { class: 'opt-text' }, pickText(o.text, lang)),
            h('span', { class: 'match-partner' }, paired !== null && paired !== undefined ? `→ ${rightText(paired)}` : t('play.match.unpaired')),
            h('span', { class: 'visually-hidden' }, paired !== null && paired !== undefined ? t('play.match.pairedWith', { item: rightText(paired) }) : ''),
          ),
        );
      }),
    ),
    h('p', { class: 'hint', id: 'match-choose' }, `${pickText(left[matchDraft.active]?.text, lang)} — ${t('play.match.choose')}`),
    h(
      'div',
      { class: 'options grid match-right', role: 'group', 'aria-labelledby': 'match-choose' },
      right.map((r, k) => {
        const usedBy = matchDraft.pairs.indexOf(r.index);
        return h(
          'button',
          {
            type: 'button',
            class: `option opt-${r.index % 8}${usedBy >= 0 ? ' picked' : ''}`,
            'data-key': `match-right-${k}`,
            'aria-disabled': closed ? 'true' : null,
            onclick: () => choose(r.index),
          },
          optionBadge(r.index),
          h('span', { class: 'opt-text' }, pickText(r.text, lang)),
        );
      }),
    ),
    h(
      'div',
      { class: 'row' },
      h(
        'button',
        {
          type: 'button',
          class: 'button secondary',
          'data-key': 'match-clear',
          disabled: matchDraft.pairs.every((p) => p === null),
          onclick: () => {
            matchDraft.pairs = left.map(() => null);
            matchDraft.active = 0;
            opts.redraw();
          },
        },
        t('play.question.clear'),
      ),
      h('button', { type: 'button', class: 'button big grow', 'data-key': 'match-send', disabled: !response || closed, onclick: () => response && !closed && opts.onSubmit(response) }, t('play.question.submit')),
    ),
  ];
}

// ---------------------------------------------------------------- reveals

/** The right answer of a numerical or matching question, in words; null for other types. */
export function typedReveal(t: T, lang: Lang, q: QuestionView | undefined, correct: QuestionReveal['correct'] | undefined): Child {
  if (!correct) return null;
  if (correct.numbers) {
    const unit = q?.numeric?.unit ? ` ${q.numeric.unit}` : '';
    const answers = correct.numbers.map((n) => `${describeNumber(n, lang, (min, max) => t('live.numeric.range', { min, max }))}${unit}`).join(' · ');
    return h('p', { class: 'right-answer', 'data-key': 'reveal-numbers' }, t('live.reveal.numbers', { answers }));
  }
  if (correct.pairs && q?.options && q.matches) {
    const matches = q.matches;
    return h(
      'div',
      { class: 'right-pairs' },
      h('p', {}, t('live.reveal.pairs')),
      h(
        'ul',
        { class: 'pairs' },
        q.options.map((o, i) => h('li', {}, h('span', {}, pickText(o.text, lang)), ' → ', h('strong', {}, pickText(matches.find((m) => m.index === correct.pairs![i])?.text, lang)))),
      ),
    );
  }
  return null;
}

/** The right-hand items of a matching question as a static list (host and projector). */
export function matchesBlock(t: T, lang: Lang, q: QuestionView): Child {
  if (!q.matches) return null;
  return h('section', { class: 'match-list' }, h('h3', {}, t('play.match.answers')), h('ul', { class: 'options static' }, q.matches.map((m) => h('li', { class: `option opt-${m.index % 8}` }, optionBadge(m.index), h('span', { class: 'opt-text' }, pickText(m.text, lang))))));
}
