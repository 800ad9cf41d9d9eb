import type { PlayerQuestion } from '../../banks/player-view.ts';
import type { PlayerResponse } from '../../banks/responses.ts';
import { renderMarkdown } from '../../banks/markdown.ts';
import { h, markdownBlock, type Child } from './dom.ts';
import { pickText, type T } from './live-ui.ts';
import { optionBadge } from './option-faces.ts';

/**
 * One question of a scheduled attempt or a practice run: the prompt and the
 * controls, showing the current answer. Single choice and true/false answer on a
 * tap; multiple choice and ordering build a draft tap by tap; short answer is
 * typed and saved with its button (and on leaving the field).
 */

export interface QuestionInputOptions {
  t: T;
  lang: 'vi' | 'en';
  questionId: string;
  view: PlayerQuestion;
  /** The answer given so far (saved or queued). */
  answer: PlayerResponse | undefined;
  /** Taps so far on multiple choice / ordering. */
  draft: number[];
  disabled: boolean;
  onAnswer: (response: PlayerResponse) => void;
  onDraft: (choice: number) => void;
  onClearDraft: () => void;
  /** Short answer: text typed but not saved yet, and where to keep it. */
  typed?: string | undefined;
  onType?: (text: string) => void;
}

export function questionPrompt(view: PlayerQuestion, lang: 'vi' | 'en'): Child {
  return [markdownBlock('div', 'prompt', renderMarkdown(pickText(view.prompt, lang))), view.image ? h('img', { class: 'q-image', src: view.image.url, alt: pickText(view.image.alt, lang) }) : null];
}

export function questionInput(o: QuestionInputOptions): Child {
  const { t, lang, view, answer } = o;
  const opt = (i: number, text: string, pressed: boolean, onclick: () => void, extra: Child = null) =>
    h(
      'button',
      { type: 'button', class: `option opt-${i % 8}${pressed ? ' picked' : ''}`, 'data-key': `opt-${i}`, 'aria-pressed': String(pressed), 'aria-disabled': o.disabled ? 'true' : null, onclick: () => !o.disabled && onclick() },
      optionBadge(i),
      h('span', { class: 'opt-text' }, text),
      extra,
    );
  if (view.type === 'single_choice') {
    const chosen = answer?.type === 'single_choice' ? answer.choice : -1;
    return h('div', { class: 'options grid', role: 'group', 'aria-label': t('attempt.nav') }, (view.options ?? []).map((x) => opt(x.index, pickText(x.text, lang), x.index === chosen, () => o.onAnswer({ type: 'single_choice', choice: x.index }), x.index === chosen ? h('span', { class: 'opt-pick' }, '✓') : null)));
  }
  if (view.type === 'true_false') {
    const value = answer?.type === 'true_false' ? answer.value : null;
    const tf = (v: boolean) =>
      h(
        'button',
        { type: 'button', class: `option ${v ? 'tf-true' : 'tf-false'}${value === v ? ' picked' : ''}`, 'data-key': `tf-${v}`, 'aria-pressed': String(value === v), 'aria-disabled': o.disabled ? 'true' : null, onclick: () => !o.disabled && o.onAnswer({ type: 'true_false', value: v }) },
        h('span', { class: 'opt-badge', 'aria-hidden': 'true' }, v ? '✓' : '✗'),
        h('span', { class: 'opt-text' }, t(v ? 'live.true' : 'live.false')),
      );
    return h('div', { class: 'options grid two' }, tf(true), tf(false));
  }
  if (view.type === 'short_answer') {
    const current = answer?.type === 'short_answer' ? answer.text : '';
    const id = `answer-${o.questionId}`;
    const save = (input: HTMLInputElement) => {
      const text = input.value.trim();
      if (text && text !== current && !o.disabled) o.onAnswer({ type: 'short_answer', text });
    };
    return h(
      'form',
      {
        class: 'stack short-answer',
        onsubmit: (e: Event) => {
          e.preventDefault();
          save((e.target as HTMLFormElement).elements.namedItem('answer') as HTMLInputElement);
        },
      },
      h('label', { for: id }, t('attempt.typeAnswer')),
      h('input', { id, name: 'answer', maxlength: 200, autocomplete: 'off', 'data-key': 'answer', value: o.typed ?? current, disabled: o.disabled, oninput: (e: Event) => o.onType?.((e.target as HTMLInputElement).value), onchange: (e: Event) => save(e.target as HTMLInputElement) }),
      h('button', { type: 'submit', class: 'button', disabled: o.disabled }, t('attempt.saveText')),
    );
  }
  const ordering = view.type === 'ordering';
  return [
    h('p', { class: 'hint' }, ordering ? t('attempt.orderHint') : t('attempt.chooseN', { n: view.count ?? 1 })),
    h(
      'div',
      { class: 'options grid' },
      (view.options ?? []).map((x) => {
        const pos = o.draft.indexOf(x.index);
        return opt(x.index, pickText(x.text, lang), pos >= 0, () => o.onDraft(x.index), pos >= 0 ? h('span', { class: 'opt-pick' }, ordering ? t('attempt.position', { n: pos + 1 }) : '✓') : null);
      }),
    ),
    h('div', { class: 'row' }, h('button', { type: 'button', class: 'button secondary small', 'data-key': 'clear', disabled: o.disabled || o.draft.length === 0, onclick: () => o.onClearDraft() }, t('attempt.clear'))),
  ];
}
