import type { Matching, NumericAnswer, Question } from './question-schema.ts';
import type { OriginalResponse, PlayerResponse } from './responses.ts';
import { isPermutation } from './responses.ts';
import { nfc, squashSpaces, stripDiacritics, unifyApostrophes } from '../shared/text.ts';

/**
 * Grading of one response to one question. The rules are documented for authors
 * and teachers in docs/grading.md; keep the two in step.
 */

/** `fraction` is the share of the question's points earned, 0..1; `correct` means full marks. */
export interface Grade {
  correct: boolean;
  fraction: number;
}

const WRONG: Grade = { correct: false, fraction: 0 };
const RIGHT: Grade = { correct: true, fraction: 1 };

/**
 * Grade a response already mapped back to option ids. Never throws: a response of
 * another type than the question, or naming unknown or repeated option ids, earns
 * nothing. Reject such input earlier with `isAnswerable` to tell the player why.
 */
export function grade(question: Question, response: OriginalResponse): Grade {
  switch (question.type) {
    case 'single_choice':
      if (response.type !== 'single_choice') return WRONG;
      return response.optionId === question.answer ? RIGHT : WRONG;
    case 'true_false':
      if (response.type !== 'true_false') return WRONG;
      return response.value === question.answer ? RIGHT : WRONG;
    case 'multiple_choice': {
      if (response.type !== 'multiple_choice') return WRONG;
      const ids = question.options.map((o) => o.id);
      const chosen = new Set(response.optionIds);
      if (chosen.size !== response.optionIds.length || response.optionIds.some((id) => !ids.includes(id))) return WRONG;
      if (question.scoring === 'all_or_nothing') {
        const exact = chosen.size === question.answer.length && question.answer.every((id) => chosen.has(id));
        return exact ? RIGHT : WRONG;
      }
      return fromFraction(partialChoiceFraction(ids, question.answer, question.weights, chosen));
    }
    case 'short_answer':
      if (response.type !== 'short_answer') return WRONG;
      return question.answer.some((accepted) => answersMatch(accepted, response.text, question.matching)) ? RIGHT : WRONG;
    case 'ordering': {
      if (response.type !== 'ordering') return WRONG;
      const ids = question.options.map((o) => o.id);
      const order = response.order;
      if (order.length !== ids.length || new Set(order).size !== order.length || order.some((id) => !ids.includes(id))) return WRONG;
      const inPlace = order.filter((id, i) => question.answer[i] === id).length;
      if (question.scoring === 'all_or_nothing') return inPlace === ids.length ? RIGHT : WRONG;
      return fromFraction(inPlace / ids.length);
    }
    case 'numerical': {
      if (response.type !== 'numerical' || !Number.isFinite(response.value)) return WRONG;
      const best = Math.max(0, ...question.answer.filter((a) => numberMatches(a, response.value)).map((a) => a.weight));
      return fromFraction(best / 100);
    }
    case 'matching': {
      if (response.type !== 'matching') return WRONG;
      const ids = question.options.map((o) => o.id);
      const m = response.matches;
      if (m.length !== ids.length || new Set(m).size !== m.length || m.some((id) => !ids.includes(id))) return WRONG;
      const right = m.filter((id, i) => ids[i] === id).length;
      if (question.scoring === 'all_or_nothing') return right === ids.length ? RIGHT : WRONG;
      return fromFraction(right / ids.length);
    }
  }
}

/**
 * Whether `x` falls in a numerical answer, bounds included. A relative slack of
 * 1e-9 absorbs binary rounding (0.1 + 0.2 typed as 0.30000000000000004 on a
 * client), far below any tolerance a teacher writes.
 */
export function numberMatches(a: NumericAnswer, x: number): boolean {
  const lo = 'min' in a ? a.min : a.value - a.tolerance;
  const hi = 'min' in a ? a.max : a.value + a.tolerance;
  const slack = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
  return x >= lo - slack && x <= hi + slack;
}

/**
 * Whether a display-index response fits the question the player was shown: same
 * type, every index within the question's options, an ordering covering every item.
 * The shell answers `INVALID` instead of grading when this is false.
 */
export function isAnswerable(question: Question, response: PlayerResponse): boolean {
  if (response.type !== question.type) return false;
  const n = 'options' in question ? question.options.length : 0;
  const inRange = (i: number) => Number.isInteger(i) && i >= 0 && i < n;
  switch (response.type) {
    case 'single_choice':
      return inRange(response.choice);
    case 'multiple_choice':
      return response.choices.length > 0 && response.choices.every(inRange) && new Set(response.choices).size === response.choices.length;
    case 'ordering':
      return response.order.length === n && isPermutation(response.order);
    case 'matching':
      return response.pairs.length === n && isPermutation(response.pairs);
    case 'numerical':
      return Number.isFinite(response.value);
    case 'true_false':
    case 'short_answer':
      return true;
  }
}

/**
 * Percentages per option: explicit `weights` (an option they leave out weighs 0), or
 * by default each correct option 100/k and each wrong one −100/(n−k).
 */
export function choiceWeights(optionIds: readonly string[], answer: readonly string[], weights?: Record<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  const k = answer.length;
  const wrong = optionIds.length - k;
  for (const id of optionIds) {
    if (weights) out.set(id, weights[id] ?? 0);
    else out.set(id, answer.includes(id) ? 100 / k : -100 / wrong);
  }
  return out;
}

/**
 * Sum of the chosen options' weights over the sum of the positive weights, clamped
 * to 0..1. Dividing by the positive total rather than 100 lets authors round
 * (33.3 × 3, which the schema accepts) and still give full marks for the exact
 * set. Both sums run in option order so the exact set gives exactly 1 in floating point.
 */
function partialChoiceFraction(optionIds: readonly string[], answer: readonly string[], weights: Record<string, number> | undefined, chosen: ReadonlySet<string>): number {
  const w = choiceWeights(optionIds, answer, weights);
  let positive = 0;
  let sum = 0;
  for (const id of optionIds) {
    const wi = w.get(id) ?? 0;
    if (wi > 0) positive += wi;
    if (chosen.has(id)) sum += wi;
  }
  if (positive <= 0) return 0;
  return Math.min(1, Math.max(0, sum / positive));
}

function fromFraction(fraction: number): Grade {
  return { correct: fraction === 1, fraction };
}

/** Full-width and ideographic stops count too: answers are typed on many keyboards. */
const TRAILING_PUNCTUATION = /[\s.,;:!?…。！？，；：]+$/u;

/**
 * The comparison key for a short answer under the question's matching rules:
 * NFC with apostrophes unified (`nfc`), trimmed, trailing punctuation dropped
 * (unless that would leave nothing: an accepted answer may be "?"), then spaces
 * squashed, diacritics stripped and case folded as the rules say.
 */
export function answerKey(text: string, matching: Matching): string {
  let key = unifyApostrophes(nfc(text)).trim();
  const stripped = key.replace(TRAILING_PUNCTUATION, '');
  if (stripped.length > 0) key = stripped;
  if (matching.ignoreExtraSpaces) key = squashSpaces(key);
  if (matching.ignoreDiacritics) key = stripDiacritics(key);
  if (!matching.caseSensitive) key = key.toLocaleLowerCase('vi');
  return key;
}

/** Whether a typed answer matches one accepted answer. An empty response never matches. */
export function answersMatch(accepted: string, typed: string, matching: Matching): boolean {
  const key = answerKey(typed, matching);
  return key.length > 0 && key === answerKey(accepted, matching);
}
