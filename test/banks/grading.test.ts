import { describe, expect, it } from 'vitest';
import { answerKey, answersMatch, choiceWeights, grade, isAnswerable } from '../../src/banks/grading.ts';
import { QuestionSchema, type Matching, type Question, type QuestionInput } from '../../src/banks/question-schema.ts';
import type { OriginalResponse, PlayerResponse } from '../../src/banks/responses.ts';

const q = (input: QuestionInput): Question => QuestionSchema.parse(input);
const opts = (...ids: string[]) => ids.map((id) => ({ id, text: { vi: `Phương án ${id}`, en: `Option ${id}` } }));
const prompt = { vi: 'Câu hỏi?', en: 'Question?' };

const single = q({ type: 'single_choice', prompt, options: opts('a', 'b', 'c'), answer: 'b' });
const multi = (extra: Partial<Extract<QuestionInput, { type: 'multiple_choice' }>> = {}) =>
  q({ type: 'multiple_choice', prompt, options: opts('a', 'b', 'c', 'd'), answer: ['a', 'b'], ...extra });
const trueFalse = q({ type: 'true_false', prompt, answer: false });
const short = (answer: string[], matching?: Partial<Matching>) => q({ type: 'short_answer', prompt, answer, ...(matching ? { matching } : {}) });
const ordering = (scoring: 'all_or_nothing' | 'partial', ids = ['a', 'b', 'c', 'd']) =>
  q({ type: 'ordering', prompt, options: opts(...[...ids].reverse()), answer: ids, scoring });

const RIGHT = { correct: true, fraction: 1 };
const WRONG = { correct: false, fraction: 0 };
const mc = (...optionIds: string[]): OriginalResponse => ({ type: 'multiple_choice', optionIds });
const sa = (text: string): OriginalResponse => ({ type: 'short_answer', text });
const ord = (...order: string[]): OriginalResponse => ({ type: 'ordering', order });

describe('grade: single choice and true/false', () => {
  it('is exact', () => {
    expect(grade(single, { type: 'single_choice', optionId: 'b' })).toEqual(RIGHT);
    expect(grade(single, { type: 'single_choice', optionId: 'a' })).toEqual(WRONG);
    expect(grade(single, { type: 'single_choice', optionId: 'zz' })).toEqual(WRONG);
    expect(grade(trueFalse, { type: 'true_false', value: false })).toEqual(RIGHT);
    expect(grade(trueFalse, { type: 'true_false', value: true })).toEqual(WRONG);
  });
});

describe('grade: multiple choice, all or nothing', () => {
  const question = multi();
  it('scores exactly the correct set, in any order', () => {
    expect(grade(question, mc('a', 'b'))).toEqual(RIGHT);
    expect(grade(question, mc('b', 'a'))).toEqual(RIGHT);
  });
  it('gives nothing for a subset, a superset or an empty set', () => {
    expect(grade(question, mc('a'))).toEqual(WRONG);
    expect(grade(question, mc('a', 'b', 'c'))).toEqual(WRONG);
    expect(grade(question, mc())).toEqual(WRONG);
  });
  it('gives nothing for repeated or unknown ids', () => {
    expect(grade(question, mc('a', 'a'))).toEqual(WRONG);
    expect(grade(question, mc('a', 'b', 'zz'))).toEqual(WRONG);
  });
  it('ignores weights', () => {
    expect(grade(multi({ weights: { a: 50, b: 50, c: -10 } }), mc('a'))).toEqual(WRONG);
  });
});

