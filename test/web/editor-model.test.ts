import { describe, expect, it } from 'vitest';
import {
  addOption,
  blankQuestion,
  changeType,
  fingerprint,
  isDirty,
  moveOption,
  nextOptionId,
  parseRaw,
  removeOption,
  serverIssues,
  setOptionText,
  setWeight,
  toggleCorrect,
  toPayload,
  validate,
  type EditorQuestion,
} from '../../src/web/client/editor-model.ts';
import { QuestionSchema } from '../../src/banks/question-schema.ts';
import { EVERY_TYPE } from '../banks/fixtures.ts';

const filled = (q: EditorQuestion): EditorQuestion => {
  let x = { ...q, prompt: { vi: 'Câu hỏi', en: 'Question' } };
  for (const o of x.options ?? []) x = setOptionText(setOptionText(x, o.id, 'vi', `PA ${o.id}`), o.id, 'en', `Opt ${o.id}`);
  if (x.type === 'short_answer') x = { ...x, answer: ['mật khẩu'] };
  return x;
};
const keys = (q: EditorQuestion) => validate(q).map((i) => `${i.path}:${i.key}`);

describe('a new question of every type', () => {
  for (const type of ['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'ordering']) {
    it(`${type}: blank is invalid, filled in is valid and passes the server schema`, () => {
      const blank = blankQuestion(type);
      expect(validate(blank).length).toBeGreaterThan(0);
      const q = filled(blank);
      expect(validate(q)).toEqual([]);
      const parsed = QuestionSchema.safeParse(toPayload(q));
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    });
  }
});

describe('options', () => {
  it('gets ids a, b, c… and skips used ones', () => {
    expect(nextOptionId([])).toBe('a');
    expect(nextOptionId([{ id: 'a', text: { vi: '', en: '' } }, { id: 'c', text: { vi: '', en: '' } }])).toBe('b');
    const all = Array.from({ length: 26 }, (_, i) => ({ id: String.fromCharCode(97 + i), text: { vi: '', en: '' } }));
    expect(nextOptionId(all)).toBe('o1');
  });

  it('adds up to the type limit and removes down to two', () => {
    let q = blankQuestion('single_choice');
    for (let i = 0; i < 10; i++) q = addOption(q);
    expect(q.options).toHaveLength(6);
    for (const o of [...q.options!]) q = removeOption(q, o.id);
    expect(q.options).toHaveLength(2);
    let m = blankQuestion('multiple_choice');
    for (let i = 0; i < 10; i++) m = addOption(m);
    expect(m.options).toHaveLength(8);
  });

  it('keeps the single answer on an existing option when its option is removed', () => {
    let q = addOption(blankQuestion('single_choice'));
    q = toggleCorrect(q, 'c');
    expect(q.answer).toBe('c');
    q = removeOption(q, 'c');
    expect(q.answer).toBe('a');
  });

  it('toggles correct options in option order for multiple choice', () => {
    let q = addOption(blankQuestion('multiple_choice'));
    expect(q.answer).toEqual(['a']); // a new question starts with the first option marked
    q = toggleCorrect(toggleCorrect(q, 'c'), 'b');
    expect(q.answer).toEqual(['a', 'b', 'c']);
    q = toggleCorrect(q, 'b');
    expect(q.answer).toEqual(['a', 'c']);
    q = toggleCorrect(q, 'a');
    expect(q.answer).toEqual(['c']);
  });

  it('an ordering question is its options in order; moving an option moves the answer', () => {
    let q = addOption(blankQuestion('ordering'));
    expect(q.answer).toEqual(['a', 'b', 'c']);
    q = moveOption(q, 'c', -1);
    expect(q.options!.map((o) => o.id)).toEqual(['a', 'c', 'b']);
    expect(q.answer).toEqual(['a', 'c', 'b']);
    expect(moveOption(q, 'a', -1)).toBe(q);
    q = removeOption(q, 'c');
    expect(q.answer).toEqual(['a', 'b']);
  });
});

describe('changing the type keeps what fits', () => {
  it('single → multiple keeps options and the answer as a set; → true/false drops options', () => {
    let q = filled(addOption(blankQuestion('single_choice')));
    q = toggleCorrect(q, 'b');
    const m = changeType(q, 'multiple_choice');
    expect(m.options!.map((o) => o.text.vi)).toEqual(['PA a', 'PA b', 'PA c']);
    expect(m.answer).toEqual(['b']);
    const tf = changeType(m, 'true_false');
    expect(tf.options).toBeUndefined();
    expect(tf.answer).toBe(true);
    expect(tf.prompt.vi).toBe('Câu hỏi');
    expect(validate(tf)).toEqual([]);
    const o = changeType(m, 'ordering');
    expect(o.answer).toEqual(['a', 'b', 'c']);
  });
});

describe('validation, field by field', () => {
  it('names the empty prompt, an empty option and a missing correct option', () => {
    let q = blankQuestion('multiple_choice');
    q = toggleCorrect(q, 'a');
    q = setOptionText(q, 'a', 'vi', 'Một');
    expect(keys(q)).toEqual(['prompt:editor.err.prompt', 'options.1.text:editor.err.optionText', 'answer:editor.err.chooseCorrect']);
  });

  it('one language is enough for a text', () => {
    const q = setOptionText(setOptionText({ ...blankQuestion('single_choice'), prompt: { vi: '', en: 'Only English' } }, 'a', 'en', 'A'), 'b', 'vi', 'B');
    expect(validate(q)).toEqual([]);
  });

  it('checks GIFT-style weights like the server does', () => {
    let q = filled(addOption(blankQuestion('multiple_choice')));
    q = toggleCorrect(q, 'b'); // answer a, b
    q = { ...q, scoring: 'partial' };
    q = setWeight(setWeight(setWeight(q, 'a', 50), 'b', 40), 'c', -100);
    expect(keys(q)).toEqual(['weights:editor.err.weightsSum']);
    q = setWeight(q, 'b', 50);
    expect(validate(q)).toEqual([]);
    expect(QuestionSchema.safeParse(toPayload(q)).success).toBe(true);
    q = setWeight(q, 'c', 10);
    expect(keys(q)).toContain('weights:editor.err.weightsMatch');
    q = setWeight(setWeight(setWeight(q, 'a', null), 'b', null), 'c', null);
    expect(q.weights).toBeUndefined();
  });

  it('an image needs an allowed address and alt text', () => {
    const q = filled(blankQuestion('true_false'));
    expect(keys({ ...q, image: { url: 'javascript:alert(1)', alt: { vi: 'x', en: '' } } })).toEqual(['image.url:editor.err.imageUrl']);
    expect(keys({ ...q, image: { url: '/uploads/0b8a4c1e-0000-4000-8000-000000000000' } })).toEqual(['image.alt:editor.err.imageAlt']);
  });

  it('short answers need one accepted answer; blank lines do not count', () => {
    const q = { ...filled(blankQuestion('short_answer')), answer: ['', '  '] };
    expect(keys(q)).toEqual(['answer:editor.err.shortAnswer']);
    expect(toPayload({ ...q, answer: [' mật khẩu ', '', 'password'] }).answer).toEqual(['mật khẩu', 'password']);
  });

  it('time limits are whole seconds from 5 to 240', () => {
    const q = filled(blankQuestion('true_false'));
    expect(keys({ ...q, timeLimitSec: 3 })).toEqual(['timeLimitSec:editor.err.timeLimit']);
    expect(keys({ ...q, timeLimitSec: 30 })).toEqual([]);
  });
});

describe('the payload', () => {
  it('trims, normalises to NFC and leaves out empty optional parts', () => {
    const q: EditorQuestion = { ...filled(blankQuestion('true_false')), prompt: { vi: '  Mật khẩu '.normalize('NFD'), en: '' }, explanation: { vi: ' ', en: '' }, source: '  ', image: { url: '' } };
    const p = toPayload(q);
    expect(p.prompt).toEqual({ vi: 'Mật khẩu'.normalize('NFC'), en: '' });
    expect('explanation' in p).toBe(false);
    expect('source' in p).toBe(false);
    expect('image' in p).toBe(false);
    expect('id' in p).toBe(false);
  });

  it('every fixture question loads into the editor and goes back unchanged by the schema', () => {
    for (const input of EVERY_TYPE) {
      const stored = QuestionSchema.parse(input) as unknown as EditorQuestion;
      expect(validate(stored), input.id).toEqual([]);
      const back = QuestionSchema.parse(toPayload(stored));
      expect({ ...back, id: input.id }).toEqual(stored);
    }
  });
});

describe('unsaved changes', () => {
  it('is dirty only when the payload differs (key order and untouched defaults do not count)', () => {
    const a = filled(blankQuestion('single_choice'));
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as EditorQuestion;
    expect(isDirty(a, reordered)).toBe(false);
    expect(isDirty(a, { ...a, explanation: { vi: '', en: '' } })).toBe(false);
    expect(isDirty(a, setOptionText(a, 'a', 'vi', 'khác'))).toBe(true);
    expect(fingerprint(a)).toBe(fingerprint({ ...a }));
  });
});

describe('server errors and the JSON editor', () => {
  it('maps 422 paths onto the editor fields', () => {
    const issues = serverIssues([{ path: 'options.1.text.vi', message: 'too long' }, { path: 'image.alt.vi', message: 'x' }, { path: 'answer', message: 'y' }, { nope: 1 }]);
    expect(issues.map((i) => i.path)).toEqual(['options.1.text', 'image.alt', 'answer']);
    expect(serverIssues(undefined)).toEqual([]);
  });

  it('parses a question typed as JSON (types without a form) and reports bad JSON', () => {
    expect(parseRaw('{"type":"numerical","prompt":{"vi":"1+1?","en":""},"answer":2}')).toMatchObject({ ok: true, question: { type: 'numerical', answer: 2 } });
    expect(parseRaw('{"prompt":1}')).toMatchObject({ ok: false, issue: { key: 'editor.err.jsonType' } });
    expect(parseRaw('{oops')).toMatchObject({ ok: false, issue: { path: 'json', key: 'editor.err.json' } });
    expect(validate({ type: 'numerical', prompt: { vi: '', en: '' } } as unknown as EditorQuestion)).toEqual([]);
  });
});
