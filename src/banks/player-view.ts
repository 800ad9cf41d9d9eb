import type { Question, QuestionType } from './question-schema.ts';
import type { OriginalResponse, PlayerResponse } from './responses.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { shuffleInPlace, type Rng } from '../shared/random.ts';

/**
 * What a player may see of a question while it is open, and the reveal after it
 * closes. Options are relabelled by display index: option ids would leak the
 * authoring order (GIFT and Aiken imports put the correct option first as `a`).
 * Every field is copied explicitly, never spread, so a field added to the
 * question schema cannot reach players by accident.
 */

export interface PlayerOption {
  index: number;
  text: LocalizedText;
}

export interface PlayerQuestion {
  type: QuestionType;
  /** Markdown (render with `renderMarkdown`). */
  prompt: LocalizedText;
  /** Choices, or the items to order; absent for true/false and short answer. */
  options?: PlayerOption[];
  image?: { url: string; alt?: LocalizedText };
  /** Multiple choice only: how many options are correct ("choose 2"). */
  count?: number;
  /** Matching: the right-hand items, shuffled (`options` holds the left-hand ones, in order). */
  matches?: PlayerOption[];
  /** Numerical: how the number is entered; the accepted numbers are never here. */
  numeric?: { display: 'keypad' | 'slider'; unit?: string; slider?: { min: number; max: number; step: number } };
}

/** Original option ids in display order (index i of the view is `mapping[i]`); empty for types without options. */
export type DisplayMapping = readonly string[];

/** The reveal in the player's display terms; send it only after the question closes. */
export interface PlayerReveal {
  type: QuestionType;
  /** Choice questions: the correct display indices, ascending. */
  correct?: number[];
  /** True/false: the right value. */
  value?: boolean;
  /** Short answer: every accepted answer. */
  accepted?: string[];
  /** Ordering: display indices in the correct order. */
  order?: number[];
  /** Numerical: the numbers that earn full marks (`value ± tolerance` or `min..max`). */
  numbers?: Array<{ value: number; tolerance: number } | { min: number; max: number }>;
  /** Matching: for each left item (in order), the display index of its right-hand item. */
  pairs?: number[];
  explanation?: LocalizedText;
  /** Question-level feedback for a right / wrong response. */
  feedback?: { correct?: LocalizedText; incorrect?: LocalizedText };
  /** Per-option feedback, for the options that have some. */
  optionFeedback?: Array<{ index: number; text: LocalizedText }>;
}

/** How many shuffles to try before forcing an ordering out of its correct order. */
const ORDERING_RETRIES = 32;

/**
 * The player's view of a question and the mapping needed to read responses back.
 * Choice options are shuffled when `shuffle` is set; ordering items are always
 * shuffled and never shown in the correct order (every ordering has ≥ 2 items, so
 * another order always exists; with 2 items it is the reversed one).
 */
export function buildPlayerQuestion(question: Question, opts: { shuffle: boolean; rng: Rng }): { view: PlayerQuestion; mapping: DisplayMapping } {
  const view: PlayerQuestion = { type: question.type, prompt: text(question.prompt) };
  if (question.image) {
    view.image = { url: question.image.url };
    if (question.image.alt) view.image.alt = text(question.image.alt);
  }
  if (question.type === 'true_false' || question.type === 'short_answer') return { view, mapping: [] };
  if (question.type === 'numerical') {
    view.numeric = { display: question.display };
    if (question.unit) view.numeric.unit = question.unit;
    if (question.slider) view.numeric.slider = { min: question.slider.min, max: question.slider.max, step: question.slider.step };
    return { view, mapping: [] };
  }
  if (question.type === 'matching') {
    // Left items keep their order (it reveals nothing); the right ones are never shown already paired.
    const ids = question.options.map((o) => o.id);
    const mapping = [...ids];
    orderingShuffle(mapping, ids, opts.rng);
    const byId = new Map(question.options.map((o) => [o.id, o]));
    view.options = question.options.map((o, index) => ({ index, text: text(o.text) }));
    view.matches = mapping.map((id, index) => ({ index, text: text(byId.get(id)!.match) }));
    return { view, mapping };
  }

  const mapping = question.options.map((o) => o.id);
  if (question.type === 'ordering') orderingShuffle(mapping, question.answer, opts.rng);
  else if (opts.shuffle) shuffleInPlace(mapping, opts.rng);

  const byId = new Map(question.options.map((o) => [o.id, o]));
  view.options = mapping.map((id, index) => ({ index, text: text(byId.get(id)!.text) }));
  if (question.type === 'multiple_choice') view.count = question.answer.length;
  return { view, mapping };
}