describe('grade: multiple choice, partial', () => {
  it('uses 100/k per correct option and −100/(n−k) per wrong one by default', () => {
    expect(choiceWeights(['a', 'b', 'c', 'd'], ['a', 'b'])).toEqual(new Map([['a', 50], ['b', 50], ['c', -50], ['d', -50]]));
    const question = multi({ scoring: 'partial' });
    expect(grade(question, mc('a'))).toEqual({ correct: false, fraction: 0.5 });
    expect(grade(question, mc('b', 'a'))).toEqual(RIGHT);
    expect(grade(question, mc('a', 'b', 'c'))).toEqual({ correct: false, fraction: 0.5 });
    expect(grade(question, mc('a', 'c'))).toEqual(WRONG);
    expect(grade(question, mc('a', 'b', 'c', 'd'))).toEqual(WRONG);
  });

  it('clamps negative sums to 0', () => {
    expect(grade(multi({ scoring: 'partial' }), mc('c', 'd'))).toEqual(WRONG);
  });

  it('gives exactly 1 for the exact set even when 100/k is not exact in floating point', () => {
    const question = q({ type: 'multiple_choice', prompt, options: opts('a', 'b', 'c', 'd', 'e'), answer: ['a', 'c', 'e'], scoring: 'partial' });
    expect(grade(question, mc('e', 'a', 'c'))).toEqual(RIGHT);
    const two = grade(question, mc('a', 'c'));
    expect(two.correct).toBe(false);
    expect(two.fraction).toBeCloseTo(2 / 3, 12);
    // Three correct (100) and one wrong (−50).
    expect(grade(question, mc('a', 'b', 'c', 'e')).fraction).toBeCloseTo(0.5, 12);
  });

  it('needs no wrong-option weight when every option is correct', () => {
    const question = q({ type: 'multiple_choice', prompt, options: opts('a', 'b', 'c'), answer: ['a', 'b', 'c'], scoring: 'partial' });
    expect(grade(question, mc('a', 'b', 'c'))).toEqual(RIGHT);
    expect(grade(question, mc('a', 'b')).fraction).toBeCloseTo(2 / 3, 12);
  });

  it('uses explicit weights, an unlisted option weighing 0', () => {
    const question = multi({ scoring: 'partial', weights: { a: 75, b: 25, c: -100 } });
    expect(grade(question, mc('a'))).toEqual({ correct: false, fraction: 0.75 });
    expect(grade(question, mc('b'))).toEqual({ correct: false, fraction: 0.25 });
    expect(grade(question, mc('a', 'b', 'd'))).toEqual(RIGHT);
    expect(grade(question, mc('a', 'c'))).toEqual(WRONG);
    expect(grade(question, mc('d'))).toEqual(WRONG);
  });

  it('reads weights as shares of their positive total, so rounded weights still give full marks', () => {
    const question = q({
      type: 'multiple_choice',
      prompt,
      options: opts('a', 'b', 'c', 'd'),
      answer: ['a', 'b', 'c'],
      scoring: 'partial',
      weights: { a: 33.3, b: 33.3, c: 33.3, d: -100 },
    });
    expect(grade(question, mc('a', 'b', 'c'))).toEqual(RIGHT);
    expect(grade(question, mc('a', 'b')).fraction).toBeCloseTo(2 / 3, 12);
    expect(grade(question, mc('a', 'b', 'c', 'd'))).toEqual(WRONG);
  });
});

describe('grade: short answer', () => {
  it('ignores case, diacritics, extra spaces and trailing punctuation by default', () => {
    const question = short(['Mật khẩu mạnh']);
    for (const typed of ['Mật khẩu mạnh', 'mat khau manh', 'MẬT KHẨU MẠNH', '  mật   khẩu\tmạnh ', 'Mật khẩu mạnh.', 'mật khẩu mạnh !!', 'mật khẩu mạnh…', 'mật khẩu mạnh。']) {
      expect(grade(question, sa(typed)), typed).toEqual(RIGHT);
    }
    for (const typed of ['mật khẩu', 'mật.khẩu mạnh', 'mật khẩu mạnh hơn', '.mật khẩu mạnh']) {
      expect(grade(question, sa(typed)), typed).toEqual(WRONG);
    }
  });

  it('matches NFD input and typographic apostrophes', () => {
    const question = short(["Cư M'gar"], { ignoreDiacritics: false });
    expect(grade(question, sa('Cư M\u2019gar'.normalize('NFD')))).toEqual(RIGHT);
    expect(grade(question, sa('cư mʼgar'))).toEqual(RIGHT);
    expect(grade(question, sa('Cu M’gar'))).toEqual(WRONG);
  });

  it('maps đ to d when ignoring diacritics', () => {
    expect(grade(short(['Đắk Lắk']), sa('dak lak'))).toEqual(RIGHT);
  });

  it('accepts any of the accepted answers, in either language', () => {
    const question = short(['tường lửa', 'firewall']);
    expect(grade(question, sa('Firewall'))).toEqual(RIGHT);
    expect(grade(question, sa('tuong lua'))).toEqual(RIGHT);
    expect(grade(question, sa('antivirus'))).toEqual(WRONG);
  });

  it('respects caseSensitive', () => {
    const question = short(['HTTPS'], { caseSensitive: true });
    expect(grade(question, sa('HTTPS'))).toEqual(RIGHT);
    expect(grade(question, sa('https'))).toEqual(WRONG);
    const vietnamese = short(['Hà Nội'], { caseSensitive: true });
    expect(grade(vietnamese, sa('Ha Noi'))).toEqual(RIGHT);
    expect(grade(vietnamese, sa('ha noi'))).toEqual(WRONG);
  });

  it('respects ignoreDiacritics: false', () => {
    const question = short(['Hà Nội'], { ignoreDiacritics: false });
    expect(grade(question, sa('hà nội'))).toEqual(RIGHT);
    expect(grade(question, sa('Ha Noi'))).toEqual(WRONG);
    expect(grade(question, sa('Hả Nội'))).toEqual(WRONG);
  });

  it('respects ignoreExtraSpaces: false but still trims the ends', () => {
    const question = short(['mật khẩu'], { ignoreExtraSpaces: false });
    expect(grade(question, sa('  mật khẩu  '))).toEqual(RIGHT);
    expect(grade(question, sa('mật  khẩu'))).toEqual(WRONG);
  });

  it('never matches an empty response, but an all-punctuation answer can match itself', () => {
    expect(grade(short(['a']), sa(''))).toEqual(WRONG);
    expect(grade(short(['a']), sa('   '))).toEqual(WRONG);
    expect(grade(short(['?']), sa(' ? '))).toEqual(RIGHT);
    expect(grade(short(['?']), sa('!'))).toEqual(WRONG);
  });

  it('builds the documented comparison keys', () => {
    const defaults: Matching = { caseSensitive: false, ignoreDiacritics: true, ignoreExtraSpaces: true };
    expect(answerKey('  Mật   KHẨU Đắk\u2019s!? ', defaults)).toBe("mat khau dak's");
    expect(answerKey('Mật  KHẨU.', { caseSensitive: true, ignoreDiacritics: false, ignoreExtraSpaces: false })).toBe('Mật  KHẨU');
    expect(answersMatch('x', 'X.', defaults)).toBe(true);
  });
});

