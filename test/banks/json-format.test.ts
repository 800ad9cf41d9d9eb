import { describe, expect, it } from 'vitest';
import { exportJsonBank, parseJsonBank } from '../../src/banks/formats/json-format.ts';
import { scanJson } from '../../src/banks/formats/json-positions.ts';
import { BankMetaSchema, QuestionSchema, type QuestionInput } from '../../src/banks/question-schema.ts';

const q = (input: QuestionInput) => QuestionSchema.parse(input);
const tf = (vi: string, extra: Partial<QuestionInput> = {}) => ({ type: 'true_false', prompt: { vi }, answer: true, ...extra });

describe('JSON position scanner', () => {
  it('gives the start line of values near the root', () => {
    const scan = scanJson('{\n  "a": [\n    1,\n\n    {"b": 2}\n  ],\n  "c": "x"\n}');
    expect(scan.ok).toBe(true);
    if (!scan.ok) return;
    expect([scan.lineOf([]), scan.lineOf(['a']), scan.lineOf(['a', 0]), scan.lineOf(['a', 1]), scan.lineOf(['c']), scan.lineOf(['a', 1, 'b']), scan.lineOf(['zz'])]).toEqual([
      1, 2, 3, 5, 7, undefined, undefined,
    ]);
  });

  it.each([
    ['{"a": 1,}', 1, 'expected a property name in double quotes, found "}"'],
    ['[\n1,\n2\n3]', 4, 'expected "," or "]", found "3"'],
    ['{\n"a" 1}', 2, 'expected ":" after a property name, found "1"'],
    ['{"a": "line\nbreak"}', 1, 'control character or line break inside a string'],
    ['[1, 2', 1, 'unexpected end of input: "]" missing'],
    ['', 1, 'empty input'],
    ['{}\n{}', 2, 'unexpected "{" after the end of the JSON value'],
    ['["\\x"]', 1, 'bad escape "\\x" in a string'],
    ['[tru]', 1, 'unexpected "t"'],
    ['[01]', 1, 'expected "," or "]", found "1"'],
    ['\r\n\r\n[}', 3, 'unexpected "}"'],
  ])('reports %j on line %i', (text, line, message) => {
    expect(scanJson(text)).toEqual({ ok: false, line, message });
    expect(() => JSON.parse(text)).toThrow();
  });

  it('survives very deep nesting', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(scanJson(deep).ok).toBe(true);
  });
});

