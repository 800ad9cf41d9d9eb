import { describe, expect, it } from 'vitest';
import { grade } from '../../src/banks/grading.ts';
import { buildPlayerQuestion, revealFor, toOriginalResponse } from '../../src/banks/player-view.ts';
import { QuestionSchema, type Question, type QuestionInput } from '../../src/banks/question-schema.ts';
import type { PlayerResponse } from '../../src/banks/responses.ts';
import { seededRandom } from '../../src/shared/random.ts';

const q = (input: QuestionInput): Question => QuestionSchema.parse(input);
const prompt = { vi: 'Sắp xếp **các bước**', en: 'Order **the steps**' };
const opt = (id: string, extra: object = {}) => ({ id, text: { vi: `Bước ${id}`, en: `Step ${id}` }, ...extra });
const noShuffle = { shuffle: false, rng: () => 0.5 };

describe('buildPlayerQuestion', () => {
  it('shows a single choice question by display index, in authoring order without shuffle', () => {
    const question = q({
      type: 'single_choice',
      prompt,
      options: [opt('a', { feedback: { vi: 'Đúng', en: 'Right' } }), opt('b')],
      answer: 'a',
      explanation: { vi: 'Giải thích', en: 'Explanation' },
      image: { url: 'https://example.org/a.png', alt: { vi: 'Ảnh', en: 'Picture' } },
    });
    expect(buildPlayerQuestion(question, noShuffle)).toEqual({
      view: {
        type: 'single_choice',
        prompt,
        image: { url: 'https://example.org/a.png', alt: { vi: 'Ảnh', en: 'Picture' } },
        options: [
          { index: 0, text: { vi: 'Bước a', en: 'Step a' } },
          { index: 1, text: { vi: 'Bước b', en: 'Step b' } },
        ],
      },
      mapping: ['a', 'b'],
    });
  });

  it('copies an image without alt text as just its url', () => {
    const question = q({ type: 'true_false', prompt, answer: true, image: { url: '/uploads/x.png' } });
    expect(buildPlayerQuestion(question, noShuffle)).toEqual({ view: { type: 'true_false', prompt, image: { url: '/uploads/x.png' } }, mapping: [] });
  });

  it('shows true/false and short answer questions without options', () => {
    expect(buildPlayerQuestion(q({ type: 'true_false', prompt, answer: true }), noShuffle)).toEqual({ view: { type: 'true_false', prompt }, mapping: [] });
    expect(buildPlayerQuestion(q({ type: 'short_answer', prompt, answer: ['x'] }), noShuffle)).toEqual({
      view: { type: 'short_answer', prompt },
      mapping: [],
    });
  });

  it('tells how many options to choose for multiple choice', () => {
    const question = q({ type: 'multiple_choice', prompt, options: [opt('a'), opt('b'), opt('c')], answer: ['a', 'c'] });
    expect(buildPlayerQuestion(question, noShuffle).view.count).toBe(2);
  });

  it('shuffles choice options with the injected rng and keeps text and mapping in step', () => {
    const question = q({ type: 'single_choice', prompt, options: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => opt(id)), answer: 'a' });
    const rng = seededRandom('shuffle');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { view, mapping } = buildPlayerQuestion(question, { shuffle: true, rng });
      expect([...mapping].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
      expect(view.options).toEqual(mapping.map((id, index) => ({ index, text: { vi: `Bước ${id}`, en: `Step ${id}` } })));
      seen.add(mapping.join(''));
    }
    expect(seen.size).toBeGreaterThan(150);
    expect(buildPlayerQuestion(question, { shuffle: true, rng: seededRandom('s') })).toEqual(buildPlayerQuestion(question, { shuffle: true, rng: seededRandom('s') }));
  });

  it('never shows ordering items in the correct order, even without shuffle', () => {
    // The stored option order is the correct order here, the easy way to leak it.
    const question = q({ type: 'ordering', prompt, options: [opt('a'), opt('b'), opt('c')], answer: ['a', 'b', 'c'] });
    const rng = seededRandom('ordering');
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const key = buildPlayerQuestion(question, { shuffle: false, rng }).mapping.join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['acb', 'bac', 'bca', 'cab', 'cba']);
    // Uniform over the five other orders.
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(120);
  });

  it('compares against the answer, not the stored option order', () => {
    const question = q({ type: 'ordering', prompt, options: [opt('c'), opt('a'), opt('b')], answer: ['a', 'b', 'c'] });
    const rng = seededRandom('answer-order');
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add(buildPlayerQuestion(question, { shuffle: false, rng }).mapping.join(''));
    expect(seen.has('abc')).toBe(false);
    expect(seen.has('cab')).toBe(true);
  });

  it('reverses a two-item ordering, whatever the rng does', () => {
    const question = q({ type: 'ordering', prompt, options: [opt('a'), opt('b')], answer: ['a', 'b'] });
    for (const rng of [seededRandom('two'), () => 0, () => 0.5, () => 0.999999, () => 1]) {
      for (let i = 0; i < 50; i++) expect(buildPlayerQuestion(question, { shuffle: false, rng }).mapping).toEqual(['b', 'a']);
    }
  });

  it('forces a wrong order with a degenerate rng on longer orderings too', () => {
    const question = q({ type: 'ordering', prompt, options: [opt('a'), opt('b'), opt('c'), opt('d')], answer: ['a', 'b', 'c', 'd'] });
    for (const value of [0, 0.5, 0.999999, 1]) {
      const { mapping } = buildPlayerQuestion(question, { shuffle: false, rng: () => value });
      expect([...mapping].sort()).toEqual(['a', 'b', 'c', 'd']);
      expect(mapping).not.toEqual(['a', 'b', 'c', 'd']);
    }
  });
});

