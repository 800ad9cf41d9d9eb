import { h } from './dom.ts';

/**
 * How an option looks: colour, shape and letter together, so players who cannot
 * tell the colours apart (or see a grey projector) still can tell the options apart.
 * Colours are in app.css (`.opt-0` …), each with white text at AA contrast.
 */
export const SHAPES = ['▲', '◆', '●', '■', '★', '⬢', '✚', '⬟'] as const;
export const LETTERS = 'ABCDEFGH';

export function optionLetter(i: number): string {
  return LETTERS[i] ?? String(i + 1);
}

/** The shape and letter badge in front of an option's text; the shape is decoration for screen readers. */
export function optionBadge(i: number) {
  return h('span', { class: 'opt-badge' }, h('span', { class: 'opt-shape', 'aria-hidden': 'true' }, SHAPES[i % SHAPES.length] ?? ''), h('span', { class: 'opt-letter' }, optionLetter(i)));
}
