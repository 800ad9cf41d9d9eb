import { describe, expect, it } from 'vitest';
import { grade, isAnswerable, numberMatches } from '../../src/banks/grading.ts';
import { buildPlayerQuestion, revealFor, toOriginalResponse } from '../../src/banks/player-view.ts';
import { QuestionSchema, type Question, type QuestionInput } from '../../src/banks/question-schema.ts';
import { ResponseSchema } from '../../src/banks/responses.ts';
import { seededRandom } from '../../src/shared/random.ts';

/** The two question types added for Moodle parity: schema, grading, player view, reveal, responses. */
const q = (input: QuestionInput): Question => QuestionSchema.parse(input);
const prompt = { vi: 'Câu hỏi', en: 'Question' };

const PI = q({ id: 'pi', type: 'numerical', prompt, answer: [{ value: 3.14, tolerance: 0.01 }, { value: 3, tolerance: 0, weight: 50 }], unit: 'rad' });
const RANGE = q({ id: 'range', type: 'numerical', prompt, answer: [{ min: 1, max: 5 }], display: 'slider', slider: { min: 0, max: 10, step: 1 } });
const CAPITALS = q({
  id: 'cap',
  type: 'matching',
  prompt,
  options: [
    { id: 'a', text: { vi: 'Việt Nam', en: 'Vietnam' }, match: { vi: 'Hà Nội', en: 'Hanoi' }, feedback: { vi: 'Thủ đô', en: 'Capital' } },
    { id: 'b', text: { vi: 'Lào', en: 'Laos' }, match: { vi: 'Viêng Chăn', en: 'Vientiane' } },
    { id: 'c', text: { vi: 'Thái Lan', en: 'Thailand' }, match: { vi: 'Băng Cốc', en: 'Bangkok' } },
  ],
});

describe('schema', () => {
  it('fills defaults and refuses what cannot be answered', () => {
    expect(PI).toMatchObject({ display: 'keypad', answer: [{ value: 3.14, tolerance: 0.01, weight: 100 }, { value: 3, tolerance: 0, weight: 50 }] });
    expect(CAPITALS).toMatchObject({ scoring: 'partial' });
    const bad = (input: unknown) => QuestionSchema.safeParse(input).success;
    expect(bad({ type: 'numerical', prompt, answer: [{ value: 1, weight: 50 }] })).toBe(false); // nothing earns 100 %
    expect(bad({ type: 'numerical', prompt, answer: [{ min: 5, max: 1 }] })).toBe(false);
    expect(bad({ type: 'numerical', prompt, answer: [{ value: 1, min: 0 }] })).toBe(false); // neither form
    expect(bad({ type: 'numerical', prompt, answer: [{ value: Number.NaN }] })).toBe(false);
    expect(bad({ type: 'numerical', prompt, answer: [{ value: 1 }], display: 'slider' })).toBe(false); // slider without bounds
    expect(bad({ type: 'numerical', prompt, answer: [{ value: 50 }], display: 'slider', slider: { min: 0, max: 10, step: 1 } })).toBe(false); // out of reach
    expect(bad({ type: 'numerical', prompt, answer: [{ value: 0.5 }], display: 'slider', slider: { min: 0, max: 10, step: 1 } })).toBe(false); // between steps
    expect(bad({ type: 'numerical', prompt, answer: [{ value: 1 }], display: 'slider', slider: { min: 0, max: 1e6, step: 1 } })).toBe(false); // too many steps
    expect(bad({ type: 'matching', prompt, options: [{ id: 'a', text: { vi: 'x' }, match: { vi: 'Một' } }, { id: 'b', text: { vi: 'y' }, match: { vi: 'một' } }] })).toBe(false); // same match
    expect(bad({ type: 'matching', prompt, options: [{ id: 'a', text: { vi: 'x' }, match: { vi: 'Một' } }] })).toBe(false); // one pair
    expect(bad({ type: 'matching', prompt, options: [{ id: 'a', text: { vi: 'x' } }, { id: 'b', text: { vi: 'y' }, match: { vi: 'z' } }] })).toBe(false); // no match
  });
});

describe('grading', () => {
  it('numerical: the best-weighted answer a number falls in, bounds included, decimal rounding absorbed', () => {
    const g = (value: number, question: Question = PI) => grade(question, { type: 'numerical', value });
    expect(g(3.14)).toEqual({ correct: true, fraction: 1 });
    expect(g(3.15)).toEqual({ correct: true, fraction: 1 });
    expect(g(3.13)).toEqual({ correct: true, fraction: 1 });
    expect(g(3.1500001)).toEqual({ correct: false, fraction: 0 });
    expect(g(3)).toEqual({ correct: false, fraction: 0.5 });
    expect(g(-3.14)).toEqual({ correct: false, fraction: 0 });
    expect(g(1, RANGE)).toEqual({ correct: true, fraction: 1 });
    expect(g(5, RANGE)).toEqual({ correct: true, fraction: 1 });
    expect(g(5.5, RANGE)).toEqual({ correct: false, fraction: 0 });
    expect(g(Number.POSITIVE_INFINITY, RANGE)).toEqual({ correct: false, fraction: 0 });
    expect(numberMatches({ value: 0.3, tolerance: 0, weight: 100 }, 0.1 + 0.2)).toBe(true);
    expect(grade(PI, { type: 'short_answer', text: '3.14' })).toEqual({ correct: false, fraction: 0 });
  });

  it('matching: partial credit per pair, or all or nothing', () => {
    expect(grade(CAPITALS, { type: 'matching', matches: ['a', 'b', 'c'] })).toEqual({ correct: true, fraction: 1 });
    expect(grade(CAPITALS, { type: 'matching', matches: ['a', 'c', 'b'] })).toEqual({ correct: false, fraction: 1 / 3 });
    expect(grade(CAPITALS, { type: 'matching', matches: ['b', 'c', 'a'] })).toEqual({ correct: false, fraction: 0 });
    const strict = { ...CAPITALS, scoring: 'all_or_nothing' as const };
    expect(grade(strict, { type: 'matching', matches: ['a', 'c', 'b'] })).toEqual({ correct: false, fraction: 0 });
    expect(grade(strict, { type: 'matching', matches: ['a', 'b', 'c'] })).toEqual({ correct: true, fraction: 1 });
    // Repeated, unknown or missing ids earn nothing.
    expect(grade(CAPITALS, { type: 'matching', matches: ['a', 'a', 'c'] }).fraction).toBe(0);
    expect(grade(CAPITALS, { type: 'matching', matches: ['a', 'b', 'z'] }).fraction).toBe(0);
    expect(grade(CAPITALS, { type: 'matching', matches: ['a', 'b'] }).fraction).toBe(0);
  });
});