describe('toOriginalResponse', () => {
  const mapping = ['c', 'a', 'd', 'b'];
  it('maps display indices back to option ids', () => {
    expect(toOriginalResponse({ type: 'single_choice', choice: 2 }, mapping)).toEqual({ type: 'single_choice', optionId: 'd' });
    expect(toOriginalResponse({ type: 'multiple_choice', choices: [3, 0] }, mapping)).toEqual({ type: 'multiple_choice', optionIds: ['b', 'c'] });
    expect(toOriginalResponse({ type: 'ordering', order: [1, 3, 0, 2] }, mapping)).toEqual({ type: 'ordering', order: ['a', 'b', 'c', 'd'] });
    expect(toOriginalResponse({ type: 'true_false', value: true }, [])).toEqual({ type: 'true_false', value: true });
    expect(toOriginalResponse({ type: 'short_answer', text: 'mật khẩu' }, [])).toEqual({ type: 'short_answer', text: 'mật khẩu' });
  });

  it('returns null for out-of-range, repeated or non-integer indices and incomplete orderings', () => {
    const bad: PlayerResponse[] = [
      { type: 'single_choice', choice: 4 },
      { type: 'single_choice', choice: -1 },
      { type: 'single_choice', choice: 0.5 },
      { type: 'multiple_choice', choices: [0, 4] },
      { type: 'multiple_choice', choices: [1, 1] },
      { type: 'ordering', order: [0, 1, 2] },
      { type: 'ordering', order: [0, 1, 2, 2] },
      { type: 'ordering', order: [0, 1, 2, 3, 4] },
    ];
    for (const response of bad) expect(toOriginalResponse(response, mapping), JSON.stringify(response)).toBeNull();
  });
});

describe('revealFor', () => {
  it('gives the answer, explanation and feedback in display terms', () => {
    const question = q({
      type: 'multiple_choice',
      prompt,
      options: [opt('a', { feedback: { vi: 'Có', en: 'Yes' } }), opt('b'), opt('c', { feedback: { vi: 'Không', en: 'No' } }), opt('d')],
      answer: ['a', 'd'],
      explanation: { vi: 'Vì vậy', en: 'Because' },
    });
    expect(revealFor(question, ['d', 'c', 'b', 'a'])).toEqual({
      type: 'multiple_choice',
      correct: [0, 3],
      explanation: { vi: 'Vì vậy', en: 'Because' },
      optionFeedback: [
        { index: 1, text: { vi: 'Không', en: 'No' } },
        { index: 3, text: { vi: 'Có', en: 'Yes' } },
      ],
    });
  });

  it('covers every question type', () => {
    expect(revealFor(q({ type: 'single_choice', prompt, options: [opt('a'), opt('b')], answer: 'a' }), ['b', 'a'])).toEqual({ type: 'single_choice', correct: [1] });
    expect(
      revealFor(q({ type: 'true_false', prompt, answer: false, feedback: { correct: { vi: 'Giỏi', en: 'Well done' }, incorrect: { en: 'No' } } }), []),
    ).toEqual({ type: 'true_false', value: false, feedback: { correct: { vi: 'Giỏi', en: 'Well done' }, incorrect: { vi: '', en: 'No' } } });
    expect(revealFor(q({ type: 'short_answer', prompt, answer: ['tường lửa', 'firewall'] }), [])).toEqual({ type: 'short_answer', accepted: ['tường lửa', 'firewall'] });
    expect(revealFor(q({ type: 'ordering', prompt, options: [opt('a'), opt('b'), opt('c')], answer: ['b', 'c', 'a'] }), ['c', 'a', 'b'])).toEqual({
      type: 'ordering',
      order: [2, 0, 1],
    });
  });

  it('throws on a mapping that belongs to another question', () => {
    const question = q({ type: 'single_choice', prompt, options: [opt('a'), opt('b')], answer: 'a' });
    expect(() => revealFor(question, ['a'])).toThrow(/mapping/);
    expect(() => revealFor(question, ['a', 'a'])).toThrow(/mapping/);
    expect(() => revealFor(question, ['a', 'c'])).toThrow(/mapping/);
  });
});