describe('grade: ordering', () => {
  it('all or nothing needs the exact order', () => {
    const question = ordering('all_or_nothing');
    expect(grade(question, ord('a', 'b', 'c', 'd'))).toEqual(RIGHT);
    expect(grade(question, ord('a', 'b', 'd', 'c'))).toEqual(WRONG);
    // The options are stored reversed: the stored order is not the answer.
    expect(grade(question, ord('d', 'c', 'b', 'a'))).toEqual(WRONG);
  });

  it('partial gives the share of items in their correct position', () => {
    const question = ordering('partial');
    expect(grade(question, ord('a', 'b', 'c', 'd'))).toEqual(RIGHT);
    expect(grade(question, ord('a', 'b', 'd', 'c'))).toEqual({ correct: false, fraction: 0.5 });
    expect(grade(question, ord('b', 'a', 'c', 'd'))).toEqual({ correct: false, fraction: 0.5 });
    expect(grade(question, ord('d', 'a', 'b', 'c'))).toEqual(WRONG);
    expect(grade(question, ord('d', 'c', 'b', 'a'))).toEqual(WRONG);
    const three = grade(ordering('partial', ['a', 'b', 'c']), ord('c', 'b', 'a'));
    expect(three.correct).toBe(false);
    expect(three.fraction).toBeCloseTo(1 / 3, 12);
  });

  it('gives nothing for an order that is not a permutation of the items', () => {
    const question = ordering('partial');
    expect(grade(question, ord('a', 'b', 'c'))).toEqual(WRONG);
    expect(grade(question, ord('a', 'b', 'c', 'd', 'd'))).toEqual(WRONG);
    expect(grade(question, ord('a', 'b', 'c', 'c'))).toEqual(WRONG);
    expect(grade(question, ord('a', 'b', 'c', 'zz'))).toEqual(WRONG);
  });
});

describe('grade: a response of another type', () => {
  const questions = [single, multi({ scoring: 'partial' }), trueFalse, short(['false']), ordering('partial')];
  const responses: OriginalResponse[] = [
    { type: 'single_choice', optionId: 'a' },
    mc('a', 'b'),
    { type: 'true_false', value: false },
    sa('false'),
    ord('a', 'b', 'c', 'd'),
  ];
  it('earns nothing, even when it would be right for its own type', () => {
    let pairs = 0;
    for (const question of questions)
      for (const response of responses) {
        if (response.type === question.type) continue;
        expect(grade(question, response), `${question.type} ← ${response.type}`).toEqual(WRONG);
        pairs++;
      }
    expect(pairs).toBe(20);
  });
});

describe('isAnswerable', () => {
  const mc6 = q({ type: 'multiple_choice', prompt, options: opts('a', 'b', 'c'), answer: ['a'] });
  const ord3 = ordering('partial', ['a', 'b', 'c']);
  const cases: Array<[Question, PlayerResponse, boolean]> = [
    [single, { type: 'single_choice', choice: 0 }, true],
    [single, { type: 'single_choice', choice: 2 }, true],
    [single, { type: 'single_choice', choice: 3 }, false],
    [single, { type: 'single_choice', choice: -1 }, false],
    [single, { type: 'single_choice', choice: 1.5 }, false],
    [single, { type: 'multiple_choice', choices: [1] }, false],
    [mc6, { type: 'multiple_choice', choices: [2, 0] }, true],
    [mc6, { type: 'multiple_choice', choices: [3] }, false],
    [mc6, { type: 'multiple_choice', choices: [0, 0] }, false],
    [mc6, { type: 'multiple_choice', choices: [] }, false],
    [trueFalse, { type: 'true_false', value: true }, true],
    [trueFalse, { type: 'short_answer', text: 'true' }, false],
    [short(['x']), { type: 'short_answer', text: '' }, true],
    [short(['x']), { type: 'true_false', value: true }, false],
    [ord3, { type: 'ordering', order: [2, 0, 1] }, true],
    [ord3, { type: 'ordering', order: [1, 0] }, false],
    [ord3, { type: 'ordering', order: [0, 1, 2, 3] }, false],
    [ord3, { type: 'ordering', order: [0, 1, 1] }, false],
    [ord3, { type: 'single_choice', choice: 0 }, false],
  ];
  it.each(cases.map(([question, response, expected], i) => ({ i, question, response, expected })))(
    'case $i: $response.type → $expected',
    ({ question, response, expected }) => {
      expect(isAnswerable(question, response)).toBe(expected);
    },
  );
});