/**
 * Rejection sampling keeps the shuffle uniform over the non-correct orders; the
 * swap fallback only matters for a degenerate `rng` (one that always returns 0.5, say).
 */
function orderingShuffle(ids: string[], answer: readonly string[], rng: Rng): void {
  const isCorrect = () => ids.every((id, i) => id === answer[i]);
  for (let i = 0; i < ORDERING_RETRIES; i++) {
    shuffleInPlace(ids, rng);
    if (!isCorrect()) return;
  }
  const first = ids[0] as string;
  ids[0] = ids[1] as string;
  ids[1] = first;
}

/**
 * Map a display-index response back to option ids. Returns null when an index is
 * out of range or repeated, or an ordering does not cover every item. Type
 * mismatches are left to `isAnswerable` / `grade`, which know the question.
 */
export function toOriginalResponse(response: PlayerResponse, mapping: DisplayMapping): OriginalResponse | null {
  const idAt = (i: number) => (Number.isInteger(i) && i >= 0 && i < mapping.length ? mapping[i] : undefined);
  switch (response.type) {
    case 'true_false':
      return { type: 'true_false', value: response.value };
    case 'short_answer':
      return { type: 'short_answer', text: response.text };
    case 'single_choice': {
      const id = idAt(response.choice);
      return id === undefined ? null : { type: 'single_choice', optionId: id };
    }
    case 'multiple_choice': {
      const ids = mapIndices(response.choices, idAt);
      return ids ? { type: 'multiple_choice', optionIds: ids } : null;
    }
    case 'ordering': {
      if (response.order.length !== mapping.length) return null;
      const ids = mapIndices(response.order, idAt);
      return ids ? { type: 'ordering', order: ids } : null;
    }
    case 'numerical':
      return { type: 'numerical', value: response.value };
    case 'matching': {
      if (response.pairs.length !== mapping.length) return null;
      const ids = mapIndices(response.pairs, idAt);
      return ids ? { type: 'matching', matches: ids } : null;
    }
  }
}

function mapIndices(indices: readonly number[], idAt: (i: number) => string | undefined): string[] | null {
  if (new Set(indices).size !== indices.length) return null;
  const ids: string[] = [];
  for (const i of indices) {
    const id = idAt(i);
    if (id === undefined) return null;
    ids.push(id);
  }
  return ids;
}

/**
 * The answer, explanation and feedback in the player's display terms. Throws when
 * `mapping` is not a permutation of the question's option ids: that is a bug in
 * the caller (a mapping stored for another question), not bad player input.
 */
export function revealFor(question: Question, mapping: DisplayMapping): PlayerReveal {
  const reveal: PlayerReveal = { type: question.type };
  if (question.type === 'true_false') reveal.value = question.answer;
  else if (question.type === 'short_answer') reveal.accepted = [...question.answer];
  else if (question.type === 'numerical') {
    reveal.numbers = question.answer.filter((a) => a.weight === 100).map((a) => ('min' in a ? { min: a.min, max: a.max } : { value: a.value, tolerance: a.tolerance }));
  } else {
    const ids = question.options.map((o) => o.id);
    if (mapping.length !== ids.length || new Set(mapping).size !== ids.length || !mapping.every((id) => ids.includes(id))) {
      throw new Error('revealFor: mapping does not match the question options');
    }
    const indexOf = (id: string) => mapping.indexOf(id);
    if (question.type === 'single_choice') reveal.correct = [indexOf(question.answer)];
    else if (question.type === 'multiple_choice') reveal.correct = question.answer.map(indexOf).sort((a, b) => a - b);
    else if (question.type === 'matching') reveal.pairs = ids.map(indexOf);
    else reveal.order = question.answer.map(indexOf);
    // Matching feedback belongs to a left item, which keeps its authoring position.
    const at = question.type === 'matching' ? (id: string) => ids.indexOf(id) : indexOf;
    const optionFeedback = (question.options as ReadonlyArray<{ id: string; feedback?: LocalizedText | undefined }>)
      .filter((o) => o.feedback)
      .map((o) => ({ index: at(o.id), text: text(o.feedback!) }))
      .sort((a, b) => a.index - b.index);
    if (optionFeedback.length > 0) reveal.optionFeedback = optionFeedback;
  }
  if (question.explanation) reveal.explanation = text(question.explanation);
  if (question.feedback && (question.feedback.correct || question.feedback.incorrect)) {
    reveal.feedback = {};
    if (question.feedback.correct) reveal.feedback.correct = text(question.feedback.correct);
    if (question.feedback.incorrect) reveal.feedback.incorrect = text(question.feedback.incorrect);
  }
  return reveal;
}

function text(t: LocalizedText): LocalizedText {
  return { vi: t.vi, en: t.en };
}
