import type { PlayerQuestion, PlayerReveal } from '../../banks/player-view.ts';
import { h, type Child } from './dom.ts';
import { pickText, type T } from './live-ui.ts';
import { optionLetter } from './option-faces.ts';
import { explanationBlock } from './boards-view.ts';

/**
 * The right answer of a question in the player's display terms (a reveal from
 * the attempt engine), and its explanation. Marked in text, not only colour.
 */
export function correctAnswerText(t: T, lang: 'vi' | 'en', view: PlayerQuestion, r: PlayerReveal): string {
  const label = (i: number) => `${optionLetter(i)}. ${pickText(view.options?.find((o) => o.index === i)?.text, lang)}`;
  if (r.correct) return r.correct.map(label).join('; ');
  if (r.order) return r.order.map(label).join(' → ');
  if (typeof r.value === 'boolean') return t(r.value ? 'live.true' : 'live.false');
  if (r.accepted) return r.accepted.join(' / ');
  return '';
}

export function revealBlock(t: T, lang: 'vi' | 'en', view: PlayerQuestion, r: PlayerReveal, correct: boolean | null): Child {
  const feedback = correct === null ? undefined : correct ? r.feedback?.correct : r.feedback?.incorrect;
  return h(
    'div',
    { class: 'stack reveal-block' },
    correct === null ? null : h('p', { class: `feedback ${correct ? 'right' : 'wrong'}`, role: 'status' }, correct ? `✓ ${t('practice.right')}` : `✗ ${t('practice.wrong')}`),
    h('p', {}, h('strong', {}, `${t('practice.correctAnswer')}: `), correctAnswerText(t, lang, view, r)),
    feedback ? h('p', {}, pickText(feedback, lang)) : null,
    explanationBlock(t, lang, r.explanation),
  );
}