describe('JSON import', () => {
  const bankFile = {
    $schema: '/schemas/bank.json',
    slug: 'an-toan-so',
    title: { vi: 'An toàn số', en: 'Digital safety' },
    licence: 'CC BY 4.0',
    questions: [tf('Một?', { id: 'q1' }), tf('Hai?', { id: 'q2', difficulty: 3 })],
  };

  it('reads a whole bank file and returns its metadata with defaults', () => {
    const r = parseJsonBank(JSON.stringify(bankFile, null, 2));
    expect(r).toEqual({
      questions: [
        { line: 10, question: q(tf('Một?', { id: 'q1' }) as QuestionInput) },
        { line: 18, question: q(tf('Hai?', { id: 'q2', difficulty: 3 }) as QuestionInput) },
      ],
      skipped: [],
      meta: BankMetaSchema.parse({ slug: 'an-toan-so', title: { vi: 'An toàn số', en: 'Digital safety' }, licence: 'CC BY 4.0' }),
    });
  });

  it('reads {questions: [...]} and a bare array, without metadata, and a BOM', () => {
    expect(parseJsonBank('{"questions": [{"type": "true_false", "prompt": {"vi": "A"}, "answer": false}]}')).toEqual({
      questions: [{ line: 1, question: q({ type: 'true_false', prompt: { vi: 'A' }, answer: false }) }],
      skipped: [],
    });
    expect(parseJsonBank('\uFEFF[\n{"type": "true_false", "prompt": {"vi": "A"}, "answer": false}\n]')).toEqual({
      questions: [{ line: 2, question: q({ type: 'true_false', prompt: { vi: 'A' }, answer: false }) }],
      skipped: [],
    });
  });

  it('normalises NFD text to NFC', () => {
    const r = parseJsonBank(JSON.stringify([tf('Mật khẩu'.normalize('NFD'))]));
    expect(r.questions[0]!.question.prompt.vi).toBe('Mật khẩu');
  });

  it('reports a syntax error once, on the line of the error', () => {
    expect(parseJsonBank('{\n  "questions": [\n    {"type": "true_false",}\n  ]\n}')).toEqual({
      questions: [],
      skipped: [{ line: 3, reason: 'invalid JSON (line 3): expected a property name in double quotes, found "}"' }],
    });
  });

  it('reports each invalid question on the line where its object starts, with the zod paths', () => {
    const text = [
      '[',
      '  { "type": "true_false", "prompt": { "vi": "Tốt" }, "answer": true },',
      '  {',
      '    "type": "single_choice",',
      '    "prompt": { "vi": "" },',
      '    "options": [ { "id": "a", "text": { "vi": "x" } }, { "id": "b", "text": { "vi": "y" } } ],',
      '    "answer": "z"',
      '  },',
      '  { "type": "true_false",',
      '    "prompt": { "vi": "{ \\"not\\": [an object start] }" }, "answer": "yes" },',
      '',
      '  { "type": "essay", "prompt": { "vi": "x" } }, 42',
      ']',
    ].join('\n');
    expect(parseJsonBank(text)).toEqual({
      questions: [{ line: 2, question: q({ type: 'true_false', prompt: { vi: 'Tốt' }, answer: true }) }],
      skipped: [
        { line: 3, reason: 'invalid question: prompt: at least one of vi or en is required; answer: answer must be one of the option ids' },
        { line: 9, reason: 'invalid question: answer: Invalid input: expected boolean, received string' },
        { line: 12, reason: "invalid question: type: Invalid discriminator value. Expected 'single_choice' | 'multiple_choice' | 'true_false' | 'short_answer' | 'ordering' | 'numerical' | 'matching'" },
        { line: 12, reason: 'invalid question: Invalid input: expected object, received number' },
      ],
    });
  });

  it('imports but reports fields the schema does not know, at any depth', () => {
    const r = parseJsonBank(JSON.stringify([{ ...tf('A'), colour: 'red', prompt: { vi: 'A', fr: 'A' } }, { type: 'single_choice', prompt: { vi: 'B' }, options: [{ id: 'a', text: { vi: 'x' }, score: 1 }, { id: 'b', text: { vi: 'y' } }], answer: 'a', scoring: 'partial' }], null, 2));
    expect(r.questions.map((p) => p.line)).toEqual([2, 11]);
    expect(r.skipped).toEqual([
      { line: 2, reason: 'unknown fields ignored: colour, prompt.fr' },
      { line: 11, reason: 'unknown fields ignored: options.0.score, scoring' },
    ]);
  });

  it('reports bad bank metadata on its line and keeps the valid fields', () => {
    const text = '{\n  "slug": "Bad Slug",\n  "title": {"vi": "Tên"},\n  "visibility": "secret",\n  "owner": "x",\n  "questions": []\n}';
    expect(parseJsonBank(text)).toEqual({
      questions: [],
      skipped: [
        { line: 2, reason: 'bank slug: lowercase ASCII letters, digits and "-", 1–64 characters' },
        { line: 4, reason: 'bank visibility: Invalid option: expected one of "private"|"unit"|"public"' },
        { line: 5, reason: 'unknown bank field "owner" ignored' },
      ],
      meta: { title: { vi: 'Tên', en: '' } },
    });
  });

  it('reports duplicate ids on the later question', () => {
    const r = parseJsonBank(`[\n${JSON.stringify(tf('A', { id: 'x' }))},\n${JSON.stringify(tf('B', { id: 'x' }))}\n]`);
    expect(r.questions.map((p) => p.question.prompt.vi)).toEqual(['A']);
    expect(r.skipped).toEqual([{ line: 3, reason: 'duplicate id "x" (first used on line 2)' }]);
  });

  it('refuses a root that is not a bank, and questions that are not a list', () => {
    expect(parseJsonBank('{"type": "true_false"}').skipped).toEqual([
      { line: 1, reason: 'expected a bank file ({"slug": …, "title": …, "questions": […]}), {"questions": […]} or an array of questions' },
    ]);
    expect(parseJsonBank('{\n"questions": {}\n}').skipped).toEqual([{ line: 2, reason: '"questions" must be an array' }]);
  });
});

describe('JSON export', () => {
  it('writes a full bank file with a fixed key order and explicit defaults', () => {
    const r = exportJsonBank({
      meta: { slug: 'x', title: { vi: 'X' } },
      questions: [q({ tags: ['b'], answer: ['Hà Nội'], prompt: { en: 'Capital?' }, type: 'short_answer', id: 's' }), q({ type: 'true_false', prompt: { vi: 'A' }, answer: true, feedback: { correct: { vi: 'Đúng' } } })],
    });
    expect(r).toEqual({
      skipped: [],
      text: `${JSON.stringify(
        {
          $schema: '/schemas/bank.json',
          slug: 'x',
          title: { vi: 'X', en: '' },
          defaultLanguage: 'vi',
          framework: 'vn-tt02-2025',
          visibility: 'private',
          tags: [],
          questions: [
            {
              id: 's',
              type: 'short_answer',
              prompt: { vi: '', en: 'Capital?' },
              answer: ['Hà Nội'],
              matching: { caseSensitive: false, ignoreDiacritics: true, ignoreExtraSpaces: true },
              competences: [],
              gradeBands: [],
              difficulty: 2,
              points: 1,
              tags: ['b'],
            },
            { type: 'true_false', prompt: { vi: 'A', en: '' }, answer: true, feedback: { correct: { vi: 'Đúng', en: '' } }, competences: [], gradeBands: [], difficulty: 2, points: 1, tags: [] },
          ],
        },
        null,
        2,
      )}\n`,
    });
  });

  it('is a fixed point: export → import → export gives the same text', () => {
    const first = exportJsonBank({
      meta: { slug: 'x', title: { vi: 'X', en: 'X' }, description: { vi: 'Mô tả' }, licence: 'CC0', author: 'Sở GD', visibility: 'public', tags: ['a'] },
      questions: [q({ type: 'multiple_choice', prompt: { vi: 'H' }, options: [{ id: 'b', text: { vi: '1' } }, { id: 'a', text: { vi: '2' } }], answer: ['a', 'b'], weights: { a: 50, b: 50 }, scoring: 'partial' })],
    }).text;
    const back = parseJsonBank(first);
    expect(back.skipped).toEqual([]);
    expect(exportJsonBank({ meta: back.meta!, questions: back.questions.map((p) => p.question) }).text).toBe(first);
  });
});
