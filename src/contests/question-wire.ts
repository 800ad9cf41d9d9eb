import type { PlayerQuestion, PlayerReveal } from '../banks/player-view.ts';
import type { QuestionReveal, QuestionView } from './protocol.ts';

/**
 * The type-specific parts of a question and its reveal as they go on the wire, in
 * the receiver's display terms. Kept apart from the live engine so a new question
 * type changes this file and the protocol, not the engine's flow.
 */

/** Fields of the player view beyond prompt/options/image/count (matching's right items, numerical's input). */
export function viewExtras(view: PlayerQuestion): Pick<QuestionView, 'matches' | 'numeric'> {
  return {
    ...(view.matches ? { matches: view.matches } : {}),
    ...(view.numeric ? { numeric: view.numeric } : {}),
  };
}

/** The `correct` part of a reveal. */
export function revealCorrect(r: PlayerReveal): QuestionReveal['correct'] {
  return {
    ...(r.correct ? { choices: r.correct } : {}),
    ...(r.value !== undefined ? { value: r.value } : {}),
    ...(r.accepted ? { accepted: r.accepted } : {}),
    ...(r.order ? { order: r.order } : {}),
    ...(r.numbers ? { numbers: r.numbers } : {}),
    ...(r.pairs ? { pairs: r.pairs } : {}),
  };
}