describe('player view and reveal', () => {
  it('numerical: the input kind and unit, never the numbers; the reveal gives the full-mark numbers', () => {
    const { view, mapping } = buildPlayerQuestion(PI, { shuffle: true, rng: seededRandom('x') });
    expect(view).toEqual({ type: 'numerical', prompt, numeric: { display: 'keypad', unit: 'rad' } });
    expect(JSON.stringify(view)).not.toContain('3.14');
    expect(mapping).toEqual([]);
    expect(revealFor(PI, mapping)).toEqual({ type: 'numerical', numbers: [{ value: 3.14, tolerance: 0.01 }] });
    expect(buildPlayerQuestion(RANGE, { shuffle: false, rng: seededRandom('x') }).view.numeric).toEqual({ display: 'slider', slider: { min: 0, max: 10, step: 1 } });
  });

  it('matching: left items in order, right items never already paired, no ids; responses and reveal in display indices', () => {
    for (let i = 0; i < 200; i++) {
      const { view, mapping } = buildPlayerQuestion(CAPITALS, { shuffle: true, rng: seededRandom(`m${i}`) });
      expect(view.options!.map((o) => o.text.vi)).toEqual(['Việt Nam', 'Lào', 'Thái Lan']);
      const right = view.matches!.map((m) => m.text.vi);
      expect(right.sort()).toEqual(['Băng Cốc', 'Hà Nội', 'Viêng Chăn']);
      expect(mapping).not.toEqual(['a', 'b', 'c']);
      const json = JSON.stringify(view);
      expect(json).not.toMatch(/"id"|feedback|Capital|"match"/);
      // The reveal's pairs, sent back as a response, are fully right.
      const reveal = revealFor(CAPITALS, mapping);
      const response = ResponseSchema.parse({ type: 'matching', pairs: reveal.pairs });
      expect(isAnswerable(CAPITALS, response)).toBe(true);
      const original = toOriginalResponse(response, mapping)!;
      expect(grade(CAPITALS, original)).toEqual({ correct: true, fraction: 1 });
      expect(view.matches![reveal.pairs![0]!]!.text.vi).toBe('Hà Nội');
      // Feedback stays on the left item it belongs to.
      expect(reveal.optionFeedback).toEqual([{ index: 0, text: { vi: 'Thủ đô', en: 'Capital' } }]);
    }
  });

  it('refuses malformed responses', () => {
    expect(ResponseSchema.safeParse({ type: 'matching', pairs: [0, 0, 1] }).success).toBe(false);
    expect(ResponseSchema.safeParse({ type: 'matching', pairs: [0] }).success).toBe(false);
    expect(ResponseSchema.safeParse({ type: 'numerical', value: '3.14' }).success).toBe(false);
    expect(ResponseSchema.safeParse({ type: 'numerical', value: 1e13 }).success).toBe(false);
    expect(ResponseSchema.safeParse({ type: 'numerical', value: 1, extra: true }).success).toBe(false);
    const two = ResponseSchema.parse({ type: 'matching', pairs: [1, 0] });
    expect(isAnswerable(CAPITALS, two)).toBe(false);
    expect(toOriginalResponse(two, ['a', 'b', 'c'])).toBeNull();
  });
});

describe('shipped-content rules', () => {
  it('hold matching partners to both languages and units to plain units', async () => {
    const { checkQuestion } = await import('../../src/banks/content-rules.ts');
    const { DEFAULT_FRAMEWORK_ID } = await import('../../src/banks/competences.ts');
    const base = { competences: ['4.2'], gradeBands: ['CB2'], source: 'Ví dụ', explanation: { vi: 'Vì', en: 'Because' } };
    const matching = q({ ...base, type: 'matching', prompt, options: [{ id: 'a', text: { vi: 'A', en: 'A' }, match: { vi: 'Một' } }, { id: 'b', text: { vi: 'B', en: 'B' }, match: { vi: 'Hai', en: 'Two' } }] } as QuestionInput);
    expect(checkQuestion(matching, DEFAULT_FRAMEWORK_ID)).toEqual(['match of option a: English text missing']);
    const numerical = q({ ...base, type: 'numerical', prompt, answer: [{ value: 1 }], unit: '<b>' } as QuestionInput);
    expect(checkQuestion(numerical, DEFAULT_FRAMEWORK_ID)).toEqual(['unit "<b>" should be a plain unit such as "km" or "%"']);
  });
});