describe('view, response and reveal agree', () => {
  const questions = [
    q({ type: 'single_choice', prompt, options: ['a', 'b', 'c', 'd'].map((id) => opt(id)), answer: 'c' }),
    q({ type: 'multiple_choice', prompt, options: ['a', 'b', 'c', 'd', 'e'].map((id) => opt(id)), answer: ['b', 'e'], scoring: 'partial' }),
    q({ type: 'ordering', prompt, options: ['a', 'b', 'c', 'd', 'e'].map((id) => opt(id)), answer: ['e', 'a', 'd', 'b', 'c'] }),
  ];
  it('answering with the revealed indices grades as correct after 1,000 shuffles', () => {
    const rng = seededRandom('round-trip');
    for (const question of questions)
      for (let i = 0; i < 1000; i++) {
        const { mapping } = buildPlayerQuestion(question, { shuffle: true, rng });
        const reveal = revealFor(question, mapping);
        const response: PlayerResponse =
          question.type === 'single_choice'
            ? { type: 'single_choice', choice: reveal.correct![0]! }
            : question.type === 'multiple_choice'
              ? { type: 'multiple_choice', choices: reveal.correct! }
              : { type: 'ordering', order: reveal.order! };
        const original = toOriginalResponse(response, mapping);
        expect(original).not.toBeNull();
        expect(grade(question, original!)).toEqual({ correct: true, fraction: 1 });
      }
  });
});

describe('the view leaks nothing', () => {
  const SECRET = 'zzsecret';
  const secretText = { vi: `${SECRET} vi`, en: `${SECRET} en` };
  const sid = (n: number) => `${SECRET}-${n}`;
  const secretOptions = (n: number) => Array.from({ length: n }, (_, i) => ({ id: sid(i), text: { vi: `Lựa chọn ${i}`, en: `Choice ${i}` }, feedback: secretText }));
  const common = {
    id: `${SECRET}.question`,
    prompt: { vi: 'Đề bài', en: 'Prompt' },
    explanation: secretText,
    feedback: { correct: secretText, incorrect: secretText },
    source: `${SECRET} source`,
    competences: ['4.2'],
    gradeBands: ['TC1'],
    tags: [`${SECRET} tag`],
    timeLimitSec: 30,
    points: 2 as const,
    difficulty: 3 as const,
    image: { url: 'https://example.org/p.png', alt: { vi: 'Ảnh', en: 'Picture' } },
  };
  const questions: Question[] = [
    q({ ...common, type: 'single_choice', options: secretOptions(6), answer: sid(0) }),
    q({ ...common, type: 'multiple_choice', options: secretOptions(8), answer: [sid(0), sid(1)], scoring: 'partial', weights: { [sid(0)]: 50, [sid(1)]: 50, [sid(2)]: -100 } }),
    q({ ...common, type: 'true_false', answer: true }),
    q({ ...common, type: 'short_answer', answer: [`${SECRET} answer`], matching: { caseSensitive: true, ignoreDiacritics: false, ignoreExtraSpaces: false } }),
    q({ ...common, type: 'ordering', options: secretOptions(6), answer: [0, 1, 2, 3, 4, 5].map(sid), scoring: 'partial' }),
  ];
  const ALLOWED_KEYS = new Set(['type', 'prompt', 'vi', 'en', 'options', 'index', 'text', 'count', 'image', 'url', 'alt']);
  const keysOf = (value: unknown, out = new Set<string>()): Set<string> => {
    if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        out.add(k);
        keysOf(v, out);
      }
    return out;
  };

  it.each(questions.map((question) => ({ type: question.type, question })))('$type: no secret key or value across 1,000 shuffles', ({ question }) => {
    const rng = seededRandom(`leak-${question.type}`);
    for (let i = 0; i < 1000; i++) {
      const { view } = buildPlayerQuestion(question, { shuffle: i % 2 === 0, rng });
      const json = JSON.stringify(view);
      expect(json).not.toContain(SECRET);
      for (const key of ['answer', 'weights', 'feedback', 'scoring', 'matching', 'explanation', 'source', 'id', 'tags', 'competences', 'points', 'difficulty']) {
        expect(json).not.toContain(`"${key}"`);
      }
      for (const key of keysOf(JSON.parse(json))) expect(ALLOWED_KEYS.has(key), key).toBe(true);
    }
  });
});
